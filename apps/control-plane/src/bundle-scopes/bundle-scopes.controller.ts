import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { BundleScopeNameParam, PutBundleScopeDto } from './dto/bundle-scope.dto';
import { BundleScopesService } from './bundle-scopes.service';

@ApiTags('bundle-scopes')
@ApiBearerAuth()
@Controller('v1/bundle-scopes')
export class BundleScopesController {
  constructor(private readonly scopes: BundleScopesService) {}

  @Get()
  @Permission('bundle_scopes.read')
  @ApiOperation({ summary: 'Bundle scopes in resolution order, `default` last: selectors, policies, latest bundle, agents' })
  list() {
    return this.scopes.list();
  }

  @Get(':name')
  @Permission('bundle_scopes.read')
  get(@Param() p: BundleScopeNameParam) {
    return this.scopes.get(p.name);
  }

  @Put(':name')
  @Permission('bundle_scopes.write')
  @ApiOperation({ summary: 'Create or replace a bundle scope: a revision; agents it now selects move to its bundle (a new scope gets one from the shared policies)' })
  put(@CurrentPrincipal() who: Principal, @Param() p: BundleScopeNameParam, @Body() body: PutBundleScopeDto) {
    return this.scopes.put(who.actor, p.name, body);
  }

  @Delete(':name')
  @Permission('bundle_scopes.write')
  @ApiOperation({ summary: 'Delete an empty bundle scope (409 while policies are in it): its agents move to the scope that selects them next, else default' })
  remove(@CurrentPrincipal() who: Principal, @Param() p: BundleScopeNameParam) {
    return this.scopes.remove(who.actor, p.name);
  }
}
