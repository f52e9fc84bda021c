import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PublishingModule } from '../publishing/publishing.module';
import { AdminAuthorizer } from './admin-authorizer';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { BootstrapAdmin } from './bootstrap-admin';

/** API keys, the bootstrap admin, and the global guard that authenticates and authorizes every request. */
@Global()
@Module({
  imports: [PublishingModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, AdminAuthorizer, BootstrapAdmin, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
