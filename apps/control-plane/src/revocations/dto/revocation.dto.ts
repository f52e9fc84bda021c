import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVOCATION_KINDS, type RevocationKind } from '@vigil/contracts';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ExpiresAtField } from '../../common/expiry';
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

  @ExpiresAtField()
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
