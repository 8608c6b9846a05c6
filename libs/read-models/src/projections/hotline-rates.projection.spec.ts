import type { RecordedEvent } from '#event-store';
import type { TicketEvent } from '#hotline';
import { due, ev, history, iso, UNIT, upstream } from '#hotline/testing/ticket-fixtures';
import type { CounterDelta } from '../projection.js';
import { dayDeltasByValue } from './bucket-testing.js';
import { shanghaiDay } from './daily-counters.js';
import {
  type HotlineRatesDoc,
  hotlineRatesProjection as projection,
  ratesFromCounts,
} from './hotline-rates.projection.js';

/*
 * Time is in hours from T0 = Monday 2 March 2026, 09:00 in Shanghai (fixtures). Fake deadlines: sign 2 h, first
 * contact 24 h, handle 120 h (an extension to 15 working days: 360 h from the start), rework / reopen 72 h,
 * callback 24 h. So hour 15 is already 3 March in Shanghai.
 */
const OTHER_UNIT = 'unit-fangguan';

let position = 0;
/** Recorded copies of one ticket's events, at increasing global positions. */
const recorded = (ticket: string, events: readonly TicketEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    id: `${ticket}-e-${revision}`,
    stream: `ticket-${ticket}`,
    revision,
    position: String(++position),
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt: (event.data as { at: string }).at,
  }));

/** Every counter delta of one ticket's history, event by event. */
function run(ticket: string, events: readonly TicketEvent[]) {
  let doc: HotlineRatesDoc | undefined;
  const perEvent: CounterDelta[][] = [];
  for (const event of recorded(ticket, events)) {
    const after = projection.evolve(doc, event);
    perEvent.push(dayDeltasByValue(projection.counters?.(doc, after, event) ?? []));
    doc = after;
  }
  return { doc, perEvent };
}

type Totals = Record<string, Record<string, number>>;
/** The deltas summed per hash and field, without fields that net to zero. */
function totals(deltas: readonly CounterDelta[]): Totals {
  const out: Totals = {};
  for (const { hash, field, by } of deltas) {
    const fields = (out[hash] ??= {});
    fields[field] = (fields[field] ?? 0) + by;
    if (fields[field] === 0) delete fields[field];
    if (Object.keys(fields).length === 0) delete out[hash];
  }
  return out;
}
/** The buckets of one dimension value (`none:all`, `unit:x`), by day. */
const byDay = (all: Totals, slice: string): Totals =>
  Object.fromEntries(
    Object.entries(all)
      .filter(([hash]) => hash.endsWith(`:${slice}`))
      .map(([hash, fields]) => [hash.slice('day:'.length, 'day:'.length + 10), fields]),
  );
/** One dimension value's counts summed over the days. */
const overDays = (all: Totals, slice: string): Record<string, number> => {
  const sum: Record<string, number> = {};
  for (const fields of Object.values(byDay(all, slice)))
    for (const [field, n] of Object.entries(fields)) sum[field] = (sum[field] ?? 0) + n;
  return sum;
};

// Ticket t-1: the happy path (complaint, phone, 01.03.02, grid-07), rated 基本满意 by 12345 at hour 15.
const ticketA: TicketEvent[] = [
  ...history.replied,
  ev.hotlineCallback('basically-satisfied', 'reached', 15),
  ev.closed('replied', 17),
];

// Ticket t-2: help, no channel, no grid. Signed late, returned by one unit and accepted by another, contacted
// late, extended, replied late and unresolved, rated dissatisfied by 12345 (a second rating is not counted),
// reopened.
const receivedB = ev.received(24);
const ticketB: TicketEvent[] = [
  {
    type: 'TicketReceived',
    data: {
      ...(receivedB.data as Extract<TicketEvent, { type: 'TicketReceived' }>['data']),
      ticketId: 't-2',
      type: 'help',
      channel: undefined,
      gridId: undefined,
      category: { code: '02.01', path: ['市场监管', '食品安全'] },
    },
  },
  ev.signed(27, false),
  ev.dispatched(28),
  ev.accepted(29),
  ev.returnedToCenter(30),
  ev.dispatched(31, OTHER_UNIT),
  ev.accepted(32, OTHER_UNIT),
  ev.contact('first', 'unreachable', 33),
  ev.contact('first', 'reached', 60, false),
  ev.extensionRequested(61),
  ev.extensionApproved(62, 32),
  {
    ...ev.replySubmitted(400, 'handle', due('handle', 32, 15).dueAt),
    data: { ...ev.replySubmitted(400, 'handle', due('handle', 32, 15).dueAt).data, result: 'unresolved' },
  },
  ev.replyApproved(401),
  ev.streetCallback(undefined, 'unreachable', 402),
  ev.streetCallback(undefined, 'refused', 403),
  ev.repliedUpstream(404),
  ev.hotlineCallback('dissatisfied', 'reached', 405),
  ev.hotlineCallback('satisfied', 'reached', 406),
  ev.reopened(407),
];

