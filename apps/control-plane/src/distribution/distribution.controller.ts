import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission.decorator';
import { DecisionLogsService } from './decision-logs/decision-logs.service';
import { DecisionsQuery } from './dto/decisions-query.dto';
import { AgentConnectionsService } from './sessions/agent-connections.service';

@ApiTags('distribution')
@ApiBearerAuth()
@Controller('v1')
export class DistributionController {
  constructor(
    private readonly decisions: DecisionLogsService,
    private readonly connections: AgentConnectionsService,
  ) {}

  @Get('decisions')
  @Permission('decisions.read')
  @ApiOperation({ summary: 'Decisions logged by agents (input masked by the agent), newest first' })
  listDecisions(@Query() q: DecisionsQuery) {
    return this.decisions.list(q);
  }

  @Get('distribution/agents')
  @Permission('agents.read')
  @ApiOperation({ summary: 'Every agent with its push connection state, applied revision and lag behind the head' })
  agentStatuses() {
    return this.connections.statuses();
  }
}
