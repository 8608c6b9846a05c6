import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { StatsPeriodQuery } from '../page.query.js';

/**
 * GET /stats/:kind/cases: one cell of a statistics answer (a count, a grouping and its group, a period), and the
 * page of the cases behind it.
 */
export class StatsCasesQuery extends StatsPeriodQuery {
  @ApiProperty({ description: 'The count of the cell, as in the answer’s `counts` (e.g. satisfied)' })
  @IsString()
  @MaxLength(60)
  count!: string;

  @ApiPropertyOptional({ description: 'The group of the cell (a unit id, a day, 2026-03 …); `all` for none' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  group?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
