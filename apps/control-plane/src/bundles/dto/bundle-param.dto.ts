import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SCOPE_NAME, SCOPE_NAME_MESSAGE } from '../../bundle-scopes/scope-selector';
import { PageQuery } from '../../common/pagination';

export class BundleRevisionParam {
  @ApiProperty({ example: 'latest', description: 'A revision number or "latest"' })
  @Matches(/^(latest|[1-9][0-9]{0,15})$/, { message: 'revision must be a positive integer or "latest"' })
  revision!: string;
}

export function parseBundleRevision(p: BundleRevisionParam): number | 'latest' {
  return p.revision === 'latest' ? 'latest' : Number(p.revision);
}

export class BundleScopeQuery {
  @ApiPropertyOptional({ example: 'default', description: 'The bundle scope (default: `default`)' })
  @IsOptional()
  @Matches(SCOPE_NAME, { message: `scope ${SCOPE_NAME_MESSAGE}` })
  scope?: string;
}

export class BundleListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'payments', description: 'Only this bundle scope\'s bundles (default: every scope)' })
  @IsOptional()
  @Matches(SCOPE_NAME, { message: `scope ${SCOPE_NAME_MESSAGE}` })
  scope?: string;
}
