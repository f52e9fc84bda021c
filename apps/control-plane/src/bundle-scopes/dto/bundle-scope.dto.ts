import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { SCOPE_NAME, SCOPE_NAME_MESSAGE } from '../scope-selector';

const SERVICE = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;

export class BundleScopeNameParam {
  @ApiProperty({ example: 'payments' })
  @Matches(SCOPE_NAME, { message: `name ${SCOPE_NAME_MESSAGE}` })
  name!: string;
}

/** A bundle scope's selector: agents of any of `services` that carry every label in `labels`. */
export class PutBundleScopeDto {
  @ApiPropertyOptional({ example: ['payments', 'billing'], description: 'Agents of any of these services (empty or absent: any service, if labels are given)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(SERVICE, { each: true, message: 'each service must be lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  services?: string[];

  @ApiPropertyOptional({ example: { env: 'prod' }, description: 'Agents carrying every one of these labels. Neither services nor labels: the scope selects no agent yet' })
  @IsOptional()
  @IsObject({ message: 'labels must be an object of string values' })
  labels?: Record<string, string>;

  @ApiPropertyOptional({ example: 10, description: 'When several scopes select an agent, the highest priority wins (then the name that sorts first)' })
  @IsOptional()
  @IsInt({ message: 'priority must be an integer' })
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({ example: 'payment services get only the payment policies' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  description?: string;

  @ApiPropertyOptional({ description: 'Refuse with 409 unless the scope was last changed at this revision (0: it must not exist yet)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}
