import { Module } from '@nestjs/common';
import { ListTicketsController } from './list-tickets/list-tickets.http.controller.js';
import { ReadModelsService } from './read-models.service.js';

/** Queries answered from the read models in Redis (kept by the worker), never from the event store. */
@Module({
  controllers: [ListTicketsController],
  providers: [ReadModelsService],
  exports: [ReadModelsService],
})
export class ReadSideModule {}
