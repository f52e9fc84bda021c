import { RiskModule } from '../risk/risk.module';
import { Module } from '@nestjs/common';
import { AgentsGateway } from './agents.gateway';
import { AgentsNamespaceRef } from './agents-namespace';
import { DecisionLogsService } from './decision-logs/decision-logs.service';
import { DistributionController } from './distribution.controller';
import { VIGIL_CONFIG } from '../config/config.module';
import type { VigilConfig } from '../config/config';
import { DISTRIBUTION_OPTIONS } from './distribution-options';
import { AgentAuthService } from './sessions/agent-auth.service';
import { AgentConnectionsService } from './sessions/agent-connections.service';
import { CredentialWatchService } from './sessions/credential-watch.service';
import { CatchUpService } from './stream/catch-up.service';
import { RevisionEventsService } from './stream/revision-events.service';
import { RevisionTailer } from './stream/revision-tailer.service';

/**
 * Push distribution to agents (issue 4): the `/agents` gateway, the revision-log tailer
 * and catch-up, agent connection state and acks, and decision-log ingestion.
 * Needs the global DatabaseModule, RevisionsModule, SigningModule and MetricsModule.
 */
@Module({
  imports: [RiskModule],
  controllers: [DistributionController],
  providers: [
    { provide: DISTRIBUTION_OPTIONS, useFactory: (config: VigilConfig) => config.distribution, inject: [VIGIL_CONFIG] },
    AgentsNamespaceRef,
    AgentsGateway,
    AgentAuthService,
    AgentConnectionsService,
    CredentialWatchService,
    CatchUpService,
    RevisionEventsService,
    RevisionTailer,
    DecisionLogsService,
  ],
  exports: [AgentConnectionsService, CredentialWatchService],
})
export class DistributionModule {}
