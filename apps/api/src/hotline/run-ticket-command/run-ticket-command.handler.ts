import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '#event-store';
import type { TicketEvent } from '#hotline';
import { TicketService } from '../ticket.service.js';
import { RunTicketCommand } from './run-ticket-command.command.js';

@CommandHandler(RunTicketCommand)
export class RunTicketCommandHandler implements ICommandHandler<
  RunTicketCommand,
  CommandResult<TicketEvent>
> {
  constructor(@Inject(TicketService) private readonly tickets: TicketService) {}

  execute({ ticketId, command, meta }: RunTicketCommand): Promise<CommandResult<TicketEvent>> {
    return this.tickets.run(ticketId, command, meta);
  }
}
