import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '#core';
import { Roles } from '../../auth/roles.decorator.js';
import { commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { RequestValidationError } from '../../http/validation.js';
import { isMonth } from './month.js';
import { FreezeMonthRequest } from './scorecard.request.dto.js';
import { ScorecardService } from './scorecard.service.js';

/**
 * 月度通报: a month's figures frozen at a cut-off, stored once in the event store and answered unchanged for ever.
 */
@ApiTags('statistics')
@Roles('admin', 'dispatcher', 'supervisor')
@Controller('stats/snapshots')
export class SnapshotsController {
  constructor(@Inject(ScorecardService) private readonly scorecards: ScorecardService) {}

  @Post()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Freeze a month at a cut-off (default 00:00 of the third working day of the next month): 409 ' +
      'STATS.MONTH_FROZEN when it was frozen before, 422 STATS.CUTOFF_NOT_REACHED before the cut-off',
  })
  async freeze(
    @Body() body: FreezeMonthRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const answer = await this.scorecards.freeze(body.month, body.cutoff, commandMetaFrom(req));
    reply.header('location', `/api/v1/stats/snapshots/${body.month}`);
    return answer;
  }

  @Get()
  @ApiOperation({ summary: 'The frozen months, newest first (month, cut-off, when and by whom)' })
  list() {
    return this.scorecards.snapshots();
  }

  @Get(':month')
  @ApiParam({ name: 'month', example: '2026-03' })
  @ApiOperation({
    summary: "A frozen month's figures as stored: both kinds by every dimension, the scorecard",
  })
  async get(@Param('month') month: string) {
    if (!isMonth(month)) {
      throw new RequestValidationError([{ field: 'month', message: 'month must be a month as in 2026-03' }]);
    }
    const snapshot = await this.scorecards.snapshot(month);
    if (!snapshot) throw new DomainError('SNAPSHOT.NOT_FOUND', 'not-found', `${month} was not frozen`);
    return snapshot;
  }
}
