import { deciderSpec } from '#core/testing';
import { contextAt, history, intake, UNIT } from './testing/ticket-fixtures.js';
import type { EraseCallerData, RevealCallerContact } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import type { Ticket, TicketEvent } from './ticket.events.js';

/*
 * Personal data (domain.md §4): a view of a caller's number is recorded with who, when, which call and why; a unit
 * never sees a confidential caller; erasure after the retention period leaves callers erased in the state.
 */
const spec = deciderSpec(ticketDecider, () => contextAt(20));
const dispatcher = { id: 'dispatcher-1', role: 'dispatcher' } as const;
const handler = { id: 'handler-1', role: 'handler', unitId: UNIT } as const;
const admin = { id: 'admin', role: 'admin' } as const;

const reveal = (by: RevealCallerContact['data']['by'], reason = '回访需要联系', callTicketNo?: string) =>
  ({
    type: 'RevealCallerContact',
    data: { reason, by, ...(callTicketNo === undefined ? {} : { callTicketNo }) },
  }) satisfies RevealCallerContact;
const erase = (retentionDays: number, reason = '保存期满') =>
  ({ type: 'EraseCallerData', data: { reason, retentionDays, by: admin } }) satisfies EraseCallerData;

const open = (events: readonly TicketEvent[]) => {
  const withPublicCaller = events.map((event) =>
    event.type === 'TicketReceived'
      ? { ...event, data: { ...event.data, caller: { ...intake.caller!, confidential: false } } }
      : event,
  );
  return withPublicCaller as TicketEvent[];
};
const fold = (events: readonly TicketEvent[]) =>
  events.reduce(ticketDecider.evolve, ticketDecider.initialState()) as Ticket;

describe('revealing a caller’s number', () => {
  it('records who saw which call’s caller and why', () => {
    spec
      .given(history.replied)
      .when(reveal(dispatcher))
      .then([
        {
          type: 'CallerContactRevealed',
          data: {
            callTicketNo: intake.ticketNo,
            by: dispatcher,
            reason: '回访需要联系',
            at: contextAt(20).now.toISOString(),
          },
        },
      ]);
  });

  it('takes a written reason', () => {
    spec.given(history.replied).when(reveal(dispatcher, '  ')).thenThrows('TICKET.REASON_REQUIRED');
  });

  it('lets the unit reveal a caller who is not confidential while it handles the ticket', () => {
    spec
      .given(open(history['in-progress']))
      .when(reveal(handler))
      .then([expect.objectContaining({ type: 'CallerContactRevealed' })]);
  });

  it('never shows a confidential caller to a unit (是否保密)', () => {
    spec.given(history['in-progress']).when(reveal(handler)).thenThrows('TICKET.CALLER_CONFIDENTIAL');
  });

  it('does not let a unit reveal once it has replied', () => {
    spec.given(open(history.replied)).when(reveal(handler)).thenThrows('TICKET.INVALID_TRANSITION');
  });

  it('answers that a call without a caller has none', () => {
    spec
      .given(history.replied)
      .when(reveal(dispatcher, '回访', 'NO-SUCH-CALL'))
      .thenThrows('TICKET.NO_CALLER');
  });
});

describe('erasing the callers’ personal data', () => {
  const closedAt = 17;
  const days = (n: number) => closedAt + n * 24;

  it('is refused before the retention period after the end has passed, with the day it becomes possible', () => {
    let thrown: unknown;
    try {
      ticketDecider.decide(erase(180), fold(history.closed), contextAt(days(180) - 1));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'TICKET.RETENTION_NOT_OVER',
      kind: 'rule',
      details: { erasableFrom: contextAt(days(180)).now.toISOString(), retentionDays: 180 },
    });
  });

  it('is refused while the ticket is still being worked on', () => {
    spec.given(history.replied).when(erase(0)).thenThrows('TICKET.INVALID_TRANSITION');
  });

  it('names every caller’s subject, and leaves the callers erased in the state', () => {
    const merged: TicketEvent = {
      type: 'CallMerged',
      data: {
        callTicketNo: '2026030200002',
        receivedAt: '2026-03-02T09:30:00+08:00',
        caller: { subjectId: 'subject-2', confidential: false, phoneMasked: '139****0000' },
        at: contextAt(3).now.toISOString(),
      },
    };
    const events = [...history.closed.slice(0, 3), merged, ...history.closed.slice(3)];
    const decided = ticketDecider.decide(erase(180), fold(events), contextAt(days(180)));
    expect(decided).toEqual([
      {
        type: 'CallerDataErased',
        data: {
          subjectIds: ['subject-1', 'subject-2'],
          by: admin,
          reason: '保存期满',
          at: contextAt(days(180)).now.toISOString(),
        },
      },
    ]);
    const after = fold([...events, ...decided]);
    expect(after.callerErasedAt).toBe(contextAt(days(180)).now.toISOString());
    expect(after.calls.map((call) => call.caller)).toEqual([
      { subjectId: 'subject-1', confidential: true, erased: true },
      { subjectId: 'subject-2', confidential: false, erased: true },
    ]);
    expect(JSON.stringify(after)).not.toContain('****');
    // Erasing again records nothing; revealing is over.
    expect(ticketDecider.decide(erase(180), after, contextAt(days(181)))).toEqual([]);
    expect(() => ticketDecider.decide(reveal(dispatcher), after, contextAt(days(181)))).toThrow(
      expect.objectContaining({ code: 'TICKET.CALLER_ERASED' }),
    );
  });

  it('starts over when the ticket is reopened: the retention counts from its next end', () => {
    const closed = fold(history.closed);
    const reopened = ticketDecider.decide(
      { type: 'ReopenTicket', data: { kind: 'redo', reason: '市民不满意' } },
      closed,
      contextAt(30),
    );
    const state = fold([...history.closed, ...reopened]);
    expect(closed.endedAt).toBe(contextAt(closedAt).now.toISOString());
    expect(state.endedAt).toBeUndefined();
    expect(() => ticketDecider.decide(erase(0), state, contextAt(days(400)))).toThrow(
      expect.objectContaining({ code: 'TICKET.INVALID_TRANSITION' }),
    );
  });
});