// Ticket t-3: the handle deadline (hour 122, 7 March) is revised to hour 150 (8 March); the reply at hour 140 is on
// time against it; a second revision to hour 170 (9 March) moves the due and the on-time count together.
const revised = (at: number, from: number, to: number): TicketEvent => ({
  type: 'DeadlineRevised',
  data: {
    stage: 'handle',
    old: { ...due('handle', 2), dueAt: iso(from) },
    new: { ...due('handle', 2), dueAt: iso(to), calendarVersion: 'fake-2', provisional: false },
    reason: 'official-calendar',
    at: iso(at),
  },
});
const receivedC = ev.received(0);
const ticketC: TicketEvent[] = [
  {
    type: 'TicketReceived',
    data: {
      ...(receivedC.data as Extract<TicketEvent, { type: 'TicketReceived' }>['data']),
      ticketId: 't-3',
    },
  },
  ev.signed(),
  ev.dispatched(),
  ev.accepted(),
  revised(100, 122, 150),
  ev.replySubmitted(140, 'handle', iso(150)),
  revised(141, 150, 170),
];

const runs = { a: run('t-1', ticketA), b: run('t-2', ticketB), c: run('t-3', ticketC) };
const all = totals(Object.values(runs).flatMap((r) => r.perEvent.flat()));

