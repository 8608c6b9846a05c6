import type { RecordedEvent } from '#event-store';
import type { FindingEvent, FindingReport } from '#grid';
import {
  category,
  due,
  ev,
  GRID,
  iso,
  patrolReport,
  publicReport,
  UNIT,
} from '#grid/testing/finding-fixtures';
import type { CounterDelta } from '../projection.js';
import { dayDeltasByValue } from './bucket-testing.js';
import {
  gridAveragesFromCounts,
  type GridRatesDoc,
  gridRatesProjection as projection,
  ratesFromGridCounts,
} from './grid-rates.projection.js';

/*
 * Time is in hours from T0 = Monday 2 March 2026, 09:00 in Shanghai (fixtures); hour 15 is already 3 March, hour 39
 * 4 March, hour 63 5 March. Category 事件 04-06: handling and rework 2 h; fake deadlines: file 1 h, check 24 h, an
 * extension of N working days is N × 24 h from the stage start.
 */
const CATEGORY = 'event-04-06';
const UNIT_B = 'unit-market';
const INSPECTOR = 'inspector-a';
const OTHER_INSPECTOR = 'inspector-b';

/** An event and who caused it (the actor of its metadata). */
interface Step {
  readonly event: FindingEvent;
  readonly actor?: { readonly id: string; readonly role: string };
}
const by = (inspector: string, event: FindingEvent): Step => ({
  event,
  actor: { id: inspector, role: 'inspector' },
});
const step = (entry: FindingEvent | Step): Step => ('event' in entry ? entry : { event: entry });

let position = 0;
/** Recorded copies of one finding's events, at increasing global positions. */
const recorded = (finding: string, steps: readonly (FindingEvent | Step)[]): RecordedEvent[] =>
  steps.map(step).map(({ event, actor }, revision) => ({
    id: `${finding}-e-${revision}`,
    stream: `finding-${finding}`,
    revision,
    position: String(++position),
    type: event.type,
    data: event.data,
    metadata: actor ? { actor } : {},
    recordedAt: event.data.at,
  }));

/** Every counter delta of one finding's history, event by event (day buckets, one hash per dimension value). */
function run(finding: string, steps: readonly (FindingEvent | Step)[]) {
  let doc: GridRatesDoc | undefined;
  const perEvent: CounterDelta[][] = [];
  for (const event of recorded(finding, steps)) {
    const after = projection.evolve(doc, event);
    perEvent.push(dayDeltasByValue(projection.counters?.(doc, after, event) ?? []));
    doc = after;
  }
  return { doc, perEvent, all: perEvent.flat() };
}

type Totals = Record<string, Record<string, number>>;
/** The deltas summed per hash and field, without fields that net to zero. */
function totals(deltas: readonly CounterDelta[]): Totals {
  const out: Totals = {};
  for (const { hash, field, by: n } of deltas) {
    const fields = (out[hash] ??= {});
    fields[field] = (fields[field] ?? 0) + n;
    if (fields[field] === 0) delete fields[field];
    if (Object.keys(fields).length === 0) delete out[hash];
  }
  return out;
}
/** The counts of one dimension value (`none:all`, `unit:x`), by day. */
const byDay = (deltas: readonly CounterDelta[], slice: string): Totals =>
  Object.fromEntries(
    Object.entries(totals(deltas))
      .filter(([hash]) => hash.endsWith(`:${slice}`))
      .map(([hash, fields]) => [hash.slice('day:'.length, 'day:'.length + 10), fields]),
  );
/** One dimension value's counts summed over the days. */
const overDays = (deltas: readonly CounterDelta[], slice = 'none:all'): Record<string, number> => {
  const sum: Record<string, number> = {};
  for (const fields of Object.values(byDay(deltas, slice)))
    for (const [field, n] of Object.entries(fields)) sum[field] = (sum[field] ?? 0) + n;
  return sum;
};
/** The deltas of one event for one dimension value, as [day, count, by]. */
const moves = (deltas: readonly CounterDelta[], slice = 'none:all') =>
  deltas
    .filter((delta) => delta.hash.endsWith(`:${slice}`))
    .map((delta) => [delta.hash.slice('day:'.length, 'day:'.length + 10), delta.field, delta.by])
    .sort();

