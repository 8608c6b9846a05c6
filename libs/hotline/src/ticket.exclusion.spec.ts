import type { ActorScope } from '#core';
import { deciderSpec } from '#core/testing';
import { CO_UNIT, contextAt, ev, history, iso, UNIT } from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import { evolveTicket, initialTicketState, type Ticket, type TicketEvent } from './ticket.events.js';
import {
  EXCLUSION_KINDS,
  excludedRates,
  HOTLINE_RATE_NAMES,
  type HotlineRateName,
} from './ticket.exclusion.js';
import { ticketView } from './ticket.view.js';

/*
 * 考核剔除 (domain.md §1, Metrics): a handler of the lead unit or a dispatcher asks to take a ticket out of chosen
 * rates, a supervisor decides; both are events of the ticket, in any status, after the fact.
 */

const spec = deciderSpec(ticketDecider, () => contextAt(30));

const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const supervisor: ActorScope = { role: 'supervisor', gridIds: [] };
const integration: ActorScope = { role: 'integration', gridIds: [] };
const handler = (unitId: string): ActorScope => ({ role: 'handler', unitId, gridIds: [] });

const REASON = '诉求人要求拆除合法建筑，属不合理诉求';
const request = (
  rates: readonly string[] = ['satisfaction', 'resolution'],
  kind: string = 'unreasonable',
  reason = REASON,
): TicketCommand => ({ type: 'RequestExclusion', data: { kind, reason, rates } }) as unknown as TicketCommand;
const decide = (approved: boolean, note?: string): TicketCommand => ({
  type: 'DecideExclusion',
  data: { approved, ...(note === undefined ? {} : { note }) },
});

const requested = (
  at = 20,
  rates: readonly HotlineRateName[] = ['satisfaction', 'resolution'],
  unitId: string | null = UNIT,
): TicketEvent => ({
  type: 'ExclusionRequested',
  data: { kind: 'unreasonable', reason: REASON, rates, at: iso(at), ...(unitId ? { unitId } : {}) },
});
const decided = (
  approved: boolean,
  at = 21,
  note?: string,
  rates: readonly HotlineRateName[] = ['satisfaction', 'resolution'],
): TicketEvent => ({
  type: 'ExclusionDecided',
  data: { approved, ...(note === undefined ? {} : { note }), kind: 'unreasonable', rates, at: iso(at) },
});

const closed = history.closed;
const stateOf = (events: readonly TicketEvent[]): Ticket => {
  const state = events.reduce(evolveTicket, initialTicketState());
  if (state.status === 'none') throw new Error('no ticket');
  return state;
};
const actionsOf = (events: readonly TicketEvent[], actor: ActorScope) =>
  ticketView(events, { actor, now: new Date(iso(30)) })?.actions.map((action) => action.name) ?? [];

describe('the names the statistics share', () => {
  it('are the rates of the hotline statistics and the four kinds, exactly', () => {
    expect(HOTLINE_RATE_NAMES).toEqual([
      'signOnTime',
      'firstContact',
      'onTimeCompletion',
      'onTimeCompletionInternal',
      'resolution',
      'resolutionClaimed',
      'satisfaction',
      'satisfactionEfficiency',
      'satisfactionAttitude',
      'satisfactionResult',
      'callback',
      'reopen',
      'return',
      'returnUpstream',
      'extension',
      'overdue',
    ]);
    expect(EXCLUSION_KINDS).toEqual(['unreasonable', 'outside-powers', 'duplicate', 'other']);
  });
});

