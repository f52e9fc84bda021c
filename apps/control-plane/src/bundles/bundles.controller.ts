import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '../auth/permission.decorator';
import { PageQuery } from '../common/pagination';
import { BundlesService } from './bundles.service';
import { BundleRevisionParam, parseBundleRevision } from './dto/bundle-param.dto';

@ApiTags('bundles')
@ApiBearerAuth()
@Controller('v1/bundles')
export class BundlesController {
  constructor(private readonly bundles: BundlesService) {}

  @Get()
  @Permission('bundles.read')
  list(@Query() q: PageQuery) {
    return this.bundles.list(q);
  }

  @Get(':revision')
  @Permission('bundles.read')
  get(@Param() p: BundleRevisionParam) {
    return this.bundles.get(parseBundleRevision(p));
  }

  @Get(':revision/download')
  @Permission('bundles.read')
  @ApiProduces('application/gzip')
  @ApiOperation({ summary: 'The signed bundle archive (OPA layout, tar.gz)' })
  async download(@Param() p: BundleRevisionParam, @Res() res: Response): Promise<void> {
    const b = await this.bundles.archive(parseBundleRevision(p));
    res
      .status(200)
      .set({
        'Content-Type': 'application/gzip',
        'Content-Disposition': `attachment; filename="bundle-${b.revision}.tar.gz"`,
        'X-Vigil-Revision': String(b.revision),
        'X-Vigil-Bundle-Sha256': b.sha256,
      })
      .send(b.archive);
  }
}
