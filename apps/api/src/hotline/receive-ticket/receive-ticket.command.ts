import type { CommandMeta } from '../../http/command-context.js';
import type { ReceiveTicketRequest } from './receive-ticket.request.dto.js';

export class ReceiveTicketCommand {
  constructor(
    readonly request: ReceiveTicketRequest,
    readonly meta: CommandMeta,
  ) {}
}
