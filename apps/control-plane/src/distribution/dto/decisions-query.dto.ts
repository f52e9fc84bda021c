import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination';

/** Filters of GET /v1/decisions (newest first). */
export class DecisionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only decisions of this agent' })
  @IsOptional()
  @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ description: 'entrypoint or surface, e.g. authz/allow' })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  allowed?: boolean;

  @ApiPropertyOptional({ description: 'why the agent denied: revoked, stale, revision_unavailable, no_policy, policy_error' })
  @IsOptional()
  @IsString()
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  decision_id?: string;

  @ApiPropertyOptional({ description: 'ISO time, inclusive' })
  @IsOptional()
  @IsISO8601()
  since?: string;

  @ApiPropertyOptional({ description: 'ISO time, exclusive' })
  @IsOptional()
  @IsISO8601()
  until?: string;
}
