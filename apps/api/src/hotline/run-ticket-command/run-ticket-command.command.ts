import type { TicketCommand } from '#hotline';
import type { CommandMeta } from '../../http/command-context.js';

/**
 * Any lifecycle command of an existing ticket. The use cases differ in their request DTOs and in how a request
 * maps to a domain command (the controller); running them is the same generic runner for all.
 */
export class RunTicketCommand {
  constructor(
    readonly ticketId: string,
    readonly command: TicketCommand,
    readonly meta: CommandMeta,
  ) {}
}