describe('RequestExclusion', () => {
  it('records a handler’s request of the lead unit with its unit, after the ticket was closed', () => {
    spec
      .given(closed)
      .when(request(), { actor: handler(UNIT) })
      .then([requested(30)]);
  });

  it('records a dispatcher’s request without a unit', () => {
    spec
      .given(closed)
      .when(request(), { actor: dispatcher })
      .then([requested(30, ['satisfaction', 'resolution'], null)]);
  });

  it.each(['received', 'in-progress', 'replied', 'parked', 'closed', 'returned-upstream'] as const)(
    'is taken in status %s: the assessment comes after the fact',
    (status) => {
      spec
        .given(history[status])
        .when(request(['callback']), { actor: dispatcher })
        .thenEvents(([event]) => expect(event?.type).toBe('ExclusionRequested'));
    },
  );

  it('is the lead unit’s: a co-handling unit gets 403, another unit 404', () => {
    spec
      .given(closed)
      .when(request(), { actor: handler(CO_UNIT) })
      .thenThrows('TICKET.NOT_YOUR_UNIT');
    spec
      .given(closed)
      .when(request(), { actor: handler('unit-other') })
      .thenThrows('TICKET.NOT_FOUND');
  });

  it('is not the supervisor’s nor the 12345 platform’s to ask for: 403', () => {
    spec
      .given(closed)
      .when(request(), { actor: supervisor })
      .thenThrows('TICKET.ROLE_NOT_ALLOWED', { command: 'RequestExclusion', role: 'supervisor' });
    spec.given(closed).when(request(), { actor: integration }).thenThrows('TICKET.ROLE_NOT_ALLOWED');
  });

  it('is refused with 409 while a request awaits its decision', () => {
    const error = spec
      .given([...closed, requested()])
      .when(request(['callback']), { actor: dispatcher })
      .thenThrows('TICKET.EXCLUSION_PENDING', { requestedAt: iso(20) });
    expect(error.kind).toBe('invalid-state');
  });

  it('is refused with 409 once a request was approved', () => {
    const error = spec
      .given([...closed, requested(), decided(true)])
      .when(request(['callback']), { actor: handler(UNIT) })
      .thenThrows('TICKET.ALREADY_EXCLUDED', { rates: ['satisfaction', 'resolution'], decidedAt: iso(21) });
    expect(error.kind).toBe('invalid-state');
  });

  it('may be made again after a rejection', () => {
    spec
      .given([...closed, requested(), decided(false, 21, '理由不充分')])
      .when(request(['satisfaction']), { actor: handler(UNIT) })
      .then([requested(30, ['satisfaction'])]);
  });

  it.each([
    ['no rate', [], 'rates'],
    ['an unknown rate', ['satisfaction', 'happiness'], 'rates'],
    ['a rate twice', ['satisfaction', 'satisfaction'], 'rates'],
  ] as const)('refuses %s (400, the field named)', (_case, rates, field) => {
    const error = spec
      .given(closed)
      .when(request(rates), { actor: dispatcher })
      .thenThrows('TICKET.INVALID_EXCLUSION', { field });
    expect(error.kind).toBe('invalid-input');
  });

  it('refuses an unknown kind and an empty reason (400)', () => {
    spec
      .given(closed)
      .when(request(['callback'], 'annoying'), { actor: dispatcher })
      .thenThrows('TICKET.INVALID_EXCLUSION', { field: 'kind' });
    spec
      .given(closed)
      .when(request(['callback'], 'other', '  '), { actor: dispatcher })
      .thenThrows('TICKET.REASON_REQUIRED', { field: 'reason' });
  });
});

describe('DecideExclusion', () => {
  it('approves the pending request, naming what it excludes', () => {
    spec
      .given([...closed, requested()])
      .when(decide(true, '经核实属不合理诉求'), { actor: supervisor })
      .then([decided(true, 30, '经核实属不合理诉求')]);
  });

  it('rejects it, without a note too', () => {
    spec
      .given([...closed, requested()])
      .when(decide(false), { actor: supervisor })
      .then([decided(false, 30)]);
  });

  it('is the supervisor’s alone: a dispatcher or a handler gets 403', () => {
    spec
      .given([...closed, requested()])
      .when(decide(true), { actor: dispatcher })
      .thenThrows('TICKET.ROLE_NOT_ALLOWED', { command: 'DecideExclusion', role: 'dispatcher' });
    spec
      .given([...closed, requested()])
      .when(decide(true), { actor: handler(UNIT) })
      .thenThrows('TICKET.ROLE_NOT_ALLOWED');
  });

  it.each([
    ['no request was made', []],
    ['the request was approved', [requested(), decided(true)]],
    ['the request was rejected', [requested(), decided(false)]],
  ] as const)('answers 409 when %s', (_case, events) => {
    const error = spec
      .given([...closed, ...events])
      .when(decide(true), { actor: supervisor })
      .thenThrows('TICKET.NO_EXCLUSION_REQUESTED');
    expect(error.kind).toBe('invalid-state');
  });
});

