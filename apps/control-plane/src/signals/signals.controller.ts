import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { UuidParam } from '../common/id-param';
import { CreateSignalDto, SignalQuery } from './dto/signal.dto';
import { SignalsService } from './signals.service';

@ApiTags('signals')
@ApiBearerAuth()
@Controller('v1/signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Get()
  @Permission('signals.read')
  list(@Query() q: SignalQuery) {
    return this.signals.list(q);
  }

  @Get(':id')
  @Permission('signals.read')
  get(@Param() params: UuidParam) {
    return this.signals.get(params.id);
  }

  @Post()
  @HttpCode(200)
  @Permission('signals.write')
  @ApiOperation({ summary: 'Record a signal about a subject or service (e.g. compromised, non-compliant); a revision every agent applies' })
  put(@CurrentPrincipal() p: Principal, @Body() body: CreateSignalDto) {
    return this.signals.put(p.actor, body);
  }

  @Delete(':id')
  @Permission('signals.write')
  @ApiOperation({ summary: 'Lift a signal' })
  lift(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.signals.lift(p.actor, params.id);
  }
}
