import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module';
import { BundleScopesController } from './bundle-scopes.controller';
import { BundleScopesService } from './bundle-scopes.service';

/** Bundle scopes: which agents get which policies. Writes are revisions made by the Publisher. */
@Module({ imports: [PublishingModule], controllers: [BundleScopesController], providers: [BundleScopesService], exports: [BundleScopesService] })
export class BundleScopesModule {}
