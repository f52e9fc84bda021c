import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicyWriter } from './policy-writer.service';

@Module({ imports: [PublishingModule], controllers: [PoliciesController], providers: [PoliciesService, PolicyWriter], exports: [PoliciesService] })
export class PoliciesModule {}
