import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { UuidParam } from '../common/id-param';
import { AgentsService } from './agents.service';
import { AgentQuery, RegisterAgentDto } from './dto/register-agent.dto';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Post()
  @Permission('agents.register')
  @ApiOperation({ summary: 'Register an agent; its token is in this response only' })
  register(@CurrentPrincipal() p: Principal, @Body() body: RegisterAgentDto) {
    return this.agents.register(p.actor, body);
  }

  @Get()
  @Permission('agents.read')
  @ApiOperation({ summary: 'Agents with status, applied revision and lag' })
  list(@Query() q: AgentQuery) {
    return this.agents.list(q);
  }

  @Get(':id')
  @Permission('agents.read')
  get(@Param() params: UuidParam) {
    return this.agents.get(params.id);
  }

  @Post(':id/token')
  @Permission('agents.register')
  @ApiOperation({ summary: 'Rotate an agent token: the old one is refused and its connections closed at once; the new one is in this response only' })
  rotate(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.agents.rotateToken(p.actor, params.id);
  }

  @Delete(':id')
  @Permission('agents.register')
  deregister(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.agents.deregister(p.actor, params.id);
  }
}