describe('the exclusion in the state and the view', () => {
  it('folds the request and its decision', () => {
    expect(stateOf(closed).exclusion).toBeNull();
    expect(stateOf([...closed, requested()]).exclusion).toEqual({
      status: 'requested',
      kind: 'unreasonable',
      reason: REASON,
      rates: ['satisfaction', 'resolution'],
      requestedAt: iso(20),
    });
    const approved = stateOf([...closed, requested(), decided(true, 21, '同意剔除')]).exclusion;
    expect(approved).toEqual({
      status: 'approved',
      kind: 'unreasonable',
      reason: REASON,
      rates: ['satisfaction', 'resolution'],
      requestedAt: iso(20),
      decidedAt: iso(21),
      note: '同意剔除',
    });
    expect(excludedRates(approved)).toEqual(['satisfaction', 'resolution']);
    expect(stateOf([...closed, requested(), decided(false)]).exclusion?.status).toBe('rejected');
    expect(excludedRates(stateOf([...closed, requested(), decided(false)]).exclusion)).toEqual([]);
  });

  it('does not change where the ticket stands', () => {
    const before = stateOf(history['in-progress']);
    const after = stateOf([...history['in-progress'], requested(), decided(true)]);
    expect({ ...after, exclusion: null }).toEqual(before);
  });

  it('shows in the view', () => {
    const view = ticketView([...closed, requested()], { actor: dispatcher, now: new Date(iso(30)) });
    expect(view?.exclusion).toMatchObject({ status: 'requested', rates: ['satisfaction', 'resolution'] });
    expect(ticketView(closed, { actor: dispatcher, now: new Date(iso(30)) })?.exclusion).toBeNull();
  });

  it('offers the request to the lead unit’s handler and the dispatcher while none is pending or approved', () => {
    expect(actionsOf(closed, handler(UNIT))).toContain('exclusion-requests');
    expect(actionsOf(closed, dispatcher)).toContain('exclusion-requests');
    expect(actionsOf(closed, supervisor)).not.toContain('exclusion-requests');
    expect(actionsOf(closed, handler(CO_UNIT))).toEqual([]);
    expect(actionsOf([...closed, requested()], dispatcher)).not.toContain('exclusion-requests');
    expect(actionsOf([...closed, requested(), decided(true)], dispatcher)).not.toContain(
      'exclusion-requests',
    );
    expect(actionsOf([...closed, requested(), decided(false)], dispatcher)).toContain('exclusion-requests');
  });

  it('offers the decision to the supervisor only, while a request is pending', () => {
    expect(actionsOf(closed, supervisor)).not.toContain('exclusion-decision');
    expect(actionsOf([...closed, requested()], supervisor)).toContain('exclusion-decision');
    expect(actionsOf([...closed, requested()], dispatcher)).not.toContain('exclusion-decision');
    expect(actionsOf([...closed, requested(), decided(true)], supervisor)).not.toContain(
      'exclusion-decision',
    );
  });

  it('keeps the history untouched by other rules: a stage still runs, an action still offered', () => {
    // An exclusion is an assessment matter: the handler works on as before.
    expect(actionsOf([...history['in-progress'], requested()], handler(UNIT))).toEqual(
      expect.arrayContaining(['contacts', 'return']),
    );
    expect(
      ticketView([...history['in-progress'], ev.contact('before-reply', 'reached', 10), requested()], {
        actor: handler(UNIT),
        now: new Date(iso(30)),
      })?.actions.map((action) => action.name),
    ).toContain('reply');
  });
});
