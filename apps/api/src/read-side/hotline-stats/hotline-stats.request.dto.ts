import { StatsCasesQuery } from '../stats/stats-cases.request.dto.js';
import { StatsPeriodQuery } from '../page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const HOTLINE_GROUP_BY = [
  'none',
  'unit',
  'grid',
  'category',
  'type',
  'channel',
  'day',
  'week',
  'month',
] as const;
export type HotlineGroupBy = (typeof HOTLINE_GROUP_BY)[number];

/** GET /stats/hotline: a period of Asia/Shanghai days and a grouping. */
export class HotlineStatsQuery extends StatsPeriodQuery {
  @ApiPropertyOptional({ enum: HOTLINE_GROUP_BY, default: 'none' })
  @IsOptional()
  @IsIn(HOTLINE_GROUP_BY)
  groupBy?: HotlineGroupBy;
}

/** GET /stats/hotline/cases: one cell of GET /stats/hotline. */
export class HotlineStatsCasesQuery extends StatsCasesQuery {
  @ApiPropertyOptional({ enum: HOTLINE_GROUP_BY, default: 'none' })
  @IsOptional()
  @IsIn(HOTLINE_GROUP_BY)
  groupBy?: HotlineGroupBy;
}
