import type { RecordedEvent } from '#event-store';
import type { FindingEvent, FindingReport } from '#grid';
import {
  category,
  due,
  ev,
  GRID,
  history,
  iso,
  patrolReport,
  publicReport,
  UNIT,
} from '#grid/testing/finding-fixtures';
import type { CounterDelta } from '../projection.js';
import { dayDeltasByValue } from './bucket-testing.js';
import {
  type GridRatesDoc,
  gridRatesProjection as projection,
  ratesFromGridCounts,
} from './grid-rates.projection.js';

/*
 * Time is in hours from T0 = Monday 2 March 2026, 09:00 in Shanghai (fixtures); hour 15 is already 3 March, hour 39
 * 4 March, hour 63 5 March. Category 事件 04-06 (2 h); fake deadlines: file 1 h, check 24 h, an extension of N working
 * days is N × 24 h from the stage start.
 */
const CATEGORY = 'event-04-06';

let position = 0;
/** Recorded copies of one finding's events, at increasing global positions. */
const recorded = (finding: string, events: readonly FindingEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    id: `${finding}-e-${revision}`,
    stream: `finding-${finding}`,
    revision,
    position: String(++position),
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt: event.data.at,
  }));

/** Every counter delta of one finding's history, event by event. */
function run(finding: string, events: readonly FindingEvent[]) {
  let doc: GridRatesDoc | undefined;
  const perEvent: CounterDelta[][] = [];
  for (const event of recorded(finding, events)) {
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

const report = (
  findingId: string,
  base: FindingReport = patrolReport,
  extra: Partial<FindingReport> = {},
) => ({
  ...base,
  ...extra,
  findingId,
});

// f-1: patrol, filed on time, dispatched at 1 (handle due 3), handled at 2 on time (check due 26, 3 March),
// checked and closed on time at 3.
const findingA = history.closed;

// f-2: patrol; dispatched at 1, the handling extended to 2 working days (due 49, 4 March) at 1.5, handled at 20 on
// time (check due 44, 4 March); the check fails at 30: rework due 32 (3 March), handled late at 40 (check due 64,
// 5 March), checked at 50 and closed late (4 March).
const handledOnTime = ev.handled(20, 1);
const findingB: FindingEvent[] = [
  ev.reported(report('f-2')),
  ev.filed(),
  ev.dispatched(1),
  { type: 'FindingExtensionApproved', data: { at: iso(1.5), deadline: due('handle', 1, 2) } },
  {
    ...handledOnTime,
    data: {
      ...(handledOnTime.data as Extract<FindingEvent, { type: 'FindingHandled' }>['data']),
      onTime: true,
    },
  } as FindingEvent,
  ev.checked(false, 30, 20),
  ev.reworkStarted(30),
  ev.handled(40, 30, 'rework'),
  ev.checked(true, 50, 40),
  ev.closed(50, false),
];

// f-3: patrol, fixed on the spot at hour 5 (自行处置).
const findingC: FindingEvent[] = [
  {
    type: 'FindingReported',
    data: {
      report: report('f-3', patrolReport, { selfHandled: true, afterPhotos: ['photo-after-3'] }),
      category,
      at: iso(5),
    },
  },
  { type: 'FindingClosed', data: { via: 'self-handled', at: iso(5), onTime: true } },
];

// f-4: a public report cancelled (作废) before verification.
const findingD: FindingEvent[] = [
  ev.reported(report('f-4', publicReport), 6),
  { type: 'FindingCancelled', data: { reason: '重复上报', from: 'reported', at: iso(7) } },
];

// f-5: patrol, filed, dispatched at 9 and returned to the center at 10 (the handling due count is withdrawn).
const findingE: FindingEvent[] = [
  ev.reported(report('f-5'), 8),
  ev.filed(8.5),
  ev.dispatched(9),
  { type: 'FindingReturned', data: { unitId: UNIT, reason: '非本单位职责', at: iso(10) } },
];

const runs = {
  a: run('f-1', findingA),
  b: run('f-2', findingB),
  c: run('f-3', findingC),
  d: run('f-4', findingD),
  e: run('f-5', findingE),
};
const all = totals(Object.values(runs).flatMap((r) => r.perEvent.flat()));

describe('gridRatesProjection', () => {
  it('is a finding projection without indexes', () => {
    expect(projection.name).toBe('grid-rates');
    expect(projection.version).toBe(2);
    expect(projection.categories).toEqual(['finding']);
    expect(projection.indexes(runs.a.doc!)).toEqual([]);
  });

  it('keeps only what the counters need', () => {
    expect(runs.b.doc).toEqual({
      source: 'patrol',
      gridId: GRID,
      category: CATEGORY,
      unitId: UNIT,
      handle: expect.objectContaining({ stage: 'rework', day: '2026-03-03', unitId: UNIT, onTime: false }),
      check: expect.objectContaining({ day: '2026-03-05', unitId: UNIT, onTime: false }),
    });
    expect(runs.e.doc).toEqual(expect.objectContaining({ unitId: null, handle: null, check: null }));
  });

  it('sums to the hand-computed daily totals', () => {
    expect(byDay(all, 'none:all')).toEqual({
      '2026-03-02': {
        reported: 5,
        valid: 4,
        filed: 3,
        filedOnTime: 3,
        dispatched: 3,
        handleDue: 1,
        handledOnTime: 1,
        closed: 1,
        selfHandled: 1,
      },
      '2026-03-03': { checkDue: 1, closedOnTime: 1, reworked: 1, handleDue: 1 },
      '2026-03-04': { handleDue: 1, handledOnTime: 1, checkDue: 1, closed: 1 },
      '2026-03-05': { checkDue: 1 },
    });
  });

  it('gives the rates of the period from the summed counts', () => {
    const rates = ratesFromGridCounts(overDays(all, 'none:all'));
    expect(rates).toEqual({
      valid: 4 / 5,
      filedOnTime: 1,
      onTimeHandling: 2 / 3,
      closure: 2 / 3,
      onTimeClosure: 1 / 3,
      rework: 1 / 3,
      firstTimeFix: expect.any(Number),
    });
    expect(rates.firstTimeFix).toBeCloseTo(2 / 3, 12);
  });

  it('gives null for a rate with nothing due', () => {
    expect(ratesFromGridCounts({ reported: 1 })).toEqual({
      valid: 0,
      filedOnTime: null,
      onTimeHandling: null,
      closure: null,
      onTimeClosure: null,
      rework: null,
      firstTimeFix: null,
    });
  });

  it('moves the handling due count with an approved extension', () => {
    const extension = runs.b.perEvent[3]!.filter((delta) => delta.hash.endsWith(':none:all'));
    expect(extension).toEqual(
      expect.arrayContaining([
        { hash: 'day:2026-03-02:none:all', field: 'handleDue', by: -1 },
        { hash: 'day:2026-03-04:none:all', field: 'handleDue', by: 1 },
      ]),
    );
    expect(extension).toHaveLength(2);
  });

  it('moves the due count of the open handling or check stage with a calendar revision, and counts nothing else', () => {
    const revision = (old: ReturnType<typeof due>, dueAt: string): FindingEvent => ({
      type: 'FindingDeadlineRevised',
      data: { stage: old.stage, old, new: { ...old, dueAt }, reason: 'official-calendar', at: iso(2) },
    });
    const base = [ev.reported(report('f-r1')), ev.filed(), ev.dispatched(1)];
    const handle = run('f-r1', [...base, revision(due('handle', 1), iso(41))]);
    expect(handle.perEvent.at(-1)!.filter((delta) => delta.hash.endsWith(':none:all'))).toEqual([
      { hash: 'day:2026-03-02:none:all', field: 'handleDue', by: -1 },
      { hash: 'day:2026-03-04:none:all', field: 'handleDue', by: 1 },
    ]);
    const check = run('f-r2', [
      ev.reported(report('f-r2')),
      ev.filed(),
      ev.dispatched(1),
      ev.handled(2, 1),
      revision(due('check', 2), iso(64)),
    ]);
    expect(check.perEvent.at(-1)!.filter((delta) => delta.hash.endsWith(':none:all'))).toEqual([
      { hash: 'day:2026-03-03:none:all', field: 'checkDue', by: -1 },
      { hash: 'day:2026-03-05:none:all', field: 'checkDue', by: 1 },
    ]);
    // The step clocks have no due counts: their revision changes no count.
    const dispatch = run('f-r3', [
      ev.reported(report('f-r3')),
      ev.filed(),
      revision(due('dispatch', 0.5), iso(30)),
    ]);
    expect(dispatch.perEvent.at(-1)).toEqual([]);
  });

  it('withdraws the open handling due count on a return', () => {
    expect(runs.e.perEvent[3]).toEqual(
      expect.arrayContaining([
        { hash: 'day:2026-03-02:none:all', field: 'handleDue', by: -1 },
        { hash: `day:2026-03-02:unit:${UNIT}`, field: 'handleDue', by: -1 },
      ]),
    );
    expect(runs.e.perEvent[3]!.every((delta) => delta.by === -1)).toBe(true);
  });

  it('counts self-handled findings apart from closures, and a cancelled public report as reported only', () => {
    expect(overDays(totals(runs.c.perEvent.flat()), 'none:all')).toEqual({
      reported: 1,
      valid: 1,
      selfHandled: 1,
    });
    expect(overDays(totals(runs.d.perEvent.flat()), 'none:all')).toEqual({ reported: 1 });
  });

  it('slices by unit, grid, category and source; counts before dispatch have no unit', () => {
    expect(overDays(all, `unit:${UNIT}`)).toEqual({
      dispatched: 3,
      handleDue: 3,
      handledOnTime: 2,
      checkDue: 3,
      closed: 2,
      closedOnTime: 1,
      reworked: 1,
    });
    expect(overDays(all, `grid:${GRID}`)).toEqual(overDays(all, 'none:all'));
    expect(overDays(all, `category:${CATEGORY}`)).toEqual(overDays(all, 'none:all'));
    expect(overDays(all, 'source:public')).toEqual({ reported: 1 });
    expect(overDays(all, 'source:patrol').reported).toBe(4);
    const dimensions = (deltas: readonly CounterDelta[]) =>
      [...new Set(deltas.map((delta) => delta.hash.split(':')[2]))].sort();
    expect(dimensions(runs.a.perEvent[0]!)).toEqual(['category', 'grid', 'none', 'source']);
    expect(dimensions(runs.a.perEvent[2]!)).toEqual(['category', 'grid', 'none', 'source', 'unit']);
  });

  it('ignores unknown events, and a redelivered report counts once', () => {
    const [event] = recorded('f-9', [ev.reported(report('f-9'))]);
    const doc = projection.evolve(undefined, event!);
    expect(projection.evolve(doc, event!)).toBe(doc);
    expect(projection.counters?.(doc, doc, event!)).toEqual([]);
    const unknown = { ...event!, type: 'SomethingElse' };
    expect(projection.evolve(doc, unknown)).toBe(doc);
    expect(projection.counters?.(doc, doc, unknown)).toEqual([]);
  });
});
