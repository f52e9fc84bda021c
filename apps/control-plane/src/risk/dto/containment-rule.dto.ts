import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RISK_TARGETS, type RiskTarget } from '@vigil/contracts';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { CONTAINMENT_ACTIONS, type ContainmentActionKind } from '../containment-rule.entity';

export class CreateContainmentRuleDto {
  @ApiProperty({ example: 'contain-risky-subjects' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'name must be lowercase letters, digits, _ . - (at most 64)' })
  name!: string;

  @ApiProperty({ enum: RISK_TARGETS, example: 'subject' })
  @IsIn(RISK_TARGETS, { message: `target must be one of ${RISK_TARGETS.join(', ')}` })
  target!: RiskTarget;

  @ApiProperty({ example: 0.9, description: 'fires when the fleet risk exceeds this' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  @Min(0, { message: 'threshold must be at least 0' })
  @Max(0.999, { message: 'threshold must be below 1' })
  threshold!: number;

  @ApiProperty({ enum: CONTAINMENT_ACTIONS, example: 'revoke', description: 'revoke the subject/service, or raise a `contained` signal' })
  @IsIn(CONTAINMENT_ACTIONS, { message: `action must be one of ${CONTAINMENT_ACTIONS.join(', ')}` })
  action!: ContainmentActionKind;

  @ApiProperty({ example: 900, description: 'how long the action lasts, seconds' })
  @IsInt({ message: 'durationSeconds must be an integer' })
  @Min(1, { message: 'durationSeconds must be at least 1' })
  @Max(30 * 24 * 3600, { message: 'durationSeconds must be at most 30 days' })
  durationSeconds!: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be a boolean' })
  enabled?: boolean;
}

export class UpdateContainmentRuleDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  @Min(0, { message: 'threshold must be at least 0' })
  @Max(0.999, { message: 'threshold must be below 1' })
  threshold?: number;

  @ApiPropertyOptional({ enum: CONTAINMENT_ACTIONS })
  @IsOptional()
  @IsIn(CONTAINMENT_ACTIONS, { message: `action must be one of ${CONTAINMENT_ACTIONS.join(', ')}` })
  action?: ContainmentActionKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'durationSeconds must be an integer' })
  @Min(1, { message: 'durationSeconds must be at least 1' })
  @Max(30 * 24 * 3600, { message: 'durationSeconds must be at most 30 days' })
  durationSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'enabled must be a boolean' })
  enabled?: boolean;
}

export class FleetRiskQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RISK_TARGETS })
  @IsOptional()
  @IsIn(RISK_TARGETS, { message: `target must be one of ${RISK_TARGETS.join(', ')}` })
  target?: RiskTarget;
}

export class ContainmentActionQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only actions about this subject or service' })
  @IsOptional()
  @Matches(/^.{1,512}$/, { message: 'value must be 1 to 512 characters' })
  value?: string;
}
