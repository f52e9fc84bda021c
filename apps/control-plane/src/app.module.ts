import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AgentsModule } from './agents/agents.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BundlesModule } from './bundles/bundles.module';
import { BundleScopesModule } from './bundle-scopes/bundle-scopes.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { RevisionHeaderInterceptor } from './common/revision-header.interceptor';
import type { VigilConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DataModule } from './data/data.module';
import { DistributionModule } from './distribution/distribution.module';
import { DatabaseModule } from './database/database.module';
import { EvaluateModule } from './evaluate/evaluate.module';
import { ExpiryModule } from './expiry/expiry.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PoliciesModule } from './policies/policies.module';
import { RevisionsModule } from './revisions/revisions.module';
import { RevocationsModule } from './revocations/revocations.module';
import { RiskModule } from './risk/risk.module';
import { SignalsModule } from './signals/signals.module';
import { RoleBindingsModule } from './role-bindings/role-bindings.module';
import { SigningModule } from './signing/signing.module';
import { UiModule } from './ui/ui.module';

/** The control plane. Built from a validated config so tests can run several side by side. */
@Module({})
export class AppModule {
  static forRoot(config: VigilConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        MetricsModule,
        RevisionsModule,
        SigningModule,
        AuthModule,
        PoliciesModule,
        BundlesModule,
        BundleScopesModule,
        DataModule,
        RoleBindingsModule,
        RevocationsModule,
        SignalsModule,
        RiskModule,
        AgentsModule,
        DistributionModule,
        AuditModule,
        EvaluateModule,
        ExpiryModule,
        HealthModule,
        UiModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: RevisionHeaderInterceptor },
      ],
    };
  }
}
