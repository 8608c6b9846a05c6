import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatsService } from '../stats/stats.service.js';
import { GridStatsResponse, StatsCasesResponse } from '../stats/stats.response.js';
import { GridStatsCasesQuery, GridStatsQuery } from './grid-stats.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/**
 * The grid rates (按期结案率, 返工率 …) counted per finding: sums of the daily buckets the worker keeps, never a scan
 * of the findings, as of any moment of the log; and the findings behind any one count.
 */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/grid')
export class GridStatsController {
  constructor(@Inject(StatsService) private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and rates per unit, grid, category, source, inspector, day, week, month or none',
  })
  @ApiOkResponse({ type: GridStatsResponse })
  answer(@Query() query: GridStatsQuery) {
    return this.stats.answer('grid', query);
  }

  @Get('cases')
  @ApiOperation({
    summary:
      'The findings behind one count of one group: one item per unit of the count, paged (total = the count)',
  })
  @ApiOkResponse({ type: StatsCasesResponse })
  cases(@Query() query: GridStatsCasesQuery) {
    return this.stats.cases('grid', query);
  }
}
