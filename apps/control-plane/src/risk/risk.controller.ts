import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { UuidParam } from '../common/id-param';
import { ContainmentService } from './containment.service';
import { ContainmentActionQuery, CreateContainmentRuleDto, FleetRiskQuery, UpdateContainmentRuleDto } from './dto/containment-rule.dto';
import { FleetRiskService } from './fleet-risk.service';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1/risk')
export class RiskController {
  constructor(
    private readonly fleet: FleetRiskService,
    private readonly containment: ContainmentService,
  ) {}

  @Get('fleet')
  @Permission('risk.read')
  @ApiOperation({ summary: 'Fleet risk by subject and service, highest first, with reasons and the agents reporting' })
  list(@Query() q: FleetRiskQuery) {
    return this.fleet.list(q);
  }

  @Get('rules')
  @Permission('risk.read')
  rules() {
    return this.containment.listRules();
  }

  @Post('rules')
  @HttpCode(201)
  @Permission('risk.write')
  @ApiOperation({ summary: 'Add a containment rule, e.g. revoke a subject for 900 s when its fleet risk exceeds 0.9' })
  createRule(@CurrentPrincipal() p: Principal, @Body() body: CreateContainmentRuleDto) {
    return this.containment.createRule(p.actor, body);
  }

  @Put('rules/:id')
  @Permission('risk.write')
  updateRule(@CurrentPrincipal() p: Principal, @Param() params: UuidParam, @Body() body: UpdateContainmentRuleDto) {
    return this.containment.updateRule(p.actor, params.id, body);
  }

  @Delete('rules/:id')
  @Permission('risk.write')
  deleteRule(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.containment.deleteRule(p.actor, params.id);
  }

  @Get('actions')
  @Permission('risk.read')
  @ApiOperation({ summary: 'Automatic containment actions, newest first' })
  actions(@Query() q: ContainmentActionQuery) {
    return this.containment.listActions(q);
  }

  @Post('actions/:id/revert')
  @HttpCode(200)
  @Permission('risk.write')
  @ApiOperation({ summary: 'Revert an automatic action (lifts its revocation or signal); a revision' })
  revert(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.containment.revert(p.actor, params.id);
  }
}
