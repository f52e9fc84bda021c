import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';

export class CreateTransmitterDto {
  @ApiProperty({ example: 'corp-idp' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'name must be lowercase letters, digits, _ . - (at most 64)' })
  name!: string;

  @ApiProperty({ example: 'https://idp.example.com', description: 'the `iss` of its security event tokens' })
  @IsString()
  @Length(1, 512)
  issuer!: string;

  @ApiPropertyOptional({ example: 'https://vigil.example.com', description: 'the `aud` its tokens must carry (checked when set)' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  audience?: string;

  @ApiPropertyOptional({ description: 'its public keys as a JWKS ({keys: [...]}); give this or jwksUri' })
  @IsOptional()
  @IsObject({ message: 'jwks must be a JWKS object {keys: [...]}' })
  jwks?: { keys: Record<string, unknown>[] };

  @ApiPropertyOptional({ example: 'https://idp.example.com/jwks.json', description: 'where its keys are published; give this or jwks' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'jwksUri must be an http(s) URL' })
  jwksUri?: string;

  @ApiPropertyOptional({ example: 900, description: 'how long session-revoked / sessions-revoked events revoke the subject, seconds (default 900)' })
  @IsOptional()
  @IsInt({ message: 'revokeSeconds must be an integer' })
  @Min(1)
  @Max(30 * 24 * 3600)
  revokeSeconds?: number;
}
