import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GRID_COUNTS, gridRatesProjection, ratesFromGridCounts } from '#read-models';
import { statsAnswer } from '../stats-answer.js';
import { ReadModelsService } from '../read-models.service.js';
import { GridStatsQuery } from './grid-stats.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/** The grid rates (按期结案率, 返工率 …): sums of the daily buckets the worker keeps, never a scan of the findings. */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/grid')
export class GridStatsController {
  constructor(@Inject(ReadModelsService) private readonly readModels: ReadModelsService) {}

  @Get()
  @ApiOperation({ summary: 'Counts and rates per unit, grid, category, source, day, week, month or none' })
  stats(@Query() query: GridStatsQuery) {
    return statsAnswer(this.readModels, gridRatesProjection, query, GRID_COUNTS, (counts) =>
      ratesFromGridCounts(counts),
    );
  }
}
