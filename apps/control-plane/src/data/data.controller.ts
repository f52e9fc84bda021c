import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/pagination';
import { DataService } from './data.service';
import { parseBulkData } from './dto/bulk-data.dto';
import { parseJsonPatch, requireJsonBody } from './dto/json-patch.dto';

@ApiTags('data')
@ApiBearerAuth()
@Controller('v1/data')
export class DataController {
  constructor(private readonly data: DataService) {}

  @Get()
  @Permission('data.read')
  @ApiOperation({ summary: 'List data documents' })
  list(@Query() q: PageQuery) {
    return this.data.list(q);
  }

  @Post('bulk')
  @HttpCode(200)
  @Permission('data.write')
  @ApiOperation({ summary: 'Store many documents in one transaction and one revision, or none (every bad row reported in details.fields)' })
  @ApiBody({ schema: { type: 'object', properties: { documents: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, value: {} } } } } } })
  bulk(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.data.bulkPut(p.actor, parseBulkData(body));
  }

  @Get('*path')
  @Permission('data.read')
  @ApiParam({ name: 'path', example: 'tenants/acme' })
  get(@Param('path') path: string[]) {
    return this.data.get(path);
  }

  @Put('*path')
  @Permission('data.write')
  @ApiOperation({ summary: 'Store a JSON document at a path (creates or replaces); returns the revision' })
  @ApiParam({ name: 'path', example: 'tenants/acme' })
  @ApiBody({ schema: { description: 'any JSON value' } })
  put(@CurrentPrincipal() p: Principal, @Param('path') path: string[], @Body() body: unknown) {
    return this.data.put(p.actor, path, requireJsonBody(body));
  }

  @Patch('*path')
  @Permission('data.write')
  @ApiOperation({ summary: 'Apply a JSON Patch (RFC 6902: add, remove, replace, test) to a document' })
  @ApiParam({ name: 'path', example: 'tenants/acme' })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  patch(@CurrentPrincipal() p: Principal, @Param('path') path: string[], @Body() body: unknown) {
    return this.data.patch(p.actor, path, parseJsonPatch(body));
  }

  @Delete('*path')
  @Permission('data.write')
  @ApiParam({ name: 'path', example: 'tenants/acme' })
  remove(@CurrentPrincipal() p: Principal, @Param('path') path: string[]) {
    return this.data.remove(p.actor, path);
  }
}
