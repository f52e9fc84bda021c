import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module';
import { EvaluateController } from './evaluate.controller';
import { EvaluateService } from './evaluate.service';

@Module({ imports: [PublishingModule], controllers: [EvaluateController], providers: [EvaluateService] })
export class EvaluateModule {}
