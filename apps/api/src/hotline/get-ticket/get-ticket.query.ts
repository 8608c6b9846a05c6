import type { Principal } from '../../auth/principal.js';

export class GetTicketQuery {
  constructor(
    readonly ticketId: string,
    /** The caller, for scoping (absent with AUTH_MODE=off). */
    readonly principal?: Principal,
  ) {}
}
