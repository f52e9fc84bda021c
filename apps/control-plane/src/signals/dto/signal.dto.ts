import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RISK_TARGETS, type RiskTarget } from '@vigil/contracts';
import { IsIn, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ExpiresAtField } from '../../common/expiry';
import { PageQuery } from '../../common/pagination';

export const SIGNAL_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

export class CreateSignalDto {
  @ApiProperty({ enum: RISK_TARGETS, example: 'subject' })
  @IsIn(RISK_TARGETS, { message: `target must be one of ${RISK_TARGETS.join(', ')}` })
  target!: RiskTarget;

  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 512)
  value!: string;

  @ApiProperty({ example: 'compromised', description: 'what happened; a later signal with the same target, value and name replaces it' })
  @Matches(SIGNAL_NAME, { message: 'name must be lowercase letters, digits, _ . - (starting with a letter), at most 64' })
  name!: string;

  @ApiProperty({ example: 0.95, minimum: 0, maximum: 1, description: 'how much risk it adds; 0 records a fact without raising risk' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'level must be a number' })
  @Min(0, { message: 'level must be at least 0' })
  @Max(1, { message: 'level must be at most 1' })
  level!: number;

  @ApiPropertyOptional({ example: 'password found in a breach corpus' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  reason?: string;

  @ApiPropertyOptional({ example: { scanner: 'trivy', critical: 3 } })
  @IsOptional()
  @IsObject({ message: 'attributes must be an object' })
  attributes?: Record<string, unknown>;

  @ExpiresAtField()
  expiresAt?: string;
}

export class SignalQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RISK_TARGETS })
  @IsOptional()
  @IsIn(RISK_TARGETS, { message: `target must be one of ${RISK_TARGETS.join(', ')}` })
  target?: RiskTarget;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  value?: string;
}