const report = (
  findingId: string,
  base: FindingReport = patrolReport,
  extra: Partial<FindingReport> = {},
) => ({
  ...base,
  ...extra,
  findingId,
});
const reported = (findingId: string, at = 0, base: FindingReport = patrolReport) =>
  ev.reported(report(findingId, base), at);

/** 处置反馈 at `at` for the stage that started at `start`, on time or not as given (an extension may have moved it). */
const handled = (
  at: number,
  start: number,
  onTime: boolean,
  stage: 'handle' | 'rework' = 'handle',
  unitId = UNIT,
) => {
  const event = ev.handled(at, start, stage) as Extract<FindingEvent, { type: 'FindingHandled' }>;
  return { ...event, data: { ...event.data, onTime, unitId } };
};
const dispatchedTo = (unitId: string, at: number, since: number | null = null): FindingEvent => {
  const event = ev.dispatched(at, since) as Extract<FindingEvent, { type: 'FindingDispatched' }>;
  return { ...event, data: { ...event.data, unitId } };
};
const returnedBy = (unitId: string, at: number): FindingEvent => ({
  type: 'FindingReturned',
  data: { unitId, reason: '非本单位职责', at: iso(at), dispatch: due('dispatch', at) },
});
const parked = (at: number, from: 'filed' | 'dispatched'): FindingEvent => ({
  type: 'FindingParked',
  data: { reason: '需立项整治', from, at: iso(at) },
});
const cancelled = (at: number, from: 'reported' | 'awaiting-filing'): FindingEvent => ({
  type: 'FindingCancelled',
  data: { reason: '重复上报', from, at: iso(at) },
});
const extended = (
  at: number,
  stage: 'handle' | 'rework',
  start: number,
  workingDays: number,
): FindingEvent => ({
  type: 'FindingExtensionApproved',
  data: { at: iso(at), deadline: due(stage, start, workingDays) },
});
const revised = (old: ReturnType<typeof due>, dueAt: string): FindingEvent => ({
  type: 'FindingDeadlineRevised',
  data: { stage: old.stage, old, new: { ...old, dueAt }, reason: 'official-calendar', at: iso(2) },
});

// Closed at the first check: reported by the inspector on patrol at 0, filed on time at 0.5, dispatched at 1
// (handling due 3), handled on time at 2 (check due 26, 3 March), checked by the same inspector and closed at 3.
const closedAtOnce = (id: string, checkAt = 3, checker = INSPECTOR): (FindingEvent | Step)[] => [
  by(INSPECTOR, reported(id)),
  ev.filed(),
  ev.dispatched(),
  handled(2, 1, true),
  by(checker, ev.checked(true, checkAt, 2)),
  ev.closed(checkAt, checkAt <= 26),
];

// The handling extended by 2 working days at 1.5 (due 49, 4 March), handled on time at 20 (3 March; check due 44,
// 4 March); the check fails at 30: rework due 32 (3 March), handled late at 40 (check due 64, 5 March), checked
// and closed at 50.
const reworkedOnce: (FindingEvent | Step)[] = [
  by(INSPECTOR, reported('f-rework')),
  ev.filed(),
  ev.dispatched(1),
  extended(1.5, 'handle', 1, 2),
  handled(20, 1, true),
  by(INSPECTOR, ev.checked(false, 30, 20)),
  ev.reworkStarted(30),
  handled(40, 30, false, 'rework'),
  by(INSPECTOR, ev.checked(true, 50, 40)),
  ev.closed(50, false),
];

