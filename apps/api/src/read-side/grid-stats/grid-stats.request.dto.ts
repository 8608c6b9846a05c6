import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const GRID_GROUP_BY = ['none', 'unit', 'grid', 'category', 'source', 'day', 'week', 'month'] as const;
export type GridGroupBy = (typeof GRID_GROUP_BY)[number];

const DAY = /^\d{4}-\d\d-\d\d$/;

/** GET /stats/grid: a period of Asia/Shanghai days and a grouping. */
export class GridStatsQuery {
  @ApiProperty({ example: '2026-03-01', description: 'First day (Asia/Shanghai), inclusive' })
  @Matches(DAY, { message: 'from must be a day as in 2026-03-01' })
  from!: string;

  @ApiProperty({
    example: '2026-03-31',
    description: 'Last day (Asia/Shanghai), inclusive; at most 366 days',
  })
  @Matches(DAY, { message: 'to must be a day as in 2026-03-31' })
  to!: string;

  @ApiPropertyOptional({
    enum: GRID_GROUP_BY,
    default: 'none',
    description: 'category groups by <kind>-<code>',
  })
  @IsOptional()
  @IsIn(GRID_GROUP_BY)
  groupBy?: GridGroupBy;

  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the counts have applied this log position' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  minPosition?: string;
}
