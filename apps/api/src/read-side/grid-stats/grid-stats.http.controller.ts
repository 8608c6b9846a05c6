import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GRID_COUNTS, gridRatesProjection, ratesFromGridCounts } from '#read-models';
import { Redis } from 'ioredis';
import { daysBetween, statsRows, sumBuckets } from '../bucket-stats.js';
import { ReadModelsService } from '../read-models.service.js';
import { GridStatsQuery } from './grid-stats.request.dto.js';

/** The grid rates (按期结案率, 返工率 …): sums of the daily buckets the worker keeps, never a scan of the findings. */
@ApiTags('statistics')
@Controller('stats/grid')
export class GridStatsController {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(Redis) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Counts and rates per unit, grid, category, source, day, week, month or none' })
  async stats(@Query() query: GridStatsQuery) {
    const groupBy = query.groupBy ?? 'none';
    const days = daysBetween(query.from, query.to);
    const ref = this.readModels.ref(gridRatesProjection);
    const fresh = await this.readModels.waitFor(ref, query.minPosition);
    const grouping =
      groupBy === 'none' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month'
        ? groupBy
        : { dimension: groupBy };
    const groups = await sumBuckets(this.readModels, this.redis, ref, days, grouping);
    const rows = statsRows(groups, GRID_COUNTS, (counts) => ratesFromGridCounts(counts));
    return { from: query.from, to: query.to, groupBy, fresh, rows };
  }
}
