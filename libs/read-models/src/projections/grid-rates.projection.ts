import { asFindingEvent } from './known-events.js';
import type { FindingEvent, FindingSource, GridDeadline, HandlingStage } from '#grid';
import type { Projection } from '../projection.js';
import { dailyCounterDeltas, shanghaiDay } from './daily-counters.js';

/**
 * The grid `counts` of docs/api.md. Each is an integer in a daily bucket; "the day" is the Asia/Shanghai calendar
 * day (YYYY-MM-DD). Event counts belong to the day of the event that makes them (its server time `at`); due counts
 * belong to the day their deadline falls, and move with it (FindingExtensionApproved, and FindingDeadlineRevised of
 * the open handling or check stage after a calendar import): −1 on the old day, +1 on the new, and the matching on-time count moves with its due count. The unit of a count is the finding's unit at the
 * time of the event; a due count and its on-time count keep the unit of the stage start. Counts made before any
 * dispatch (reported, valid, filed, filedOnTime, selfHandled) have no unit.
 *
 * - reported: +1 on the day of FindingReported (every source, self-handled included).
 * - valid: +1 on the day a report proves valid: a patrol report (self-handled included) on the day of
 *   FindingReported, since an inspector found it on site and it needs no verification; a public, video or hotline
 *   report on the day of FindingVerified with `valid`. A report cancelled (作废) or found invalid before that is
 *   never valid; a patrol report cancelled later stays valid (valid means "a real problem", not "filed").
 * - filed: +1 on the day of FindingFiled (立案). filedOnTime: +1 on that day when the event says `onTime`.
 * - dispatched: +1 on the day of each FindingDispatched (unit: the unit dispatched to; a re-dispatch counts again).
 * - handleDue: +1 on the day the handling deadline falls, counted when the stage starts (FindingDispatched: the
 *   first handling; FindingReworkStarted: each 返工); an approved extension moves it. A return to the center
 *   (FindingReturned) or 挂账 (FindingParked) withdraws the open stage's count: the next dispatch starts a new one.
 *   handledOnTime: +1 on that same due day when the stage's FindingHandled says `onTime`.
 * - checkDue: +1 on the day the check (核查) deadline falls, counted when the stage starts (each FindingHandled;
 *   unit: the unit that handled). It is also the number of handlings (处置反馈), the denominator of 返工率.
 * - closed: +1 on the day of FindingClosed after a passed check (via `check`; 自行处置 counts as selfHandled only,
 *   as it was never due to close). closedOnTime: +1 on the due day of the check that closed the finding when
 *   FindingClosed says `onTime` (the last handling and the check both on time).
 * - reworked: +1 on the day of each FindingReworkStarted (返工 after a failed check).
 * - selfHandled: +1 on the day of FindingClosed via `self-handled` (自行处置数; no unit).
 */
export const GRID_COUNTS = [
  'reported',
  'valid',
  'filed',
  'filedOnTime',
  'dispatched',
  'handleDue',
  'handledOnTime',
  'checkDue',
  'closed',
  'closedOnTime',
  'reworked',
  'selfHandled',
] as const;
export type GridCount = (typeof GRID_COUNTS)[number];
export type GridCounts = Readonly<Record<GridCount, number>>;

/** The dimensions of the daily buckets; `none` has the single value `all`. */
export type GridDimension = 'none' | 'unit' | 'grid' | 'category' | 'source';

/** A due count as it was counted: the day (and unit) it went to, and whether its on-time count was made. */
export interface GridDueCount {
  /** The position of the event that started the stage: a new id is a new stage (a new count). */
  readonly id: string;
  readonly dueAt: string;
  readonly day: string;
  readonly unitId: string | null;
  /** The on-time count of the stage was made (on `day`). */
  readonly onTime: boolean;
}

/** Per finding, only what the counters need. */
export interface GridRatesDoc {
  readonly source: FindingSource;
  readonly gridId: string;
  /**
   * The sub-class in force as `<kind>-<code>` (`event-04-06`): the code alone is ambiguous, as 部件 and 事件 reuse
   * the major numbers (部件 01 公用设施, 事件 01 市容环境). Corrected at filing when the dispatcher corrects it.
   */
  readonly category: string;
  /** The unit now (null before dispatch, after a return and when parked). */
  readonly unitId: string | null;
  /** The current (or last) handling stage. */
  readonly handle: (GridDueCount & { readonly stage: HandlingStage }) | null;
  /** The current (or last) check stage. */
  readonly check: GridDueCount | null;
}