describe('gridRatesProjection', () => {
  it('is a new version of the finding projection, without indexes', () => {
    expect(projection.name).toBe('grid-rates');
    expect(projection.version).toBe(3);
    expect(projection.categories).toEqual(['finding']);
    expect(projection.indexes(run('f-idx', closedAtOnce('f-idx')).doc!)).toEqual([]);
  });

  it('counts a finding closed at the first check once in every figure', () => {
    const { all } = run('f-once', closedAtOnce('f-once'));
    expect(byDay(all, 'none:all')).toEqual({
      '2026-03-02': {
        reported: 1,
        valid: 1,
        filed: 1,
        filedOnTime: 1,
        dispatched: 1,
        handleDue: 1,
        handledOnTime: 1,
        closeDue: 1,
        closed: 1,
        closedOnTime: 1,
        handled: 1,
        handlingMinutes: 60,
        firstTimeFixed: 1,
      },
      '2026-03-03': { checkDue: 1, checkedOnTime: 1 },
    });
    expect(gridAveragesFromCounts(overDays(all))).toEqual({ handlingHours: 1 });
  });

  it('counts a finding a unit never answers as due to close, so its closure rate is 0, not empty', () => {
    const { all } = run('f-silent', [reported('f-silent'), ev.filed(), ev.dispatched(1)]);
    expect(overDays(all, `unit:${UNIT}`)).toEqual({ dispatched: 1, handleDue: 1, closeDue: 1 });
    expect(ratesFromGridCounts(overDays(all, `unit:${UNIT}`))).toMatchObject({
      closure: 0,
      onTimeClosure: 0,
      accurateDispatch: 1,
      rework: null,
      checkOnTime: null,
    });
  });

  it('keeps one 应结案 per finding through an extension and a rework; the rework counts once as a case', () => {
    const { all, perEvent } = run('f-rework', reworkedOnce);
    // The extension moves the handling stage and the 应结案 together.
    expect(moves(perEvent[3]!)).toEqual([
      ['2026-03-02', 'closeDue', -1],
      ['2026-03-02', 'handleDue', -1],
      ['2026-03-04', 'closeDue', 1],
      ['2026-03-04', 'handleDue', 1],
    ]);
    expect(byDay(all, `unit:${UNIT}`)).toEqual({
      '2026-03-02': { dispatched: 1 },
      // The first handling (hour 20) and its failed check: handled, reworked as a case; the rework's own stage.
      '2026-03-03': { handled: 1, handlingMinutes: 19 * 60, reworkCases: 1, reworked: 1, handleDue: 1 },
      // The extended deadline: the first handling's stage on time; closed after the rework, not on time (the
      // rework was handled late).
      '2026-03-04': { handleDue: 1, handledOnTime: 1, closeDue: 1, closed: 1 },
    });
    expect(overDays(all)).toMatchObject({ checkDue: 2, checkedOnTime: 2, handled: 1, reworked: 1 });
    expect(ratesFromGridCounts(overDays(all, `unit:${UNIT}`))).toMatchObject({
      closure: 1,
      onTimeClosure: 0,
      onTimeHandling: 1 / 2,
      rework: 1,
      firstTimeFix: 0,
    });
  });

  it('counts rework times apart from reworked cases', () => {
    const { all } = run('f-twice', [
      ...reworkedOnce.slice(0, 8),
      by(INSPECTOR, ev.checked(false, 50, 40)),
      ev.reworkStarted(50, 2),
      handled(51, 50, true, 'rework'),
      by(INSPECTOR, ev.checked(true, 52, 51)),
      ev.closed(52, true),
    ]);
    expect(overDays(all)).toMatchObject({
      handled: 1,
      reworkCases: 1,
      reworked: 2,
      closed: 1,
      closedOnTime: 1,
    });
    expect(overDays(all).firstTimeFixed).toBeUndefined();
  });

  it('charges a late check to the inspector who made it, never to the unit', () => {
    const onTime = run('f-check-on-time', closedAtOnce('f-check-on-time'));
    // Checked at hour 40, 14 hours after its due time, by another inspector of the grid.
    const late = run('f-check-late', closedAtOnce('f-check-late', 40, OTHER_INSPECTOR));
    expect(overDays(late.all, `unit:${UNIT}`)).toEqual(overDays(onTime.all, `unit:${UNIT}`));
    expect(overDays(late.all, `unit:${UNIT}`)).toMatchObject({ closed: 1, closedOnTime: 1 });
    expect(overDays(late.all, `unit:${UNIT}`).checkDue).toBeUndefined();
    expect(ratesFromGridCounts(overDays(late.all, `unit:${UNIT}`)).onTimeClosure).toBe(1);
    expect(overDays(late.all, `inspector:${OTHER_INSPECTOR}`)).toEqual({ checkDue: 1 });
    expect(overDays(onTime.all, `inspector:${INSPECTOR}`)).toEqual({ checkDue: 1, checkedOnTime: 1 });
    expect(ratesFromGridCounts(overDays(late.all, `inspector:${OTHER_INSPECTOR}`)).checkOnTime).toBe(0);
    expect(ratesFromGridCounts(overDays(late.all)).checkOnTime).toBe(0);
    // Until the check is made, it is due from the inspector who reported the finding; the checker takes it over.
    expect(moves(late.perEvent[3]!, `inspector:${INSPECTOR}`)).toEqual([['2026-03-03', 'checkDue', 1]]);
    expect(moves(late.perEvent[4]!, `inspector:${INSPECTOR}`)).toEqual([['2026-03-03', 'checkDue', -1]]);
    expect(moves(late.perEvent[4]!, `inspector:${OTHER_INSPECTOR}`)).toEqual([['2026-03-03', 'checkDue', 1]]);
    expect(moves(late.perEvent[4]!)).toEqual([]);
  });

  it('charges a return to the dispatch it gives back, and moves the 应结案 with the re-dispatch', () => {
    const { all, perEvent } = run('f-return', [
      reported('f-return', 8),
      ev.filed(8.5),
      dispatchedTo(UNIT, 9, 8.5),
      returnedBy(UNIT, 10),
      dispatchedTo(UNIT_B, 30, 10),
      handled(31, 30, true, 'handle', UNIT_B),
    ]);
    // The return withdraws the handling stage and leaves the 应结案 where it was until the next dispatch.
    expect(moves(perEvent[3]!, `unit:${UNIT}`)).toEqual([
      ['2026-03-02', 'dispatchReturned', 1],
      ['2026-03-02', 'handleDue', -1],
    ]);
    expect(moves(perEvent[4]!)).toEqual([
      ['2026-03-02', 'closeDue', -1],
      ['2026-03-03', 'closeDue', 1],
      ['2026-03-03', 'dispatched', 1],
      ['2026-03-03', 'handleDue', 1],
    ]);
    expect(overDays(all, `unit:${UNIT}`)).toEqual({ dispatched: 1, dispatchReturned: 1 });
    expect(overDays(all, `unit:${UNIT_B}`)).toEqual({
      dispatched: 1,
      handleDue: 1,
      handledOnTime: 1,
      closeDue: 1,
      handled: 1,
      handlingMinutes: 60,
    });
    const rates = ratesFromGridCounts(overDays(all));
    expect(rates.accurateDispatch).toBe(1 / 2);
    expect(ratesFromGridCounts(overDays(all, `unit:${UNIT}`)).accurateDispatch).toBe(0);
    expect(ratesFromGridCounts(overDays(all, `unit:${UNIT_B}`)).accurateDispatch).toBe(1);
  });

  it('counts a parked (挂账) finding as deferred (缓办) while it is parked, out of the closure denominators', () => {
    const parkedRun = run('f-park', [
      reported('f-park'),
      ev.filed(),
      ev.dispatched(1),
      parked(2, 'dispatched'),
    ]);
    const counts = overDays(parkedRun.all, `unit:${UNIT}`);
    expect(counts).toEqual({ dispatched: 1, closeDue: 1, deferred: 1 });
    expect(ratesFromGridCounts(counts)).toMatchObject({ closure: null, onTimeClosure: null });
    // Dispatched again at hour 40: no longer deferred, due at the new deadline (4 March).
    const again = run('f-park-2', [
      reported('f-park-2'),
      ev.filed(),
      ev.dispatched(1),
      parked(2, 'dispatched'),
      ev.dispatched(40, null),
    ]);
    expect(moves(again.perEvent[4]!)).toEqual([
      ['2026-03-02', 'closeDue', -1],
      ['2026-03-02', 'deferred', -1],
      ['2026-03-04', 'closeDue', 1],
      ['2026-03-04', 'dispatched', 1],
      ['2026-03-04', 'handleDue', 1],
    ]);
    // Parked before any dispatch: nothing was due to close, so nothing is deferred.
    const early = run('f-park-3', [reported('f-park-3'), ev.filed(), parked(1, 'filed')]);
    expect(overDays(early.all)).toEqual({ reported: 1, valid: 1, filed: 1, filedOnTime: 1 });
  });

  it('counts a valid report on the day of the report, and takes it back when cancelled (作废)', () => {
    const patrol = run('f-cancel', [reported('f-cancel'), cancelled(30, 'awaiting-filing')]);
    expect(moves(patrol.perEvent[1]!)).toEqual([['2026-03-02', 'valid', -1]]);
    expect(overDays(patrol.all)).toEqual({ reported: 1 });
    expect(ratesFromGridCounts(overDays(patrol.all)).valid).toBe(0);
    const verifiedThenCancelled = run('f-cancel-2', [
      reported('f-cancel-2', 0, publicReport),
      by(INSPECTOR, ev.verified(0.5)),
      cancelled(1, 'awaiting-filing'),
    ]);
    expect(overDays(verifiedThenCancelled.all)).toEqual({ reported: 1 });
    const unverified = run('f-cancel-3', [reported('f-cancel-3', 6, publicReport), cancelled(7, 'reported')]);
    expect(overDays(unverified.all)).toEqual({ reported: 1 });
    // A public report verified the next day is a valid report of the day it was made.
    const verified = run('f-verified', [reported('f-verified', 0, publicReport), ev.verified(20)]);
    expect(moves(verified.perEvent[1]!)).toEqual([['2026-03-02', 'valid', 1]]);
    expect(byDay(verified.all, 'none:all')).toEqual({ '2026-03-02': { reported: 1, valid: 1 } });
  });

  it('counts a self-handled finding (自行处置) apart: valid, never due to close', () => {
    const { all } = run('f-self', [
      {
        type: 'FindingReported',
        data: {
          report: report('f-self', patrolReport, { selfHandled: true, afterPhotos: ['photo-after-3'] }),
          category,
          at: iso(5),
        },
      },
      { type: 'FindingClosed', data: { via: 'self-handled', at: iso(5), onTime: true } },
    ]);
    expect(overDays(all)).toEqual({ reported: 1, valid: 1, selfHandled: 1 });
  });

  it('moves the due counts of the open stage with a calendar revision; a rework’s revision leaves the 应结案', () => {
    const base = [reported('f-r1'), ev.filed(), ev.dispatched(1)];
    const handle = run('f-r1', [...base, revised(due('handle', 1), iso(41))]);
    expect(moves(handle.perEvent.at(-1)!)).toEqual([
      ['2026-03-02', 'closeDue', -1],
      ['2026-03-02', 'handleDue', -1],
      ['2026-03-04', 'closeDue', 1],
      ['2026-03-04', 'handleDue', 1],
    ]);
    const rework = run('f-r2', [...reworkedOnce.slice(0, 7), revised(due('rework', 30), iso(64))]);
    expect(moves(rework.perEvent.at(-1)!)).toEqual([
      ['2026-03-03', 'handleDue', -1],
      ['2026-03-05', 'handleDue', 1],
    ]);
    const check = run('f-r3', [...base, handled(2, 1, true), revised(due('check', 2), iso(64))]);
    expect(moves(check.perEvent.at(-1)!)).toEqual([
      ['2026-03-03', 'checkDue', -1],
      ['2026-03-05', 'checkDue', 1],
    ]);
    // The step clocks have no due counts: their revision changes no count.
    const dispatch = run('f-r4', [reported('f-r4'), ev.filed(), revised(due('dispatch', 0.5), iso(30))]);
    expect(dispatch.perEvent.at(-1)).toEqual([]);
  });

  it('slices by unit, grid, category, source and inspector; checks go to the inspector, not the unit', () => {
    const { all, perEvent } = run('f-slices', closedAtOnce('f-slices'));
    expect(overDays(all, `unit:${UNIT}`)).toEqual({
      dispatched: 1,
      handleDue: 1,
      handledOnTime: 1,
      closeDue: 1,
      closed: 1,
      closedOnTime: 1,
      handled: 1,
      handlingMinutes: 60,
      firstTimeFixed: 1,
    });
    expect(overDays(all, `inspector:${INSPECTOR}`)).toEqual({ checkDue: 1, checkedOnTime: 1 });
    expect(overDays(all, `grid:${GRID}`)).toEqual(overDays(all));
    expect(overDays(all, `category:${CATEGORY}`)).toEqual(overDays(all));
    expect(overDays(all, 'source:patrol')).toEqual(overDays(all));
    const dimensions = (deltas: readonly CounterDelta[]) =>
      [...new Set(deltas.map((delta) => delta.hash.split(':')[2]))].sort();
    expect(dimensions(perEvent[0]!)).toEqual(['category', 'grid', 'none', 'source']);
    expect(dimensions(perEvent[2]!)).toEqual(['category', 'grid', 'none', 'source', 'unit']);
    // The check: every dimension but the unit.
    expect(dimensions(perEvent[4]!)).toEqual(['category', 'grid', 'inspector', 'none', 'source']);
  });

  it('gives the rates of a period from the summed counts', () => {
    const runs = [
      run('p-1', closedAtOnce('p-1')),
      run('p-2', reworkedOnce),
      run('p-3', [reported('p-3'), ev.filed(), ev.dispatched(1)]),
      run('p-4', [reported('p-4', 6, publicReport), cancelled(7, 'reported')]),
    ];
    const counts = overDays(runs.flatMap((r) => r.all));
    expect(counts).toMatchObject({
      reported: 4,
      valid: 3,
      dispatched: 3,
      closeDue: 3,
      closed: 2,
      closedOnTime: 1,
      handled: 2,
      reworkCases: 1,
      firstTimeFixed: 1,
      checkDue: 3,
      checkedOnTime: 3,
    });
    expect(ratesFromGridCounts(counts)).toEqual({
      valid: 3 / 4,
      filedOnTime: 1,
      onTimeHandling: 2 / 4,
      closure: 2 / 3,
      onTimeClosure: 1 / 3,
      rework: 1 / 2,
      firstTimeFix: 1 / 2,
      accurateDispatch: 1,
      checkOnTime: 1,
    });
    expect(gridAveragesFromCounts(counts)).toEqual({ handlingHours: (60 + 19 * 60) / 60 / 2 });
  });

  it('gives null for a rate or an average with nothing due', () => {
    expect(ratesFromGridCounts({ reported: 1 })).toEqual({
      valid: 0,
      filedOnTime: null,
      onTimeHandling: null,
      closure: null,
      onTimeClosure: null,
      rework: null,
      firstTimeFix: null,
      accurateDispatch: null,
      checkOnTime: null,
    });
    expect(ratesFromGridCounts({ closeDue: 2, deferred: 2, closed: 0 }).closure).toBeNull();
    expect(gridAveragesFromCounts({ handlingMinutes: 0 })).toEqual({ handlingHours: null });
    expect(gridAveragesFromCounts({ handled: 3, handlingMinutes: 100 })).toEqual({ handlingHours: 0.56 });
  });

  it('ignores unknown events, and a redelivered report counts once', () => {
    const [event] = recorded('f-9', [reported('f-9')]);
    const doc = projection.evolve(undefined, event!);
    expect(projection.evolve(doc, event!)).toBe(doc);
    expect(projection.counters?.(doc, doc, event!)).toEqual([]);
    const unknown = { ...event!, type: 'SomethingElse' };
    expect(projection.evolve(doc, unknown)).toBe(doc);
    expect(projection.counters?.(doc, doc, unknown)).toEqual([]);
  });
});
