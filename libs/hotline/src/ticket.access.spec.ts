import type { ActorScope, DirectoryView } from '#core';
import { deciderSpec } from '#core/testing';
import { contextAt, CO_UNIT, due, ev, history, iso, UNIT } from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketActions, ticketRouteRoles } from './ticket.access.js';
import { ticketDecider } from './ticket.decider.js';
import { evolveTicket, initialTicketState, type Ticket, type TicketEvent } from './ticket.events.js';

const spec = deciderSpec(ticketDecider, () => contextAt(3));

const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const supervisor: ActorScope = { role: 'supervisor', gridIds: [] };
const integration: ActorScope = { role: 'integration', gridIds: [] };
const handler = (unitId: string): ActorScope => ({ role: 'handler', unitId, gridIds: [] });
const inspector = (gridIds: string[]): ActorScope => ({ role: 'inspector', gridIds });
const directory = (activeUnits: string[]): DirectoryView => ({
  isActiveUnit: (unitId) => activeUnits.includes(unitId),
  hasGrid: () => true,
});

const sign: TicketCommand = { type: 'SignTicket', data: {} };
const accept = (unitId = ''): TicketCommand => ({ type: 'AcceptTicket', data: { unitId } });
const contact: TicketCommand = {
  type: 'RecordContact',
  data: { phase: 'first', channel: 'phone', outcome: 'reached', at: iso(3) },
};
const streetCallback: TicketCommand = {
  type: 'RecordCallback',
  data: { by: 'street', outcome: 'reached', satisfaction: 'satisfied' },
};
const hotlineCallback: TicketCommand = {
  type: 'RecordCallback',
  data: { by: 'hotline', outcome: 'reached', satisfaction: 'satisfied', resolved: true },
};

const stateOf = (events: readonly TicketEvent[]): Ticket => {
  const state = events.reduce(evolveTicket, initialTicketState());
  if (state.status === 'none') throw new Error('no ticket');
  return state;
};

describe('who may act on a ticket (scope and roles, in the decider)', () => {
  it('a handler of another unit does not learn that the ticket exists: 404, as if unknown', () => {
    spec
      .given(history.accepted)
      .when(contact, { actor: handler('unit-other') })
      .thenThrows('TICKET.NOT_FOUND', { ticketId: 't-1' });
  });

  it('a handler of a co-handling unit sees the ticket but only the lead unit acts: 403', () => {
    spec
      .given(history.accepted)
      .when(contact, { actor: handler(CO_UNIT) })
      .thenThrows('TICKET.NOT_YOUR_UNIT');
  });

  it('the lead unit’s handler acts', () => {
    spec
      .given(history.accepted)
      .when(contact, { actor: handler(UNIT) })
      .then([
        {
          type: 'ContactRecorded',
          data: {
            phase: 'first',
            channel: 'phone',
            outcome: 'reached',
            unitId: UNIT,
            claimedAt: iso(3),
            note: undefined,
            at: iso(3),
            onTime: true,
          },
        },
      ]);
  });

  it('an inspector acts on no ticket, even one in its grid: the role sends no ticket command', () => {
    spec
      .given(history.received)
      .when(sign, { actor: inspector(['grid-07']) })
      .thenThrows('TICKET.ROLE_NOT_ALLOWED', { command: 'SignTicket', role: 'inspector' });
  });

  it('the street records the street callback, the 12345 platform its own', () => {
    spec
      .given(history['street-callback'])
      .when(streetCallback, { actor: integration })
      .thenThrows('TICKET.CALLBACK_NOT_YOURS', { by: 'street' });
    spec
      .given(history.replied)
      .when(hotlineCallback, { actor: dispatcher })
      .thenThrows('TICKET.CALLBACK_NOT_YOURS', { by: 'hotline' });
    spec
      .given(history.replied)
      .when(hotlineCallback, { actor: integration })
      .then([
        expect.objectContaining({ type: 'CallbackRecorded' }) as TicketEvent,
        expect.objectContaining({ type: 'TicketClosed' }) as TicketEvent,
      ]);
  });

  it('commands of the system (timers, calendar revisions) are not narrowed by a role', () => {
    spec
      .given(history.received)
      .when(
        { type: 'RaiseDeadlineWarning', data: { stage: 'sign', startedAt: iso(0) } },
        { ...contextAt(1.9), actor: { role: 'admin', gridIds: [] } },
      )
      .then([expect.objectContaining({ type: 'TicketDeadlineWarning' }) as TicketEvent]);
  });
});

