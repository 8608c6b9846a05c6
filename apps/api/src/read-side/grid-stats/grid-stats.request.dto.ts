import { StatsCasesQuery } from '../stats/stats-cases.request.dto.js';
import { StatsPeriodQuery } from '../page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const GRID_GROUP_BY = [
  'none',
  'unit',
  'grid',
  'category',
  'source',
  'inspector',
  'day',
  'week',
  'month',
] as const;
export type GridGroupBy = (typeof GRID_GROUP_BY)[number];

/** GET /stats/grid: a period of Asia/Shanghai days and a grouping. */
export class GridStatsQuery extends StatsPeriodQuery {
  @ApiPropertyOptional({
    enum: GRID_GROUP_BY,
    default: 'none',
    description:
      'category groups by <kind>-<code>; inspector by the inspector who checks (only the check counts have one)',
  })
  @IsOptional()
  @IsIn(GRID_GROUP_BY)
  groupBy?: GridGroupBy;
}

/** GET /stats/grid/cases: one cell of GET /stats/grid. */
export class GridStatsCasesQuery extends StatsCasesQuery {
  @ApiPropertyOptional({ enum: GRID_GROUP_BY, default: 'none' })
  @IsOptional()
  @IsIn(GRID_GROUP_BY)
  groupBy?: GridGroupBy;
}
