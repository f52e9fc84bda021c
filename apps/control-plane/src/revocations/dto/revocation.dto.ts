import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVOCATION_KINDS, type RevocationKind } from '@vigil/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class CreateRevocationDto {
  @ApiProperty({ enum: REVOCATION_KINDS, example: 'subject' })
  @IsIn(REVOCATION_KINDS, { message: `kind must be one of ${REVOCATION_KINDS.join(', ')}` })
  kind!: RevocationKind;

  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 512)
  value!: string;

  @ApiPropertyOptional({ example: 'laptop stolen' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  reason?: string;

  @ApiPropertyOptional({ example: '2030-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' })
  expiresAt?: string;
}

export class RevocationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REVOCATION_KINDS })
  @IsOptional()
  @IsIn(REVOCATION_KINDS, { message: `kind must be one of ${REVOCATION_KINDS.join(', ')}` })
  kind?: RevocationKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  value?: string;
}
