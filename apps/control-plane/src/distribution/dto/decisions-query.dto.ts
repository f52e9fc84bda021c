import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { OUTCOMES, type Outcome } from '@vigil/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsISO8601, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
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

  @ApiPropertyOptional({ description: 'what the agent enforced, one or several comma-separated: allow, challenge, limit, deny', example: 'challenge,limit' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v.length > 0) : value))
  @IsArray()
  @ArrayMaxSize(OUTCOMES.length)
  @IsIn(OUTCOMES, { each: true })
  outcome?: Outcome[];

  @ApiPropertyOptional({ description: 'only decisions with a reason containing this text (case-insensitive), e.g. new origin' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason_contains?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  decision_id?: string;

  @ApiPropertyOptional({ description: 'the input\'s subject (input.subject, input.subject.id, input.user or input.sub), e.g. alice' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  subject?: string;

  @ApiPropertyOptional({ description: 'only decisions made at this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  revision?: number;

  @ApiPropertyOptional({ description: 'ISO time, inclusive' })
  @IsOptional()
  @IsISO8601()
  since?: string;

  @ApiPropertyOptional({ description: 'ISO time, exclusive' })
  @IsOptional()
  @IsISO8601()
  until?: string;

  @ApiPropertyOptional({
    description: "only decisions the control plane had received before this time (exclusive, microseconds kept): pass a first page's `as_of` back with later pages so that decisions arriving meanwhile do not shift their rows",
    example: '2026-11-23T15:35:00.123456Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'received_before must be an ISO 8601 date-time' })
  received_before?: string;
}
