import { Module } from '@nestjs/common';
import { DemoDirectorySeed } from './demo-seed.js';
import { DirectoryService } from './directory.service.js';
import { ListGridsController } from './list-grids/list-grids.http.controller.js';
import { ListGridsHandler } from './list-grids/list-grids.handler.js';
import { ListUnitsController } from './list-units/list-units.http.controller.js';
import { ListUnitsHandler } from './list-units/list-units.handler.js';
import { RegisterGridController } from './register-grid/register-grid.http.controller.js';
import { RegisterGridHandler } from './register-grid/register-grid.handler.js';
import { RegisterUnitController } from './register-unit/register-unit.http.controller.js';
import { RegisterUnitHandler } from './register-unit/register-unit.handler.js';

/**
 * The street's units and grids: admin registration, the lists every client reads, the demo street. (The accounts'
 * routes are registered by the AuthModule: changing an account ends its sessions.)
 */
@Module({
  controllers: [RegisterUnitController, RegisterGridController, ListUnitsController, ListGridsController],
  providers: [
    DirectoryService,
    DemoDirectorySeed,
    RegisterUnitHandler,
    RegisterGridHandler,
    ListUnitsHandler,
    ListGridsHandler,
  ],
  exports: [DirectoryService],
})
export class DirectoryModule {}
