import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission.decorator';
import { RevisionsQuery } from './dto/revisions-query.dto';
import { RevisionsService } from './revisions.service';

@ApiTags('revisions')
@ApiBearerAuth()
@Controller('v1/revisions')
export class RevisionsController {
  constructor(private readonly revisions: RevisionsService) {}

  @Get()
  @Permission('revisions.read')
  @ApiOperation({ summary: 'The revision log after a revision, oldest first, with the current head' })
  async list(@Query() q: RevisionsQuery) {
    const [head, items] = await Promise.all([this.revisions.head(), this.revisions.after(q.after, q.limit)]);
    return { head, items };
  }
}
