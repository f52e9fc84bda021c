import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { SCOPES, type Scope } from '../principal';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci-publisher' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'name may contain only letters, digits, ".", "_" and "-"' })
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['author'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes!: Scope[];
}
