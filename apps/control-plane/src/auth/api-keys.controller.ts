import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { CurrentPrincipal, Permission } from './permission.decorator';
import type { Principal } from './principal';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Permission('api_keys.manage')
  @ApiOperation({ summary: 'Create an API key; the token is in this response only' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(p.actor, body.name, body.scopes);
  }

  @Get()
  @Permission('api_keys.manage')
  list(@Query() q: PageQuery) {
    return this.apiKeys.list(q);
  }

  @Delete(':id')
  @Permission('api_keys.manage')
  @ApiOperation({ summary: 'Revoke an API key' })
  revoke(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.apiKeys.revoke(p.actor, params.id);
  }
}
