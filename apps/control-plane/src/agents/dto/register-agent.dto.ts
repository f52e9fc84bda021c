import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination';

const IDENT = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;

export class RegisterAgentDto {
  @ApiProperty({ example: 'orders-agent-1' })
  @IsString()
  @Length(1, 128)
  @Matches(IDENT, { message: 'name must be lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  name!: string;

  @ApiProperty({ example: 'orders' })
  @IsString()
  @Length(1, 128)
  @Matches(IDENT, { message: 'service must be lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  service!: string;

  @ApiPropertyOptional({ example: { env: 'prod', region: 'eu' } })
  @IsOptional()
  @IsObject({ message: 'labels must be an object of string values' })
  labels?: Record<string, string>;
}

export class AgentQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  service?: string;
}
