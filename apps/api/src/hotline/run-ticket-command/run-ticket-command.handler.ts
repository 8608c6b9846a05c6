import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WriteSide } from '#commands';
import type { CommandResult } from '#event-store';
import type { TicketEvent, TicketState } from '#hotline';
import { RunTicketCommand } from './run-ticket-command.command.js';

@CommandHandler(RunTicketCommand)
export class RunTicketCommandHandler implements ICommandHandler<
  RunTicketCommand,
  CommandResult<TicketEvent, TicketState>
> {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  execute({ ticketId, command, meta }: RunTicketCommand): Promise<CommandResult<TicketEvent, TicketState>> {
    return this.writeSide.tickets.run(ticketId, command, meta);
  }
}
