import { Module } from '@nestjs/common';
import { DistributionModule } from '../distribution/distribution.module';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';

/** Agent registrations; their connection state comes from the distribution gateway's records. */
@Module({ imports: [DistributionModule], controllers: [AgentsController], providers: [AgentsService], exports: [AgentsService] })
export class AgentsModule {}
