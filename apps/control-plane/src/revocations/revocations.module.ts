import { Module } from '@nestjs/common';
import { RevocationsController } from './revocations.controller';
import { RevocationsService } from './revocations.service';

@Module({ controllers: [RevocationsController], providers: [RevocationsService], exports: [RevocationsService] })
export class RevocationsModule {}
