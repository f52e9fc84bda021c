import { Global, Module } from '@nestjs/common';
import { RevisionFeed } from './revision-feed';
import { RevisionsController } from './revisions.controller';
import { RevisionsService } from './revisions.service';

/** The ordered history every change goes through, and the wake-up feed across replicas. */
@Global()
@Module({
  controllers: [RevisionsController],
  providers: [RevisionsService, RevisionFeed],
  exports: [RevisionsService, RevisionFeed],
})
export class RevisionsModule {}
