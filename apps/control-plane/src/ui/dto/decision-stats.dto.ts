import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `GET /v1/ui/decision-stats?minutes=&bucket=`: the window to chart and its bucket size. */
export class DecisionStatsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1440, default: 15, description: 'How far back, in minutes' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes: number = 15;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, default: 10, description: 'Bucket size in seconds' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  bucket: number = 10;
}