const dueCount = (id: string, deadline: GridDeadline, unitId: string | null): GridDueCount => ({
  id,
  dueAt: deadline.dueAt,
  day: shanghaiDay(deadline.dueAt),
  unitId,
  onTime: false,
});

const categoryValue = (category: { readonly kind: string; readonly code: string }) =>
  `${category.kind}-${category.code}`;

/** The doc's change caused by one event (FindingReported is handled by the caller). */
function change(doc: GridRatesDoc, event: FindingEvent, id: string): Partial<GridRatesDoc> {
  switch (event.type) {
    case 'FindingFiled':
      return event.data.category ? { category: categoryValue(event.data.category) } : {};
    case 'FindingDispatched': {
      const { unitId, handle } = event.data;
      return { unitId, handle: { ...dueCount(id, handle, unitId), stage: 'handle' } };
    }
    case 'FindingReturned':
    case 'FindingParked':
      return { unitId: null, handle: null };
    case 'FindingExtensionApproved': {
      const { dueAt } = event.data.deadline;
      return doc.handle ? { handle: { ...doc.handle, dueAt, day: shanghaiDay(dueAt) } } : {};
    }
    case 'FindingHandled': {
      const { unitId, stage, onTime, check } = event.data;
      const open = doc.handle;
      const answered = open !== null && open.stage === stage && !open.onTime && onTime;
      return {
        check: dueCount(id, check, unitId),
        ...(answered ? { handle: { ...open, onTime: true } } : {}),
      };
    }
    case 'FindingReworkStarted': {
      const { unitId, rework } = event.data;
      return { unitId, handle: { ...dueCount(id, rework, unitId), stage: 'rework' } };
    }
    case 'FindingClosed': {
      const { via, onTime } = event.data;
      const open = doc.check;
      return via === 'check' && onTime && open && !open.onTime ? { check: { ...open, onTime: true } } : {};
    }
    case 'FindingDeadlineRevised': {
      const { stage, dueAt } = event.data.new;
      if ((stage === 'handle' || stage === 'rework') && doc.handle?.stage === stage)
        return { handle: { ...doc.handle, dueAt, day: shanghaiDay(dueAt) } };
      if (stage === 'check' && doc.check) return { check: { ...doc.check, dueAt, day: shanghaiDay(dueAt) } };
      // verify, file and dispatch have no due counts.
      return {};
    }
    case 'FindingReported':
    case 'FindingVerified':
    case 'FindingCancelled':
    case 'FindingExtensionRequested':
    case 'FindingExtensionRejected':
    case 'FindingExtensionWithdrawn':
    case 'FindingChecked':
    case 'FindingDeadlineWarning':
    case 'FindingOverdue':
    case 'FindingEscalated':
      return {};
  }
}

/** The [dimension, value] pairs a count of this finding (with this unit) goes to. */
function dimensions(doc: GridRatesDoc, unitId: string | null): [string, string][] {
  const values: [GridDimension, string | null][] = [
    ['none', 'all'],
    ['unit', unitId],
    ['grid', doc.gridId],
    ['category', doc.category],
    ['source', doc.source],
  ];
  return values.filter((entry): entry is [GridDimension, string] => entry[1] !== null);
}

type Slot = 'handle' | 'check';
const SLOT_FIELDS: Readonly<Record<Slot, readonly [GridCount, GridCount]>> = {
  handle: ['handleDue', 'handledOnTime'],
  check: ['checkDue', 'closedOnTime'],
};

