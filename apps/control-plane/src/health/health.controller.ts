import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/permission.decorator';
import { DatabaseConnection } from '../database/database-connection';
import { RevisionFeed } from '../revisions/revision-feed';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: DatabaseConnection,
    private readonly feed: RevisionFeed,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, 503 otherwise' })
  async ready(@Res() res: Response): Promise<void> {
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
      res.status(200).json({ status: 'ok', database: { kind: this.connection.kind, status: 'up', latencyMs: Math.round(performance.now() - started) }, head: this.feed.head });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', database: { kind: this.connection.kind, status: 'down', error: (e as Error).message } });
    }
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests' })
  live() {
    return { status: 'ok' };
  }
}
