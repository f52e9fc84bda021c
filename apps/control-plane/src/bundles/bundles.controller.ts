import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '../auth/permission.decorator';
import { BundlesService } from './bundles.service';
import { BundleListQuery, BundleRevisionParam, BundleScopeQuery, parseBundleRevision } from './dto/bundle-param.dto';

@ApiTags('bundles')
@ApiBearerAuth()
@Controller('v1/bundles')
export class BundlesController {
  constructor(private readonly bundles: BundlesService) {}

  @Get()
  @Permission('bundles.read')
  list(@Query() q: BundleListQuery) {
    return this.bundles.list(q);
  }

  @Get(':revision')
  @Permission('bundles.read')
  get(@Param() p: BundleRevisionParam, @Query() q: BundleScopeQuery) {
    return this.bundles.get(parseBundleRevision(p), q.scope);
  }

  @Get(':revision/download')
  @Permission('bundles.read')
  @ApiProduces('application/gzip')
  @ApiOperation({ summary: 'The signed bundle archive (OPA layout, tar.gz) of a bundle scope (?scope=, default `default`)' })
  async download(@Param() p: BundleRevisionParam, @Query() q: BundleScopeQuery, @Res() res: Response): Promise<void> {
    const b = await this.bundles.archive(parseBundleRevision(p), q.scope);
    res
      .status(200)
      .set({
        'Content-Type': 'application/gzip',
        'Content-Disposition': `attachment; filename="bundle-${b.scope === 'default' ? '' : `${b.scope}-`}${b.revision}.tar.gz"`,
        'X-Vigil-Revision': String(b.revision),
        'X-Vigil-Bundle-Sha256': b.sha256,
        'X-Vigil-Bundle-Scope': b.scope,
      })
      .send(b.archive);
  }
}
