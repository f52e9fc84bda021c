import { Module } from '@nestjs/common';
import { RevocationsModule } from '../revocations/revocations.module';
import { SetReceiverService } from './set/set-receiver.service';
import { SharedSignalsController } from './set/shared-signals.controller';
import { TransmittersService } from './set/transmitters.service';
import { SignalsController } from './signals.controller';
import { SignalsService } from './signals.service';

/** Signals about subjects and services: the API, and OpenID Shared Signals (CAEP/RISC) from configured transmitters. */
@Module({
  imports: [RevocationsModule],
  controllers: [SignalsController, SharedSignalsController],
  providers: [SignalsService, TransmittersService, SetReceiverService],
  exports: [SignalsService],
})
export class SignalsModule {}
