import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { UuidParam } from '../common/id-param';
import { CreateRevocationDto, RevocationQuery } from './dto/revocation.dto';
import { RevocationsService } from './revocations.service';

@ApiTags('revocations')
@ApiBearerAuth()
@Controller('v1/revocations')
export class RevocationsController {
  constructor(private readonly revocations: RevocationsService) {}

  @Get()
  @Permission('revocations.read')
  list(@Query() q: RevocationQuery) {
    return this.revocations.list(q);
  }

  @Get(':id')
  @Permission('revocations.read')
  get(@Param() params: UuidParam) {
    return this.revocations.get(params.id);
  }

  @Post()
  @HttpCode(200)
  @Permission('revocations.write')
  @ApiOperation({ summary: 'Revoke a subject, token id, session or service; returns the revision' })
  revoke(@CurrentPrincipal() p: Principal, @Body() body: CreateRevocationDto) {
    return this.revocations.revoke(p.actor, body);
  }

  @Delete(':id')
  @Permission('revocations.write')
  @ApiOperation({ summary: 'Lift a revocation' })
  lift(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.revocations.lift(p.actor, params.id);
  }
}
