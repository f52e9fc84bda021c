import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { UuidParam } from '../common/id-param';
import { BulkRoleBindingsDto, RoleBindingDto, RoleBindingQuery } from './dto/role-binding.dto';
import { RoleBindingsService } from './role-bindings.service';

@ApiTags('role-bindings')
@ApiBearerAuth()
@Controller('v1/role-bindings')
export class RoleBindingsController {
  constructor(private readonly bindings: RoleBindingsService) {}

  @Get()
  @Permission('role_bindings.read')
  list(@Query() q: RoleBindingQuery) {
    return this.bindings.list(q);
  }

  @Get(':id')
  @Permission('role_bindings.read')
  get(@Param() params: UuidParam) {
    return this.bindings.get(params.id);
  }

  @Post()
  @HttpCode(200)
  @Permission('role_bindings.write')
  @ApiOperation({ summary: 'Create or update the binding of (subject, role, scope); returns the revision' })
  upsert(@CurrentPrincipal() p: Principal, @Body() body: RoleBindingDto) {
    return this.bindings.upsert(p.actor, body);
  }

  @Post('bulk')
  @HttpCode(200)
  @Permission('role_bindings.write')
  @ApiOperation({ summary: 'Upsert many bindings in one transaction and one revision' })
  bulk(@CurrentPrincipal() p: Principal, @Body() body: BulkRoleBindingsDto) {
    return this.bindings.bulkUpsert(p.actor, body.bindings);
  }

  @Delete(':id')
  @Permission('role_bindings.write')
  remove(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.bindings.remove(p.actor, params.id);
  }
}
