import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import { ScorecardQuery } from './scorecard.request.dto.js';
import { ScorecardService } from './scorecard.service.js';

/** 综合得分: the month's units or grids ranked on the weighted rates of RULES_FILE `scorecard`. */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/scorecard')
export class ScorecardController {
  constructor(@Inject(ScorecardService) private readonly scorecards: ScorecardService) {}

  @Get()
  @ApiOperation({
    summary:
      'The month ranked by unit or grid: score, rank, each part and deduction, exclusions, the change (环比); ' +
      '`frozen` says whether the month has a frozen copy (GET /stats/snapshots/{month})',
  })
  scorecard(@Query() query: ScorecardQuery) {
    return this.scorecards.scorecard(query.month, query.groupBy ?? 'unit', query.asOf, query.minPosition);
  }
}