/** The event counts (not due counts) of one event: [field, unit]. */
function eventCounts(
  before: GridRatesDoc | undefined,
  after: GridRatesDoc,
  event: FindingEvent,
): [GridCount, string | null][] {
  switch (event.type) {
    case 'FindingReported':
      if (before) return [];
      return after.source === 'patrol'
        ? [
            ['reported', null],
            ['valid', null],
          ]
        : [['reported', null]];
    case 'FindingVerified':
      return event.data.valid ? [['valid', null]] : [];
    case 'FindingFiled':
      return event.data.onTime
        ? [
            ['filed', null],
            ['filedOnTime', null],
          ]
        : [['filed', null]];
    case 'FindingDispatched':
      return [['dispatched', event.data.unitId]];
    case 'FindingReworkStarted':
      return [['reworked', event.data.unitId]];
    case 'FindingClosed':
      return event.data.via === 'check' ? [['closed', after.unitId]] : [['selfHandled', null]];
    case 'FindingCancelled':
    case 'FindingReturned':
    case 'FindingExtensionRequested':
    case 'FindingExtensionApproved':
    case 'FindingExtensionRejected':
    case 'FindingExtensionWithdrawn':
    case 'FindingHandled':
    case 'FindingChecked':
    case 'FindingParked':
    case 'FindingDeadlineWarning':
    case 'FindingOverdue':
    case 'FindingEscalated':
    case 'FindingDeadlineRevised':
      // Due counts only (see the slots).
      return [];
  }
}

/**
 * Daily grid finding counts (see GRID_COUNTS for each count's definition) into the buckets
 * `day:<YYYY-MM-DD>:<dimension>` and `month:<YYYY-MM>:<dimension>` (fields `<value>|<count>`, see bucketHashes)
 * for the dimensions none (`all`), unit, grid, category (`<kind>-<code>`) and
 * source; a dimension whose value is unknown (no unit yet) is skipped. No indexes.
 */
export const gridRatesProjection: Projection<GridRatesDoc> = {
  name: 'grid-rates',
  version: 2,
  categories: ['finding'],
  evolve(doc, recorded) {
    const event = asFindingEvent(recorded);
    if (!event) return doc;
    if (event.type === 'FindingReported') {
      if (doc) return doc;
      const { report, category } = event.data;
      return {
        source: report.source,
        gridId: report.gridId,
        category: categoryValue(category),
        unitId: null,
        handle: null,
        check: null,
      };
    }
    if (!doc) return undefined;
    const delta = change(doc, event, recorded.position);
    return Object.keys(delta).length === 0 ? doc : { ...doc, ...delta };
  },
  indexes() {
    return [];
  },
  counters(before, after, recorded) {
    const event = asFindingEvent(recorded);
    if (!event || !after) return [];
    return dailyCounterDeltas({
      before,
      after,
      day: shanghaiDay((event.data as { at?: string }).at ?? recorded.recordedAt),
      eventCounts: eventCounts(before, after, event),
      slots: SLOT_FIELDS,
      dueOf: (doc, slot) => doc[slot],
      dimensions,
    });
  },
};

/** The grid `rates` of docs/api.md. */
export interface GridRates {
  readonly valid: number | null;
  readonly filedOnTime: number | null;
  readonly onTimeHandling: number | null;
  readonly closure: number | null;
  readonly onTimeClosure: number | null;
  readonly rework: number | null;
  readonly firstTimeFix: number | null;
}

/** part ÷ whole in [0, 1] (a period's event count can outrun a due count that fell in another period). */
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.min(1, Math.max(0, part / whole));

/**
 * The rates of docs/domain.md §2 "Metrics" from summed counts (a missing count is 0); null when the denominator is
 * 0. 有效上报率 valid = valid ÷ reported; 按时立案率 filedOnTime = filedOnTime ÷ filed; 按期处置率 onTimeHandling =
 * handledOnTime ÷ handleDue; 结案率 closure = closed ÷ checkDue ("due to close": the checks that fell due);
 * 按期结案率 onTimeClosure = closedOnTime ÷ checkDue; 返工率 rework = reworked ÷ checkDue (one check per handling);
 * 一次完成率 firstTimeFix = 1 − rework (null with it).
 */
export function ratesFromGridCounts(counts: Partial<GridCounts>): GridRates {
  const c = (name: GridCount) => counts[name] ?? 0;
  const rework = ratio(c('reworked'), c('checkDue'));
  return {
    valid: ratio(c('valid'), c('reported')),
    filedOnTime: ratio(c('filedOnTime'), c('filed')),
    onTimeHandling: ratio(c('handledOnTime'), c('handleDue')),
    closure: ratio(c('closed'), c('checkDue')),
    onTimeClosure: ratio(c('closedOnTime'), c('checkDue')),
    rework,
    firstTimeFix: rework === null ? null : 1 - rework,
  };
}
