import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HOTLINE_COUNTS, hotlineRatesProjection, ratesFromCounts } from '#read-models';
import { Redis } from 'ioredis';
import { daysBetween, statsRows, sumBuckets } from '../bucket-stats.js';
import { ReadModelsService } from '../read-models.service.js';
import { HotlineStatsQuery } from './hotline-stats.request.dto.js';

/**
 * The hotline rates: sums of the daily buckets the worker keeps (never a scan of the tickets), grouped by a
 * dimension or by period, with every count behind each rate.
 */
@ApiTags('statistics')
@Controller('stats/hotline')
export class HotlineStatsController {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(Redis) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and rates per unit, grid, category, type, channel, day, week, month or none',
  })
  async stats(@Query() query: HotlineStatsQuery) {
    const groupBy = query.groupBy ?? 'none';
    const days = daysBetween(query.from, query.to);
    const ref = this.readModels.ref(hotlineRatesProjection);
    const fresh = await this.readModels.waitFor(ref, query.minPosition);
    const grouping =
      groupBy === 'none' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month'
        ? groupBy
        : { dimension: groupBy };
    const groups = await sumBuckets(this.readModels, this.redis, ref, days, grouping);
    const rows = statsRows(groups, HOTLINE_COUNTS, (counts) => ratesFromCounts(counts));
    return { from: query.from, to: query.to, groupBy, fresh, rows };
  }
}
