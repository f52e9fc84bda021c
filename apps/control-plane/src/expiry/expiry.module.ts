import { Module } from '@nestjs/common';
import { ExpirySweeper } from './expiry-sweeper';

@Module({ providers: [ExpirySweeper], exports: [ExpirySweeper] })
export class ExpiryModule {}
