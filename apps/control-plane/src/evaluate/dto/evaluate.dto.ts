import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';
import { PolicySetEditsDto } from '../../policies/dto/policy.dto';

/** The playground: evaluate a query or an entrypoint against the current or a proposed policy set. */
export class EvaluateDto extends PolicySetEditsDto {
  @ApiPropertyOptional({ example: 'data.authz.allow', description: 'A Rego query; give this or entrypoint' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  query?: string;

  @ApiPropertyOptional({ example: 'authz/allow', description: 'An entrypoint; give this or query' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  entrypoint?: string;

  @ApiPropertyOptional({ description: 'The input document (any JSON)' })
  @IsOptional()
  input?: unknown;

  @ApiPropertyOptional({ description: 'Replaces the stored data for this evaluation' })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
