import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission.decorator';
import { EvaluateDto } from './dto/evaluate.dto';
import { EvaluateService } from './evaluate.service';

@ApiTags('evaluate')
@ApiBearerAuth()
@Controller('v1/evaluate')
export class EvaluateController {
  constructor(private readonly evaluator: EvaluateService) {}

  @Post()
  @HttpCode(200)
  @Permission('evaluate')
  @ApiOperation({ summary: 'Compile the current or a proposed policy set and evaluate a query with an input' })
  evaluate(@Body() body: EvaluateDto) {
    return this.evaluator.evaluate(body);
  }
}
