import { CallerDataController } from './caller-data/caller-data.http.controller.js';
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { GetTicketController } from './get-ticket/get-ticket.http.controller.js';
import { GetTicketHandler } from './get-ticket/get-ticket.handler.js';
import { MergeCallController } from './merge-call/merge-call.http.controller.js';
import { ReceiveTicketController } from './receive-ticket/receive-ticket.http.controller.js';
import { ReceiveTicketHandler } from './receive-ticket/receive-ticket.handler.js';
import { RunTicketCommandHandler } from './run-ticket-command/run-ticket-command.handler.js';
import { TicketLifecycleController } from './ticket-lifecycle.http.controller.js';

/** 12345 hotline tickets: intake, the lifecycle commands, a ticket read from its stream. */
@Module({
  imports: [DirectoryModule, CalendarModule],
  controllers: [
    ReceiveTicketController,
    TicketLifecycleController,
    MergeCallController,
    CallerDataController,
    GetTicketController,
  ],
  providers: [ReceiveTicketHandler, RunTicketCommandHandler, GetTicketHandler],
})
export class HotlineModule {}
