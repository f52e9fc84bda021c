import { Global, Module } from '@nestjs/common';
import { KeysController } from './keys.controller';
import { SigningKeysService } from './signing-keys.service';

@Global()
@Module({ controllers: [KeysController], providers: [SigningKeysService], exports: [SigningKeysService] })
export class SigningModule {}
