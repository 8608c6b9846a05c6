import { Inject } from '@nestjs/common';
import { WriteSide } from '#commands';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, DomainError } from '#core';
import {
  callerDisclosure,
  maySeeTicket,
  type TicketEvent,
  ticketEventDataForView,
  ticketDecider,
  ticketOutOfScope,
  ticketView,
} from '#hotline';
import { domainEventOf } from '#event-store';
import { AppConfig } from '#platform';
import { historyOf } from '../../http/history.js';
import { GetTicketQuery } from './get-ticket.query.js';
import type { TicketViewResponse } from './ticket-view.response.js';

/**
 * A ticket read from its stream (always current), mapped to the caller's view (`ticketView`): its fields, the
 * stages with their state now, the actions the caller may take, the compliance, and the history with the callers
 * shown as the caller may see them. (Lists and searches come from the worker's read models.)
 */
@QueryHandler(GetTicketQuery)
export class GetTicketHandler implements IQueryHandler<GetTicketQuery, TicketViewResponse> {
  constructor(
    @Inject(WriteSide) private readonly writeSide: WriteSide,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async execute({ ticketId, principal }: GetTicketQuery): Promise<TicketViewResponse> {
    const { events, state } = await this.writeSide.tickets.read(ticketId);
    if (state.status === 'none') {
      throw new DomainError('TICKET.NOT_FOUND', 'not-found', `No ticket ${ticketId}`, { ticketId });
    }
    if (!maySeeTicket(principal, state)) throw ticketOutOfScope(ticketId);
    // Upcast as every fold of a case is.
    const view = ticketView(
      events.map((event) => domainEventOf<TicketEvent>(ticketDecider, event)),
      {
        actor: principal,
        now: this.clock.now(),
        // The gates in force (RULES_FILE), so that the view offers no action the decider would refuse.
        rules: this.config.rules.hotline,
      },
    );
    if (!view) throw new Error(`Ticket ${ticketId} folds to a ticket but maps to none`);
    const disclosure = callerDisclosure(state, principal);
    return {
      ...view,
      stages: [...view.stages],
      actions: [...view.actions],
      revision: events.length - 1,
      history: historyOf(events, (data) => ticketEventDataForView(data, disclosure)),
    };
  }
}