describe('dispatch only to a known, active unit (the directory, in the decider)', () => {
  it('refuses a unit the directory does not have, or no longer active, lead or co-unit alike: 422', () => {
    spec
      .given(history.signed)
      .when(
        { type: 'DispatchTicket', data: { unitId: 'unit-gone', coUnitIds: [] } },
        { directory: directory([UNIT, CO_UNIT]) },
      )
      .thenThrows('TICKET.UNKNOWN_UNIT', { unitId: 'unit-gone' });
    spec
      .given(history.signed)
      .when(
        { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: ['unit-gone'] } },
        { directory: directory([UNIT, CO_UNIT]) },
      )
      .thenThrows('TICKET.UNKNOWN_UNIT', { unitId: 'unit-gone' });
  });

  it('dispatches to an active unit', () => {
    spec
      .given(history.signed)
      .when(
        { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [CO_UNIT] } },
        { directory: directory([UNIT, CO_UNIT]), actor: dispatcher },
      )
      .then([
        {
          type: 'TicketDispatched',
          data: {
            unitId: UNIT,
            coUnitIds: [CO_UNIT],
            note: undefined,
            at: iso(3),
            accept: due('accept', 3),
          },
        },
      ]);
  });
});

describe('AcceptTicket without a unit named', () => {
  const accepted = (unitId: string) => ({
    type: 'TicketAccepted' as const,
    data: { unitId, at: iso(3), firstContact: due('firstContact', 3), handle: due('handle', 3) },
  });

  it('a handler accepts for its own unit', () => {
    spec
      .given(history.dispatched)
      .when(accept(), { actor: handler(UNIT) })
      .then([accepted(UNIT)]);
  });

  it('the system (no token) accepts for the unit the ticket was dispatched to', () => {
    spec
      .given(history.dispatched)
      .when(accept())
      .then([accepted(UNIT)]);
  });

  it('a unit that was not dispatched the ticket cannot accept it', () => {
    spec.given(history.dispatched).when(accept('unit-other')).thenThrows('TICKET.WRONG_UNIT');
  });
});

describe('the actions a view offers', () => {
  const names = (events: readonly TicketEvent[], actor: ActorScope) =>
    ticketActions(stateOf(events), actor).map((action) => action.name);

  it('offers the handler of the dispatched unit accept and return, and the dispatcher neither', () => {
    expect(names(history.dispatched, handler(UNIT))).toEqual(['accept', 'return', 'exclusion-requests']);
    expect(names(history.dispatched, dispatcher)).not.toContain('accept');
    expect(names(history.dispatched, handler(CO_UNIT))).toEqual([]);
    expect(names(history.dispatched, handler('unit-other'))).toEqual([]);
  });

  it('follows the status: sign and return upstream on a received ticket, for the dispatcher', () => {
    expect(names(history.received, dispatcher)).toEqual([
      'sign',
      'return',
      'park',
      'merge',
      'reveal',
      'exclusion-requests',
    ]);
    expect(names(history.received, supervisor)).toEqual(['urge', 'supervise', 'park', 'reveal']);
  });

  it('offers a decision on an extension only while one is pending', () => {
    expect(names(history['in-progress'], supervisor)).not.toContain('extension-decision');
    expect(names([...history['in-progress'], ev.extensionRequested(4)], supervisor)).toContain(
      'extension-decision',
    );
  });

  it('never offers a handler the number of a confidential caller', () => {
    // The fixture's caller is confidential.
    expect(names(history['in-progress'], handler(UNIT))).not.toContain('reveal');
  });

  it('hrefs are the routes under /api/v1', () => {
    const [action] = ticketActions(stateOf(history.received), dispatcher);
    expect(action).toEqual({ name: 'sign', method: 'POST', href: '/tickets/t-1/sign' });
  });

  it('declares for each route the roles its controller accepts', () => {
    expect(ticketRouteRoles('callbacks')).toEqual(['dispatcher', 'integration']);
    expect(ticketRouteRoles('reveal')).toEqual(['dispatcher', 'supervisor', 'handler']);
  });
});
