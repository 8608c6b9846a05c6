import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { BikeController } from './bike/bike.http.controller.js';
import { CatalogueController } from './catalogue/catalogue.http.controller.js';
import { FindingLifecycleController } from './finding-lifecycle.http.controller.js';
import { GetFindingController } from './get-finding/get-finding.http.controller.js';
import { GetFindingHandler } from './get-finding/get-finding.handler.js';
import { ReportFindingController } from './report-finding/report-finding.http.controller.js';
import { RunGridCommandHandler } from './run-grid-command/run-grid-command.handler.js';
import { ShopCardController } from './shop-card/shop-card.http.controller.js';
import { TagBikeController } from './tag-bike/tag-bike.http.controller.js';

/** Grid patrol findings, shop cards (红黄牌) and bikes awaiting removal. */
@Module({
  imports: [DirectoryModule, CalendarModule],
  controllers: [
    ReportFindingController,
    FindingLifecycleController,
    GetFindingController,
    ShopCardController,
    TagBikeController,
    BikeController,
    CatalogueController,
  ],
  providers: [RunGridCommandHandler, GetFindingHandler],
})
export class GridModule {}
