import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#core';
import { compliance, type TicketEvent } from '#hotline';
import { historyOf } from '../../http/history.js';
import { TicketService } from '../ticket.service.js';
import { GetTicketQuery } from './get-ticket.query.js';
import { maySee, outOfScope } from '../../auth/scope.js';

/**
 * A ticket as its stream tells it: state, every stage deadline as recorded, contacts and callbacks, the
 * 双先联、双回访 compliance, and the history of events. (The read models of the worker take over listing and
 * searching; one ticket by id is read from its stream, always current.)
 */
@QueryHandler(GetTicketQuery)
export class GetTicketHandler implements IQueryHandler<GetTicketQuery> {
  constructor(@Inject(TicketService) private readonly tickets: TicketService) {}

  async execute({ ticketId, principal }: GetTicketQuery) {
    const { events, state } = await this.tickets.read(ticketId);
    if (state.status === 'none') {
      throw new DomainError('TICKET.NOT_FOUND', 'not-found', `No ticket ${ticketId}`, { ticketId });
    }
    if (
      !maySee(principal, { unitId: state.unitId, coUnitIds: state.coUnitIds, gridId: state.intake.gridId })
    ) {
      throw outOfScope('ticket', ticketId);
    }
    // 是否保密: a confidential ticket hides its caller (even the masked number) from the units' staff entirely.
    const hideCaller = principal?.role === 'handler' && state.calls.some((call) => call.caller?.confidential);
    const shown = hideCaller
      ? {
          ...state,
          intake: { ...state.intake, caller: undefined },
          calls: state.calls.map((call) => ({ ...call, caller: undefined })),
          callerHidden: true,
        }
      : state;
    // After erasure the events still hold the masked numbers; the history shows the callers as erased.
    const erased = state.callerErasedAt !== undefined;
    const history = historyOf(events).map((entry) =>
      hideCaller || erased
        ? { ...entry, data: withCaller(entry.data, hideCaller ? 'hidden' : 'erased') }
        : entry,
    );
    return {
      ...shown,
      revision: events.length - 1,
      compliance: compliance(events.map((event) => event as unknown as TicketEvent)),
      history,
    };
  }
}

/** An event's data without its caller reference (intake and merged calls carry one), or with it marked erased. */
function withCaller(data: unknown, as: 'hidden' | 'erased'): unknown {
  if (typeof data !== 'object' || data === null || !('caller' in data)) return data;
  const { caller, ...rest } = data as Record<string, unknown>;
  if (as === 'hidden' || typeof caller !== 'object' || caller === null) return rest;
  const { subjectId, confidential } = caller as { subjectId?: unknown; confidential?: unknown };
  return { ...rest, caller: { subjectId, confidential, erased: true } };
}
