import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { CaseStreamController } from './case-stream/case-stream.http.controller.js';
import { CaseStreamService } from './case-stream/case-stream.service.js';
import { GridStatsController } from './grid-stats/grid-stats.http.controller.js';
import { HotlineStatsController } from './hotline-stats/hotline-stats.http.controller.js';
import { ListAlertsController } from './list-alerts/list-alerts.http.controller.js';
import { ListShopsController } from './list-shops/list-shops.http.controller.js';
import { ListFindingsController } from './list-findings/list-findings.http.controller.js';
import { ListTicketsController } from './list-tickets/list-tickets.http.controller.js';
import { ReadModelsService } from './read-models.service.js';
import { ScorecardController } from './scorecard/scorecard.http.controller.js';
import { ScorecardService } from './scorecard/scorecard.service.js';
import { SnapshotsController } from './scorecard/snapshots.http.controller.js';
import { StatsService } from './stats/stats.service.js';

/** Queries answered from the read models in Redis (kept by the worker), never from the event store. */
@Module({
  imports: [DirectoryModule, AuthModule],
  controllers: [
    ListTicketsController,
    ListFindingsController,
    HotlineStatsController,
    GridStatsController,
    CaseStreamController,
    ListShopsController,
    ListAlertsController,
    ScorecardController,
    SnapshotsController,
  ],
  providers: [ReadModelsService, CaseStreamService, StatsService, ScorecardService],
  exports: [ReadModelsService, StatsService],
})
export class ReadSideModule {}
