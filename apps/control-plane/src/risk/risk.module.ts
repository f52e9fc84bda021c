import { Module } from '@nestjs/common';
import { RevocationsModule } from '../revocations/revocations.module';
import { SignalsModule } from '../signals/signals.module';
import { ContainmentService } from './containment.service';
import { FleetRiskService } from './fleet-risk.service';
import { RiskAggregator } from './risk-aggregator.service';
import { RiskController } from './risk.controller';
import { RiskReportsService } from './risk-reports.service';
import { RISK_OPTIONS } from './risk-options';
import type { VigilConfig } from '../config/config';
import { VIGIL_CONFIG } from '../config/config.module';

/**
 * Fleet risk (issue 7): agents' reports in (through the gateway), the aggregate out as
 * `risk` revisions, containment rules and their automatic, reversible actions.
 */
@Module({
  imports: [RevocationsModule, SignalsModule],
  controllers: [RiskController],
  providers: [
    { provide: RISK_OPTIONS, inject: [VIGIL_CONFIG], useFactory: (c: VigilConfig) => c.risk },
    RiskReportsService,
    RiskAggregator,
    ContainmentService,
    FleetRiskService,
  ],
  exports: [RiskReportsService],
})
export class RiskModule {}
