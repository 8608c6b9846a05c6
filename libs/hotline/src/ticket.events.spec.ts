import { fold } from '#core';
import { due, ev, history, intake, iso, UNIT, upstream } from './testing/ticket-fixtures.js';
import { ticketDecider } from './ticket.decider.js';
import { evolveTicket, initialTicketState, type Ticket, type TicketEvent } from './ticket.events.js';

const stateOf = (events: readonly TicketEvent[]) => fold(ticketDecider, events) as Ticket;

describe('evolveTicket', () => {
  it('starts from no ticket', () => {
    expect(initialTicketState()).toEqual({ status: 'none' });
  });

  it('keeps the intake, the caller and the sign deadline as received', () => {
    expect(stateOf(history.received)).toMatchObject({
      status: 'received',
      id: 't-1',
      ticketNo: intake.ticketNo,
      intake,
      calls: [{ callTicketNo: intake.ticketNo, receivedAt: intake.receivedAt, caller: intake.caller }],
      deadlines: { sign: due('sign', 0) },
      warning: false,
    });
  });

  it('copies each stage’s deadline from its event', () => {
    const state = stateOf([...history['street-callback']]);
    expect(state.deadlines).toEqual({
      upstream,
      sign: due('sign', 0),
      dispatch: due('dispatch', 0.5),
      accept: due('accept', 1),
      firstContact: due('firstContact', 2),
      handle: due('handle', 2),
      review: due('review', 11),
      callback: due('callback', 12),
    });
    expect(state.handling).toEqual({ stage: 'handle', deadline: due('handle', 2) });
  });

  it("takes a legacy ticket's district stage from its stored upstreamDueAt", () => {
    const { upstream: _recorded, ...legacy } = (ev.received() as { data: Record<string, unknown> }).data;
    const state = stateOf([{ type: 'TicketReceived', data: legacy } as TicketEvent]);
    expect(state.deadlines.upstream).toMatchObject({
      stage: 'upstream',
      startedAt: iso(0),
      dueAt: intake.upstreamDueAt,
      provisional: false,
    });
  });

  it('replays to the same state every time, with the deadlines exactly as recorded', () => {
    expect(stateOf(history.closed)).toEqual(stateOf(history.closed));
    expect(stateOf(history.closed).deadlines.handle).toEqual(due('handle', 2));
  });

  it('tracks the unit, co-units and returns', () => {
    expect(stateOf(history.dispatched)).toMatchObject({ unitId: UNIT, coUnitIds: ['unit-juweihui-1'] });
    expect(stateOf([...history.accepted, ev.returnedToCenter()])).toMatchObject({
      status: 'signed',
      unitId: undefined,
      coUnitIds: [],
      counts: { returns: 1 },
    });
  });

  it('tracks contact attempts per phase; a new acceptance starts them over', () => {
    const events = [
      ...history.accepted,
      ev.contact('first', 'unreachable'),
      ev.contact('first', 'reached', 4),
    ];
    expect(stateOf(events).firstContact).toEqual({ attempts: 2, reached: true, concluded: true });
    const again = [...events, ev.returnedToCenter(5), ev.dispatched(6), ev.accepted(7)];
    expect(stateOf(again).firstContact).toEqual({ attempts: 0, reached: false, concluded: false });
  });

  it('keeps the pending extension until it is decided or withdrawn', () => {
    const requested = [...history['in-progress'], ev.extensionRequested(4, 7)];
    expect(stateOf(requested).extension).toEqual({
      pending: {
        reason: '需协调施工方与住建部门',
        workingDays: 7,
        requestedAt: ev.extensionRequested(4).data.at,
      },
      approved: false,
    });
    expect(stateOf([...requested, ev.extensionApproved(5)]).extension).toEqual({ approved: true });
    expect(stateOf([...requested, ev.extensionApproved(5)]).handling?.deadline).toEqual(due('handle', 2, 15));
  });

  it('remembers where a parked ticket came from and what the hotline said', () => {
    expect(stateOf(history.parked).parkedFrom).toBe('in-progress');
    expect(stateOf([...history.replied, ev.hotlineCallback('dissatisfied')]).hotlineCallback).toMatchObject({
      outcome: 'reached',
      satisfaction: 'dissatisfied',
    });
  });

  it('ignores events before intake and a second intake', () => {
    expect(evolveTicket(initialTicketState(), ev.signed())).toEqual({ status: 'none' });
    const received = stateOf(history.received);
    expect(evolveTicket(received, ev.received(5))).toBe(received);
  });
});
