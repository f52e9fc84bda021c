import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ExpiresAtField } from '../../common/expiry';
import { PageQuery } from '../../common/pagination';

// Control characters are refused on purpose: they would corrupt logs and audit output.
// eslint-disable-next-line no-control-regex -- the class lists exactly the characters to refuse
const NAME = /^[^\s\u0000-\u001f]+$/;
const NAME_MESSAGE = (field: string) => `${field} must be non-empty and contain no whitespace or control characters`;

export class RoleBindingDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 256)
  @Matches(NAME, { message: NAME_MESSAGE('subject') })
  subject!: string;

  @ApiProperty({ example: 'editor' })
  @IsString()
  @Length(1, 128)
  @Matches(NAME, { message: NAME_MESSAGE('role') })
  role!: string;

  @ApiPropertyOptional({ example: 'tenant:acme', description: 'Scope or tenant; omit for a global binding' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  @Matches(NAME, { message: NAME_MESSAGE('scope') })
  scope?: string;

  @ExpiresAtField('When the binding stops applying (ISO 8601 with a zone)')
  expiresAt?: string;
}

export class BulkRoleBindingsDto {
  @ApiProperty({ type: [RoleBindingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RoleBindingDto)
  bindings!: RoleBindingDto[];
}

export class RoleBindingQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  subject?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  role?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  scope?: string;
}
