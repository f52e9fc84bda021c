import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'api-key:bootstrap-admin' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  actor?: string;

  @ApiPropertyOptional({ example: 'policy:authz', description: 'Exact resource, or a prefix ending in ":" (e.g. "policy:")' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  resource?: string;

  @ApiPropertyOptional({ example: 'policy.publish' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;

  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ description: 'Before this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string;
}
