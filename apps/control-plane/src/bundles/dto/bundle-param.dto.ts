import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class BundleRevisionParam {
  @ApiProperty({ example: 'latest', description: 'A revision number or "latest"' })
  @Matches(/^(latest|[1-9][0-9]{0,15})$/, { message: 'revision must be a positive integer or "latest"' })
  revision!: string;
}

export function parseBundleRevision(p: BundleRevisionParam): number | 'latest' {
  return p.revision === 'latest' ? 'latest' : Number(p.revision);
}
