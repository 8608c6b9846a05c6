import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatsService } from '../stats/stats.service.js';
import { HotlineStatsResponse, StatsCasesResponse } from '../stats/stats.response.js';
import { HotlineStatsCasesQuery, HotlineStatsQuery } from './hotline-stats.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/**
 * The hotline rates: sums of the daily buckets the worker keeps (never a scan of the tickets), grouped by a
 * dimension or by period, with every count behind each rate, the exclusions (考核剔除) applied, as of any moment
 * of the log; and the cases behind any one count.
 */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/hotline')
export class HotlineStatsController {
  constructor(@Inject(StatsService) private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and rates per unit, grid, category, type, channel, day, week, month or none',
  })
  @ApiOkResponse({ type: HotlineStatsResponse })
  answer(@Query() query: HotlineStatsQuery) {
    return this.stats.answer('hotline', query);
  }

  @Get('cases')
  @ApiOperation({
    summary:
      'The tickets behind one count of one group: one item per unit of the count, paged (total = the count)',
  })
  @ApiOkResponse({ type: StatsCasesResponse })
  cases(@Query() query: HotlineStatsCasesQuery) {
    return this.stats.cases('hotline', query);
  }
}
