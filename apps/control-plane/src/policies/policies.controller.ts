import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission } from '../auth/permission.decorator';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/pagination';
import { DryRunService } from '../publishing/dry-run.service';
import { DiffQuery, PolicyIdParam, PolicyListQuery, PolicySetEditsDto, PolicyVersionParam, PublishPolicySetDto, PutPolicyDto, RollbackPolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';
import { PolicyWriter } from './policy-writer.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly writer: PolicyWriter,
    private readonly dryRuns: DryRunService,
  ) {}

  @Get()
  @Permission('policies.read')
  list(@Query() q: PolicyListQuery) {
    return this.policies.list(q);
  }

  @Post('dry-run')
  @HttpCode(200)
  @Permission('policies.write')
  @ApiOperation({ summary: 'Compile and test a proposed change to the policy set without publishing (200 with ok=false on errors)' })
  dryRun(@Body() body: PolicySetEditsDto) {
    return this.dryRuns.dryRun({ upsert: body.policies?.map((p) => ({ ...p, bundleScope: p.bundleScope ?? body.bundleScope })), remove: body.remove });
  }

  @Post('publish')
  @HttpCode(200)
  @Permission('policies.write')
  @ApiOperation({ summary: 'Publish several policies (and removals) atomically: one revision, or 422 and nothing published' })
  publishSet(@CurrentPrincipal() who: Principal, @Body() body: PublishPolicySetDto) {
    return this.writer.publishSet(who.actor, body);
  }

  @Get(':id')
  @Permission('policies.read')
  get(@Param() p: PolicyIdParam) {
    return this.policies.get(p.id);
  }

  @Put(':id')
  @Permission('policies.write')
  @ApiOperation({ summary: 'Create or replace a policy and publish the set: 200 with the revision, 422 with diagnostics or failing tests' })
  put(@CurrentPrincipal() who: Principal, @Param() p: PolicyIdParam, @Body() body: PutPolicyDto) {
    return this.writer.put(who.actor, p.id, body);
  }

  @Delete(':id')
  @Permission('policies.write')
  @ApiOperation({ summary: 'Delete a policy and publish the set without it' })
  remove(@CurrentPrincipal() who: Principal, @Param() p: PolicyIdParam) {
    return this.writer.remove(who.actor, p.id);
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @Permission('policies.write')
  @ApiOperation({ summary: 'Publish an earlier version again, as a new version and revision' })
  rollback(@CurrentPrincipal() who: Principal, @Param() p: PolicyIdParam, @Body() body: RollbackPolicyDto) {
    return this.writer.rollback(who.actor, p.id, body.version);
  }

  @Get(':id/versions')
  @Permission('policies.read')
  versions(@Param() p: PolicyIdParam, @Query() q: PageQuery) {
    return this.policies.versions(p.id, q);
  }

  @Get(':id/versions/:version')
  @Permission('policies.read')
  version(@Param() p: PolicyVersionParam) {
    return this.policies.version(p.id, p.version);
  }

  @Get(':id/diff')
  @Permission('policies.read')
  @ApiOperation({ summary: 'Unified diff between two versions' })
  diff(@Param() p: PolicyIdParam, @Query() q: DiffQuery) {
    return this.policies.diff(p.id, q.from, q.to);
  }
}
