import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/permission.decorator';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('keys')
@Controller('v1/keys')
export class KeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public keys that verify bundle and event signatures (JWKS, Ed25519)' })
  list() {
    return this.keys.publicKeys();
  }
}
