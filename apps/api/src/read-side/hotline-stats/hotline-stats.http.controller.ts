import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HOTLINE_COUNTS, hotlineRatesProjection, ratesFromCounts } from '#read-models';
import { statsAnswer } from '../stats-answer.js';
import { ReadModelsService } from '../read-models.service.js';
import { HotlineStatsQuery } from './hotline-stats.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/**
 * The hotline rates: sums of the daily buckets the worker keeps (never a scan of the tickets), grouped by a
 * dimension or by period, with every count behind each rate.
 */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/hotline')
export class HotlineStatsController {
  constructor(@Inject(ReadModelsService) private readonly readModels: ReadModelsService) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and rates per unit, grid, category, type, channel, day, week, month or none',
  })
  stats(@Query() query: HotlineStatsQuery) {
    return statsAnswer(this.readModels, hotlineRatesProjection, query, HOTLINE_COUNTS, (counts) =>
      ratesFromCounts(counts),
    );
  }
}
