import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { SCOPE_NAME } from '../../bundle-scopes/scope-selector';
import { PageQuery } from '../../common/pagination';
import { POLICY_ID, POLICY_ID_MESSAGE } from '../policy-set';

const MAX_SOURCE = 1_000_000;

/** A bundle scope name, or `*` for a policy shared by every scope. */
const POLICY_SCOPE = new RegExp(`^(\\*|${SCOPE_NAME.source.slice(1, -1)})$`);
const POLICY_SCOPE_MESSAGE = 'bundleScope must be a bundle scope name (default, or one from /v1/bundle-scopes) or "*" (shared by every scope)';
const scopeDoc = { example: 'default', description: 'Bundle scope: `default`, a scope from /v1/bundle-scopes, or `*` (in every scope\'s bundle). Absent: the policy keeps its scope (new ones: default).' };

export class PolicyIdParam {
  @ApiProperty({ example: 'authz' })
  @Matches(POLICY_ID, { message: `id ${POLICY_ID_MESSAGE}` })
  id!: string;
}

export class PolicyVersionParam extends PolicyIdParam {
  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'version must be a positive integer' })
  @Min(1, { message: 'version must be a positive integer' })
  version!: number;
}

export class PutPolicyDto {
  @ApiProperty({ example: 'package authz\n\ndefault allow := false\n' })
  @IsString()
  @MinLength(1, { message: 'source must not be empty' })
  @MaxLength(MAX_SOURCE, { message: `source must be at most ${MAX_SOURCE} characters` })
  source!: string;

  @ApiPropertyOptional({ example: 'allow editors to publish' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  message?: string;

  @ApiPropertyOptional({ description: 'Refuse with 409 unless the current version is this one (0: the policy must not exist yet)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @ApiPropertyOptional(scopeDoc)
  @IsOptional()
  @Matches(POLICY_SCOPE, { message: POLICY_SCOPE_MESSAGE })
  bundleScope?: string;
}

export class PolicyListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'payments', description: 'Only policies of this bundle scope (`*`: the shared ones)' })
  @IsOptional()
  @Matches(POLICY_SCOPE, { message: POLICY_SCOPE_MESSAGE })
  bundleScope?: string;
}

export class RollbackPolicyDto {
  @ApiProperty({ description: 'The earlier version to publish again', example: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}

export class DiffQuery {
  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiProperty({ example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

export class ProposedPolicyDto {
  @ApiProperty({ example: 'authz' })
  @Matches(POLICY_ID, { message: `id ${POLICY_ID_MESSAGE}` })
  id!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'source must not be empty' })
  @MaxLength(MAX_SOURCE)
  source!: string;

  @ApiPropertyOptional(scopeDoc)
  @IsOptional()
  @Matches(POLICY_SCOPE, { message: POLICY_SCOPE_MESSAGE })
  bundleScope?: string;
}

/** A proposed change to the policy set: sources to add or replace, ids to remove. */
export class PolicySetEditsDto {
  @ApiPropertyOptional({ ...scopeDoc, description: 'Bundle scope for every policy in `policies` that does not name its own' })
  @IsOptional()
  @Matches(POLICY_SCOPE, { message: POLICY_SCOPE_MESSAGE })
  bundleScope?: string;

  @ApiPropertyOptional({ type: [ProposedPolicyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ProposedPolicyDto)
  policies?: ProposedPolicyDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(POLICY_ID, { each: true, message: `each id in remove ${POLICY_ID_MESSAGE}` })
  remove?: string[];
}

/** An atomic publish of several policies (`vigil push`): all of them in one revision, or none. */
export class PublishPolicySetDto extends PolicySetEditsDto {
  @ApiPropertyOptional({ example: 'sync from git 1a2b3c4' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  message?: string;
}