describe('hotlineRatesProjection', () => {
  it('is a ticket projection whose only index is of the excluded tickets', () => {
    expect(projection.name).toBe('hotline-rates');
    expect(projection.version).toBe(4);
    expect(projection.categories).toEqual(['ticket']);
    expect(projection.indexes(runs.a.doc!)).toEqual([]);
  });

  it('keeps only what the counters need', () => {
    expect(runs.c.doc).toEqual({
      type: 'complaint',
      channel: 'phone',
      categoryCode: '01.03.02',
      gridId: 'grid-07',
      unitId: UNIT,
      firstContact: expect.objectContaining({ day: '2026-03-03', unitId: UNIT, onTime: false }),
      reply: expect.objectContaining({ stage: 'handle', day: '2026-03-09', unitId: UNIT, onTime: true }),
      callback: null,
      upstream: expect.objectContaining({ day: '2026-03-23', unitId: null, onTime: false }),
      result: 'resolved',
      rated: false,
      answered: false,
      roundFrom: '2026-03-02T08:55:00+08:00',
    });
    expect(JSON.stringify(runs.a.doc)).not.toContain('subject-1');
  });

  it('counts on the Shanghai day', () => {
    expect(shanghaiDay(iso(14))).toBe('2026-03-02');
    expect(shanghaiDay(iso(15))).toBe('2026-03-03');
  });

  it('sums to the hand-computed daily totals', () => {
    expect(byDay(all, 'none:all')).toEqual({
      // Ticket t-1 went upstream 14 h after it was received (08:55 → 23:00).
      '2026-03-02': {
        received: 2,
        signed: 2,
        signedOnTime: 2,
        dispatched: 2,
        replied: 1,
        resolved: 1,
        handlingMinutes: 14 * 60 + 5,
      },
      '2026-03-03': {
        received: 1,
        signed: 1,
        dispatched: 2,
        returned: 1,
        firstContactDue: 2,
        firstContactOnTime: 1,
        callbacksDue: 1,
        callbacksDone: 1,
        rated: 1,
        basicallySatisfied: 1,
      },
      // The first-contact and handling stages of the returned ticket stay due, against the unit that returned it.
      '2026-03-04': { firstContactDue: 2, extended: 1 },
      '2026-03-07': { replyDue: 1, repliedOnTime: 1 },
      '2026-03-08': { replyDue: 1 },
      '2026-03-09': { replyDue: 1, repliedOnTime: 1 },
      '2026-03-18': { replyDue: 1 },
      '2026-03-19': {
        replied: 1,
        unresolved: 1,
        rated: 1,
        dissatisfied: 1,
        reopened: 1,
        handlingMinutes: 404 * 60 + 5, // its intake says it was received with t-1
      },
      '2026-03-20': { callbacksDue: 1, callbacksDone: 1 },
      '2026-03-22': { replyDue: 1 },
      // The district's deadline of each ticket: returns and re-dispatches do not touch it.
      '2026-03-23': { upstreamDue: 3, upstreamOnTime: 2 },
    });
  });

  it('gives the rates of the period from the summed counts', () => {
    const counts = overDays(all, 'none:all');
    expect(ratesFromCounts(counts)).toEqual({
      signOnTime: 2 / 3,
      firstContact: 1 / 4,
      onTimeCompletion: 2 / 3,
      onTimeCompletionInternal: 2 / 5,
      // No 12345 callback answered whether the problem was solved: the units' claims do not make a resolution.
      resolution: null,
      resolutionClaimed: 1 / 2,
      satisfaction: 0.8 / 2,
      satisfactionEfficiency: null,
      satisfactionAttitude: null,
      satisfactionResult: null,
      callback: 1,
      reopen: 1 / 2,
      return: 1 / 4,
      returnUpstream: 0,
      extension: 1 / 3,
      overdue: 0,
    });
    expect(ratesFromCounts(counts, { satisfactionWeight: 1 }).satisfaction).toBe(1 / 2);
  });

  it('gives null for a rate with nothing due', () => {
    expect(ratesFromCounts({ received: 1 })).toEqual({
      signOnTime: 0,
      firstContact: null,
      onTimeCompletion: null,
      onTimeCompletionInternal: null,
      resolution: null,
      resolutionClaimed: null,
      satisfaction: null,
      satisfactionEfficiency: null,
      satisfactionAttitude: null,
      satisfactionResult: null,
      callback: null,
      reopen: null,
      return: null,
      returnUpstream: 0,
      extension: 0,
      overdue: null,
    });
  });

  it('counts an overdue handling stage on the day it fell due, for its unit; other stages only alert', () => {
    const accepted = history.accepted;
    const handle = due('handle', 2);
    const overdue = (stage: 'handle' | 'firstContact', dueAt: string): TicketEvent => ({
      type: 'TicketOverdue',
      data: { stage, startedAt: iso(2), dueAt, unitId: UNIT, superviseAt: iso(200), at: iso(170) },
    });
    const { perEvent } = run('t-overdue', [
      ...accepted,
      overdue('firstContact', due('firstContact', 2).dueAt),
      overdue('handle', handle.dueAt),
    ]);
    expect(perEvent.at(-2)).toEqual([]);
    expect(perEvent.at(-1)).toEqual(
      expect.arrayContaining([
        { hash: `day:${shanghaiDay(handle.dueAt)}:none:all`, field: 'overdue', by: 1 },
        { hash: `day:${shanghaiDay(handle.dueAt)}:unit:${UNIT}`, field: 'overdue', by: 1 },
      ]),
    );
    expect(ratesFromCounts({ replyDue: 4, overdue: 1 }).overdue).toBe(1 / 4);
  });

  it('moves a due count (and its on-time count) with a revised deadline', () => {
    const [first, second] = [runs.c.perEvent[4]!, runs.c.perEvent[6]!].map((deltas) =>
      deltas.filter((delta) => delta.hash.endsWith(':none:all')),
    );
    expect(first).toEqual(
      expect.arrayContaining([
        { hash: 'day:2026-03-07:none:all', field: 'replyDue', by: -1 },
        { hash: 'day:2026-03-08:none:all', field: 'replyDue', by: 1 },
      ]),
    );
    expect(first).toHaveLength(2);
    expect(second).toEqual(
      expect.arrayContaining([
        { hash: 'day:2026-03-08:none:all', field: 'replyDue', by: -1 },
        { hash: 'day:2026-03-08:none:all', field: 'repliedOnTime', by: -1 },
        { hash: 'day:2026-03-09:none:all', field: 'replyDue', by: 1 },
        { hash: 'day:2026-03-09:none:all', field: 'repliedOnTime', by: 1 },
      ]),
    );
    expect(second).toHaveLength(4);
  });

  it('moves the reply due count with an approved extension, and counts the extension on its own day', () => {
    const extension = runs.b.perEvent[10]!.filter((delta) => delta.hash.endsWith(':none:all'));
    expect(extension).toEqual(
      expect.arrayContaining([
        { hash: 'day:2026-03-04:none:all', field: 'extended', by: 1 },
        { hash: 'day:2026-03-08:none:all', field: 'replyDue', by: -1 },
        { hash: 'day:2026-03-18:none:all', field: 'replyDue', by: 1 },
      ]),
    );
    expect(extension).toHaveLength(3);
  });

  it('counts by the unit at the time of the event; a return keeps the due counts of the stage against the returning unit', () => {
    expect(overDays(all, `unit:${UNIT}`)).toEqual({
      dispatched: 3,
      returned: 1,
      firstContactDue: 3,
      firstContactOnTime: 1,
      replyDue: 3,
      repliedOnTime: 2,
      callbacksDue: 1,
      callbacksDone: 1,
      replied: 1,
      resolved: 1,
      handlingMinutes: 845,
      rated: 1,
      basicallySatisfied: 1,
    });
    expect(overDays(all, `unit:${OTHER_UNIT}`)).toEqual({
      dispatched: 1,
      firstContactDue: 1,
      extended: 1,
      replyDue: 2,
      replied: 1,
      unresolved: 1,
      handlingMinutes: 404 * 60 + 5,
      callbacksDue: 1,
      callbacksDone: 1,
      rated: 1,
      dissatisfied: 1,
      reopened: 1,
    });
    expect(ratesFromCounts(overDays(all, `unit:${UNIT}`)).return).toBe(1 / 3);
    // The return: returned +1 for the unit; its first-contact and reply due counts stay (handing a ticket back
    // before its deadline takes nothing out of the unit's count).
    expect(runs.b.perEvent[4]!.filter((delta) => delta.hash.startsWith('day:2026-03-03:unit:'))).toEqual([
      { hash: `day:2026-03-03:unit:${UNIT}`, field: 'returned', by: 1 },
    ]);
    expect(runs.b.perEvent[4]!.filter((delta) => delta.by < 0)).toEqual([]);
  });

  it("counts the district's deadline on the day it falls, moved by the district's grant, on time by the first reply upstream", () => {
    const granted: TicketEvent = {
      type: 'UpstreamExtensionDecided',
      data: {
        granted: true,
        reason: '同意延期',
        at: iso(30),
        upstream: { ...upstream, dueAt: iso(600), warnAt: iso(500) },
      },
    };
    const late = run('t-8', [ev.received(0), granted, ev.repliedUpstream(590)]);
    const days = byDay(totals(late.perEvent.flat()), 'none:all');
    expect(days['2026-03-23']).toBeUndefined();
    expect(days[shanghaiDay(iso(600))]).toEqual(
      expect.objectContaining({ upstreamDue: 1, upstreamOnTime: 1 }),
    );
  });

  it('skips a dimension whose value is unknown', () => {
    const dimensions = (deltas: readonly CounterDelta[]) =>
      [...new Set(deltas.map((delta) => delta.hash.split(':')[2]))].sort();
    expect(dimensions(runs.a.perEvent[0]!)).toEqual(['category', 'channel', 'grid', 'none', 'type']);
    expect(dimensions(runs.b.perEvent[0]!)).toEqual(['category', 'none', 'type']);
    expect(dimensions(runs.b.perEvent[2]!)).toEqual(['category', 'none', 'type', 'unit']);
    expect(overDays(all, 'grid:grid-07').received).toBe(2);
    expect(overDays(all, 'type:help')).toEqual(expect.objectContaining({ received: 1, reopened: 1 }));
    expect(overDays(all, 'channel:phone').received).toBe(2);
  });

  it('ignores unknown events, and a redelivered intake counts once', () => {
    const [event] = recorded('t-9', [ev.received()]);
    const doc = projection.evolve(undefined, event!);
    expect(projection.evolve(doc, event!)).toBe(doc);
    expect(projection.counters?.(doc, doc, event!)).toEqual([]);
    const unknown = { ...event!, type: 'SomethingElse' };
    expect(projection.evolve(doc, unknown)).toBe(doc);
    expect(projection.counters?.(doc, doc, unknown)).toEqual([]);
  });

  describe('what the district counts (issue 17)', () => {
    const callback = (
      at: number,
      extra: { resolved?: boolean; ratings?: Record<string, string>; satisfaction?: string },
    ): TicketEvent =>
      ({
        type: 'CallbackRecorded',
        data: {
          by: 'hotline',
          outcome: 'reached',
          satisfaction: 'satisfied',
          note: undefined,
          at: iso(at),
          ...extra,
        },
      }) as TicketEvent;
    const sum = (events: readonly TicketEvent[], slice = 'none:all') =>
      overDays(totals(run(`t-${++position}`, events).perEvent.flat()), slice);

    it("counts the citizen's resolved answer once per reply upstream, beside the unit's claim", () => {
      const counts = sum([
        ...history.replied,
        callback(15, { resolved: false }),
        // A second callback of the same reply changes nothing.
        callback(16, { resolved: true }),
        ev.reopened(17),
        ev.repliedUpstream(40),
        callback(41, { resolved: true }),
      ]);
      expect(counts).toMatchObject({ resolutionAnswered: 2, resolvedByCitizen: 1, resolved: 2, replied: 2 });
      expect(ratesFromCounts(counts)).toMatchObject({ resolution: 1 / 2, resolutionClaimed: 1 });
    });

    it('counts the ratings of efficiency, attitude and result with the satisfaction of the same callback', () => {
      const counts = sum([
        ...history.replied,
        callback(15, {
          satisfaction: 'basically-satisfied',
          ratings: { efficiency: 'satisfied', attitude: 'dissatisfied' },
        }),
      ]);
      expect(counts).toMatchObject({
        rated: 1,
        basicallySatisfied: 1,
        efficiencyRated: 1,
        efficiencySatisfied: 1,
        attitudeRated: 1,
        attitudeDissatisfied: 1,
      });
      expect(counts.resultRated).toBeUndefined();
      expect(ratesFromCounts(counts, { satisfactionWeight: 0.6 })).toMatchObject({
        satisfaction: 0.6,
        satisfactionEfficiency: 1,
        satisfactionAttitude: 0,
        satisfactionResult: null,
      });
    });

    it("counts the street's 退单 upstream against the street, not a unit", () => {
      const counts = sum(history['returned-upstream']);
      expect(counts).toMatchObject({ received: 1, returnedUpstream: 1 });
      expect(ratesFromCounts(counts).returnUpstream).toBe(1);
    });

    it('takes the concluded mark of a street callback from the decider, as the gate and the checklist do', () => {
      const notConcluded = { ...ev.streetCallback(undefined, 'refused', 13) };
      (notConcluded.data as { concluded?: boolean }).concluded = false;
      const counts = sum([...history['street-callback'], notConcluded]);
      expect(counts.callbacksDue).toBe(1);
      expect(counts.callbacksDone).toBeUndefined();
    });

    it('indexes a ticket once an exclusion is approved, never while it is only requested or after a rejection', () => {
      const requested: TicketEvent = {
        type: 'ExclusionRequested',
        data: { kind: 'unreasonable', reason: '诉求不合理', rates: ['satisfaction'], at: iso(20) },
      };
      const decided = (approved: boolean): TicketEvent => ({
        type: 'ExclusionDecided',
        data: { approved, kind: 'unreasonable', rates: ['satisfaction'], at: iso(21) },
      });
      const rejected = run('t-rejected', [...history.replied, requested, decided(false)]).doc!;
      expect(projection.indexes(rejected)).toEqual([]);
      const approved = run('t-approved', [...history.replied, requested, decided(true)]).doc!;
      expect(projection.indexes(approved)).toEqual([
        { set: 'excluded', member: 'ticket-t-approved', score: 0 },
      ]);
      expect(approved.exclusion?.rates).toEqual(['satisfaction']);
    });

    it('lists the ticket in the case index of every month its counts went to', () => {
      const events = recorded('t-months', history.accepted);
      let doc: HotlineRatesDoc | undefined;
      const months = new Set<string>();
      for (const event of events) {
        const after = projection.evolve(doc, event);
        for (const delta of projection.counters?.(doc, after, event) ?? []) {
          if (delta.hash.startsWith('cases:')) {
            expect(delta).toEqual({ hash: delta.hash, field: 'ticket-t-months', by: 1 });
            months.add(delta.hash);
          }
        }
        doc = after;
      }
      // Received, signed and accepted in March; the district's deadline falls in March too.
      expect([...months]).toEqual(['cases:2026-03']);
    });
  });
});
