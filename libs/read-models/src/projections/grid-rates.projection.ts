import type { RecordedEvent } from '#event-store';
import type { FindingEvent, FindingSource, GridDeadline, HandlingStage } from '#grid';
import type { CounterDelta, Projection } from '../projection.js';
import { asFindingEvent } from './known-events.js';
import { bucketField, bucketHashes, shanghaiDay, withCaseIndex } from './daily-counters.js';

/**
 * The grid `counts` of docs/api.md (CJ/T 292 lineage: the figures of a finding count once per **case**, not per
 * handling, except where a count says "per stage"). Each is an integer in a daily bucket; "the day" is the
 * Asia/Shanghai calendar day (YYYY-MM-DD). Event counts belong to the day of the event that makes them (its server
 * time `at`), unless the count says otherwise. Due counts belong to the day their deadline falls and move with it (an approved extension, a
 * FindingDeadlineRevised after a calendar import): −1 on the old day, +1 on the new. The counts a due count is the
 * denominator of (its on-time count, the closures of 应结案) belong to the same day and unit as the due count, so a
 * rate never mixes two sets of cases. The unit is the one the finding was dispatched to; counts made before any
 * dispatch (reported, valid, filed, filedOnTime, selfHandled) and the inspector's checks have none. The inspector
 * of a check is the one who made it (the actor of FindingChecked); before it is made, the inspector expected to
 * make it: the last inspector who reported, verified or checked the finding (none when no inspector did yet).
 *
 * - reported: +1 on the day of FindingReported (every source, self-handled included).
 * - valid: +1 on the day of the report (FindingReported), when it proves valid: a patrol report (self-handled
 *   included) at once, since an inspector found it on site; a public, video or hotline report when FindingVerified
 *   says `valid`. A report cancelled (作废) later is no longer valid: −1 on that same day. Valid reports are so a
 *   part of the period's reports, never more. A report found invalid was never valid.
 * - filed: +1 on the day of FindingFiled (立案). filedOnTime: +1 on that day when the event says `onTime`.
 * - dispatched: +1 on the day of each FindingDispatched (unit: the unit dispatched to; a re-dispatch counts again).
 *   dispatchReturned: +1 for each FindingReturned (回退), on the day and unit of the dispatch it gives back.
 * - handleDue (per handling stage): +1 on the day the stage's deadline falls, counted when the stage starts
 *   (FindingDispatched: the first handling; FindingReworkStarted: each 返工); an approved extension moves it. A
 *   return (FindingReturned) or 挂账 (FindingParked) withdraws the open stage's count: the next dispatch starts a new
 *   one. handledOnTime: +1 on that same due day when the stage's FindingHandled says `onTime`.
 * - closeDue (应结案, one per finding): +1 on the day the finding's handling deadline falls — the first handling's,
 *   as extended (FindingExtensionApproved, FindingDeadlineRevised of the `handle` stage) — whether or not the unit
 *   ever answers. A re-dispatch (after a return or 挂账) moves it to the new dispatch's deadline and unit; a return
 *   leaves it where it is until then; rework does not move it (a failed handling buys no time). A finding filed but
 *   never dispatched has no handling deadline and is not counted.
 * - deferred (缓办): the grid has no 缓办 command; 挂账 (FindingParked, a long-term problem that waits for a project)
 *   is the closest, so a parked finding that has a closeDue counts +1 on the closeDue's day and unit while it is
 *   parked; a re-dispatch takes it back. A finding parked before any dispatch has no closeDue and counts nothing.
 * - closed: +1 on the closeDue's day and unit when the finding is closed (结案) after a passed check, whenever that
 *   is: of the findings due to close in a period, those closed. 自行处置 counts as selfHandled only (never due).
 *   closedOnTime: +1 with it when the handling that passed the check (处置反馈) was on time against its stage's
 *   (extended) deadline. The inspector's check time plays no part: a late check is never charged to the unit.
 * - handled (one per finding): +1 on the day of the finding's first FindingHandled (unit: the unit that handled).
 *   handlingMinutes: with it, the whole minutes (natural time) from the dispatch that handling answers to it.
 *   Average handling hours = handlingMinutes ÷ 60 ÷ handled.
 * - reworkCases: +1 on the day and unit of `handled` when the finding's first check fails (FindingReworkStarted);
 *   firstTimeFixed: +1 there when it passes (FindingClosed via check without a rework). A finding handled but not
 *   checked yet counts in neither.
 * - reworked: +1 on the day of each FindingReworkStarted (返工次数; unit: the unit sent back to).
 * - checkDue (per check stage, the inspector's figure): +1 on the day the check (核查) deadline falls, counted when
 *   the stage starts (each FindingHandled). checkedOnTime: +1 on that same due day when FindingChecked (passed or
 *   failed) says `onTime`. Both go to the inspector, the grid, the category and the source, never to a unit.
 * - selfHandled: +1 on the day of FindingClosed via `self-handled` (自行处置数; no unit).
 */
export const GRID_COUNTS = [
  'reported',
  'valid',
  'filed',
  'filedOnTime',
  'dispatched',
  'dispatchReturned',
  'handleDue',
  'handledOnTime',
  'closeDue',
  'deferred',
  'closed',
  'closedOnTime',
  'handled',
  'handlingMinutes',
  'reworkCases',
  'firstTimeFixed',
  'reworked',
  'checkDue',
  'checkedOnTime',
  'selfHandled',
] as const;
export type GridCount = (typeof GRID_COUNTS)[number];
export type GridCounts = Readonly<Record<GridCount, number>>;

/** The dimensions of the daily buckets; `none` has the single value `all`. */
export type GridDimension = 'none' | 'unit' | 'grid' | 'category' | 'source' | 'inspector';

/** A per-stage due count as it was counted: the day (and unit) it went to, and whether its on-time count was made. */
export interface GridDueCount {
  /** The position of the event that started the stage: a new id is a new stage (a new count). */
  readonly id: string;
  readonly dueAt: string;
  readonly day: string;
  readonly unitId: string | null;
  /** The on-time count of the stage was made (on `day`). */
  readonly onTime: boolean;
}

/** A check (核查) stage: the inspector's, not the unit's. */
export interface GridCheckCount {
  readonly id: string;
  readonly dueAt: string;
  readonly day: string;
  /** Who made the check, or before it is made who is expected to. */
  readonly inspectorId: string | null;
  readonly onTime: boolean;
}

/** The finding's 应结案: one per finding, on the day its (extended) handling deadline falls. */
export interface GridCloseDue {
  readonly dueAt: string;
  readonly day: string;
  readonly unitId: string;
  /** Parked (挂账) now: counted as deferred (缓办). */
  readonly deferred: boolean;
  readonly closed: boolean;
  /** Closed, and the handling that passed the check was on time. */
  readonly onTime: boolean;
}

/** The finding's first 处置反馈, to which `handled`, its minutes and its first check's outcome belong. */
export interface GridFirstHandling {
  readonly day: string;
  readonly unitId: string;
  readonly minutes: number;
  readonly check: 'pending' | 'passed' | 'failed';
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
  /** The inspector expected to check: the last inspector who reported, verified or checked the finding. */
  readonly inspectorId: string | null;
  /** The day of the report (FindingReported). */
  readonly reportDay: string;
  /** The report proved valid (and was not cancelled since). */
  readonly valid: boolean;
  /** The last dispatch: a return is charged to its day and unit, handling minutes count from it. */
  readonly dispatch: { readonly at: string; readonly day: string; readonly unitId: string } | null;
  /** The current (or last) handling stage. */
  readonly handle: (GridDueCount & { readonly stage: HandlingStage }) | null;
  /** The current (or last) check stage. */
  readonly check: GridCheckCount | null;
  readonly closeDue: GridCloseDue | null;
  readonly firstHandling: GridFirstHandling | null;
  /** The latest 处置反馈 was on time against its stage's deadline. */
  readonly lastHandledOnTime: boolean;
}

const categoryValue = (category: { readonly kind: string; readonly code: string }) =>
  `${category.kind}-${category.code}`;

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

const moved = <T extends { readonly dueAt: string; readonly day: string }>(count: T, dueAt: string): T => ({
  ...count,
  dueAt,
  day: shanghaiDay(dueAt),
});

/** The inspector who caused an event (its actor, when acting as an inspector), or null. */
function inspectorOf(recorded: RecordedEvent): string | null {
  const actor = recorded.metadata?.actor as { readonly id?: unknown; readonly role?: unknown } | undefined;
  const id = actor?.role === 'inspector' ? actor.id : undefined;
  return typeof id === 'string' && id !== '' && !id.includes('|') ? id : null;
}

function reportedDoc(event: Extract<FindingEvent, { type: 'FindingReported' }>, inspectorId: string | null) {
  const { report, category, at } = event.data;
  const doc: GridRatesDoc = {
    source: report.source,
    gridId: report.gridId,
    category: categoryValue(category),
    unitId: null,
    inspectorId,
    reportDay: shanghaiDay(at),
    valid: report.source === 'patrol',
    dispatch: null,
    handle: null,
    check: null,
    closeDue: null,
    firstHandling: null,
    lastHandledOnTime: false,
  };
  return doc;
}

/** The doc's change caused by one event (FindingReported is handled by the caller). */
function change(doc: GridRatesDoc, event: FindingEvent, recorded: RecordedEvent): Partial<GridRatesDoc> {
  const id = recorded.position;
  switch (event.type) {
    case 'FindingVerified': {
      const inspectorId = inspectorOf(recorded) ?? doc.inspectorId;
      return event.data.valid ? { valid: true, inspectorId } : { inspectorId };
    }
    case 'FindingFiled':
      return event.data.category ? { category: categoryValue(event.data.category) } : {};
    case 'FindingCancelled':
      return { valid: false };
    case 'FindingDispatched': {
      const { unitId, handle, at } = event.data;
      const due = dueCount(id, handle, unitId);
      return {
        unitId,
        dispatch: { at, day: shanghaiDay(at), unitId },
        handle: { ...due, stage: 'handle' },
        closeDue: {
          dueAt: due.dueAt,
          day: due.day,
          unitId,
          deferred: false,
          closed: false,
          onTime: false,
        },
      };
    }
    case 'FindingReturned':
      return { unitId: null, handle: null };
    case 'FindingParked':
      return {
        unitId: null,
        handle: null,
        ...(doc.closeDue ? { closeDue: { ...doc.closeDue, deferred: true } } : {}),
      };
    case 'FindingExtensionApproved':
      return doc.handle ? movedHandling(doc, doc.handle.stage, event.data.deadline.dueAt) : {};
    case 'FindingHandled': {
      const { unitId, stage, onTime, check, at } = event.data;
      const open = doc.handle;
      const answered = open !== null && open.stage === stage && !open.onTime && onTime;
      const from = doc.dispatch?.at ?? at;
      return {
        check: {
          id,
          dueAt: check.dueAt,
          day: shanghaiDay(check.dueAt),
          inspectorId: doc.inspectorId,
          onTime: false,
        },
        lastHandledOnTime: onTime,
        ...(answered ? { handle: { ...open, onTime: true } } : {}),
        ...(doc.firstHandling
          ? {}
          : {
              firstHandling: {
                day: shanghaiDay(at),
                unitId,
                minutes: minutesBetween(from, at),
                check: 'pending',
              },
            }),
      };
    }
    case 'FindingChecked': {
      const inspectorId = inspectorOf(recorded) ?? doc.check?.inspectorId ?? doc.inspectorId;
      return {
        inspectorId,
        ...(doc.check ? { check: { ...doc.check, inspectorId, onTime: event.data.onTime } } : {}),
      };
    }
    case 'FindingReworkStarted': {
      const { unitId, rework } = event.data;
      const first = doc.firstHandling;
      return {
        unitId,
        handle: { ...dueCount(id, rework, unitId), stage: 'rework' },
        ...(first?.check === 'pending' ? { firstHandling: { ...first, check: 'failed' } } : {}),
      };
    }
    case 'FindingClosed': {
      if (event.data.via !== 'check') return {};
      const first = doc.firstHandling;
      return {
        ...(doc.closeDue && !doc.closeDue.closed
          ? { closeDue: { ...doc.closeDue, closed: true, onTime: doc.lastHandledOnTime } }
          : {}),
        ...(first?.check === 'pending' ? { firstHandling: { ...first, check: 'passed' } } : {}),
      };
    }
    case 'FindingDeadlineRevised': {
      const { stage, dueAt } = event.data.new;
      if (stage === 'handle' || stage === 'rework') return movedHandling(doc, stage, dueAt);
      if (stage === 'check' && doc.check) return { check: moved(doc.check, dueAt) };
      // verify, file and dispatch have no due counts.
      return {};
    }
    case 'FindingReported':
    case 'FindingExtensionRequested':
    case 'FindingExtensionRejected':
    case 'FindingExtensionWithdrawn':
    case 'FindingDeadlineWarning':
    case 'FindingOverdue':
    case 'FindingEscalated':
      return {};
  }
}

const dueCount = (id: string, deadline: GridDeadline, unitId: string): GridDueCount => ({
  id,
  dueAt: deadline.dueAt,
  day: shanghaiDay(deadline.dueAt),
  unitId,
  onTime: false,
});

/** The open handling stage moved to a new due time; the first handling's move takes the 应结案 with it. */
function movedHandling(doc: GridRatesDoc, stage: HandlingStage, dueAt: string): Partial<GridRatesDoc> {
  if (doc.handle?.stage !== stage) return {};
  const closeDue = stage === 'handle' && doc.closeDue && !doc.closeDue.closed ? doc.closeDue : null;
  return { handle: moved(doc.handle, dueAt), ...(closeDue ? { closeDue: moved(closeDue, dueAt) } : {}) };
}

/** One count a doc holds: [count, day, unit, inspector, amount]. */
type Held = readonly [GridCount, string, string | null, string | null, number];

/** What a part of the doc counts, under an id: the same id later is the same count (moved or completed). */
interface Holding {
  readonly id: string;
  readonly counts: readonly Held[];
}

/**
 * The parts of the doc that hold counts. A part that changes under the same id is moved or completed (its old
 * counts are taken back, its new ones added); a part that disappears is withdrawn; a part replaced under a new id
 * (a new handling or check stage) keeps the old counts and adds the new.
 */
const HOLDINGS: readonly ((doc: GridRatesDoc) => Holding | null)[] = [
  (doc) => (doc.valid ? { id: 'valid', counts: [['valid', doc.reportDay, null, null, 1]] } : null),
  ({ handle }) =>
    handle && {
      id: handle.id,
      counts: [
        ['handleDue', handle.day, handle.unitId, null, 1],
        ...(handle.onTime ? [['handledOnTime', handle.day, handle.unitId, null, 1] as const] : []),
      ],
    },
  ({ check }) =>
    check && {
      id: check.id,
      counts: [
        ['checkDue', check.day, null, check.inspectorId, 1],
        ...(check.onTime ? [['checkedOnTime', check.day, null, check.inspectorId, 1] as const] : []),
      ],
    },
  ({ closeDue: due }) =>
    due && {
      id: 'close',
      counts: [
        ['closeDue', due.day, due.unitId, null, 1],
        ...(due.deferred ? [['deferred', due.day, due.unitId, null, 1] as const] : []),
        ...(due.closed ? [['closed', due.day, due.unitId, null, 1] as const] : []),
        ...(due.onTime ? [['closedOnTime', due.day, due.unitId, null, 1] as const] : []),
      ],
    },
  ({ firstHandling: first }) =>
    first && {
      id: 'handled',
      counts: [
        ['handled', first.day, first.unitId, null, 1],
        ['handlingMinutes', first.day, first.unitId, null, first.minutes],
        ...(first.check === 'failed' ? [['reworkCases', first.day, first.unitId, null, 1] as const] : []),
        ...(first.check === 'passed' ? [['firstTimeFixed', first.day, first.unitId, null, 1] as const] : []),
      ],
    },
];

/** The event counts of one event: [count, day (the event's when absent), unit]. */
function eventCounts(
  before: GridRatesDoc | undefined,
  event: FindingEvent,
): (readonly [GridCount, string | undefined, string | null])[] {
  switch (event.type) {
    case 'FindingReported':
      return before ? [] : [['reported', undefined, null]];
    case 'FindingFiled':
      return [
        ['filed', undefined, null],
        ...(event.data.onTime ? [['filedOnTime', undefined, null] as const] : []),
      ];
    case 'FindingDispatched':
      return [['dispatched', undefined, event.data.unitId]];
    case 'FindingReturned': {
      const dispatch = before?.dispatch;
      return [['dispatchReturned', dispatch?.day, dispatch?.unitId ?? event.data.unitId]];
    }
    case 'FindingReworkStarted':
      return [['reworked', undefined, event.data.unitId]];
    case 'FindingClosed':
      return event.data.via === 'self-handled' ? [['selfHandled', undefined, null]] : [];
    case 'FindingVerified':
    case 'FindingCancelled':
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
      // Counts the doc holds only (see HOLDINGS).
      return [];
  }
}

/** The [dimension, value] pairs a count of this finding (with this unit and inspector) goes to. */
function dimensions(
  doc: GridRatesDoc,
  unitId: string | null,
  inspectorId: string | null,
): [string, string][] {
  const values: [GridDimension, string | null][] = [
    ['none', 'all'],
    ['unit', unitId],
    ['grid', doc.gridId],
    ['category', doc.category],
    ['source', doc.source],
    ['inspector', inspectorId],
  ];
  return values.filter((entry): entry is [GridDimension, string] => entry[1] !== null);
}

/** The counter deltas of one event: its event counts, and the difference in what the doc holds. */
function deltas(
  before: GridRatesDoc | undefined,
  after: GridRatesDoc,
  event: FindingEvent,
  eventDay: string,
): CounterDelta[] {
  const sums = new Map<string, number>();
  const add = ([count, day, unitId, inspectorId, by]: Held, sign: 1 | -1) => {
    if (by === 0) return;
    for (const [dimension, value] of dimensions(after, unitId, inspectorId)) {
      for (const hash of bucketHashes(day, dimension)) {
        const key = `${hash}\u0000${bucketField(value, count)}`;
        sums.set(key, (sums.get(key) ?? 0) + sign * by);
      }
    }
  };
  for (const [count, day, unitId] of eventCounts(before, event))
    add([count, day ?? eventDay, unitId, null, 1], 1);
  for (const holding of HOLDINGS) {
    const old = before === undefined ? null : holding(before);
    const now = holding(after);
    if (old && (now === null || now.id === old.id)) for (const held of old.counts) add(held, -1);
    if (now) for (const held of now.counts) add(held, 1);
  }
  const out: CounterDelta[] = [];
  for (const [key, by] of sums) {
    if (by === 0) continue;
    const [hash, field] = key.split('\u0000') as [string, string];
    out.push({ hash, field, by });
  }
  return out;
}

/**
 * Daily grid finding counts (see GRID_COUNTS for each count's definition) into the buckets
 * `day:<YYYY-MM-DD>:<dimension>` and `month:<YYYY-MM>:<dimension>` (fields `<value>|<count>`, see bucketHashes)
 * for the dimensions none (`all`), unit, grid, category (`<kind>-<code>`), source and inspector (the checks only);
 * a dimension whose value is unknown (no unit yet) is skipped; and the month index of the cases that counted
 * (`cases:<YYYY-MM>`, withCaseIndex). No indexes.
 */
export const gridRatesProjection: Projection<GridRatesDoc> = {
  name: 'grid-rates',
  version: 3,
  categories: ['finding'],
  evolve(doc, recorded) {
    const event = asFindingEvent(recorded);
    if (!event) return doc;
    if (event.type === 'FindingReported') return doc ?? reportedDoc(event, inspectorOf(recorded));
    if (!doc) return undefined;
    const delta = change(doc, event, recorded);
    return Object.keys(delta).length === 0 ? doc : { ...doc, ...delta };
  },
  indexes() {
    return [];
  },
  counters(before, after, recorded) {
    const event = asFindingEvent(recorded);
    if (!event || !after) return [];
    const day = shanghaiDay((event.data as { at?: string }).at ?? recorded.recordedAt);
    // The month index of the cases (`cases:<YYYY-MM>`) lets a figure be replayed as of a moment, or drilled into.
    return withCaseIndex(deltas(before, after, event, day), recorded.stream);
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
  readonly accurateDispatch: number | null;
  readonly checkOnTime: number | null;
}

/** part ÷ whole in [0, 1], null when nothing was due (a period's event count can outrun a due count of another). */
const ratio = (part: number, whole: number): number | null =>
  whole <= 0 ? null : Math.min(1, Math.max(0, part / whole));

/**
 * The rates of docs/domain.md §2 "Metrics" from summed counts (a missing count is 0); null when the denominator is
 * 0. 有效上报率 valid = valid ÷ reported; 按时立案率 filedOnTime = filedOnTime ÷ filed; 按期处置率 onTimeHandling =
 * handledOnTime ÷ handleDue; 结案率 closure = closed ÷ (closeDue − deferred); 按期结案率 onTimeClosure =
 * closedOnTime ÷ (closeDue − deferred); 返工率 rework = reworkCases ÷ handled; 一次完成率 firstTimeFix =
 * firstTimeFixed ÷ handled; 准确派遣率 accurateDispatch = (dispatched − dispatchReturned) ÷ dispatched; 按时核查率
 * checkOnTime = checkedOnTime ÷ checkDue.
 */
export function ratesFromGridCounts(counts: Partial<GridCounts>): GridRates {
  const c = (name: GridCount) => counts[name] ?? 0;
  const dueToClose = c('closeDue') - c('deferred');
  return {
    valid: ratio(c('valid'), c('reported')),
    filedOnTime: ratio(c('filedOnTime'), c('filed')),
    onTimeHandling: ratio(c('handledOnTime'), c('handleDue')),
    closure: ratio(c('closed'), dueToClose),
    onTimeClosure: ratio(c('closedOnTime'), dueToClose),
    rework: ratio(c('reworkCases'), c('handled')),
    firstTimeFix: ratio(c('firstTimeFixed'), c('handled')),
    accurateDispatch: ratio(c('dispatched') - c('dispatchReturned'), c('dispatched')),
    checkOnTime: ratio(c('checkedOnTime'), c('checkDue')),
  };
}

/** The grid averages that are not rates: hours from dispatch to the first 处置反馈, over the findings handled. */
export function gridAveragesFromCounts(counts: Partial<GridCounts>): {
  readonly handlingHours: number | null;
} {
  const handled = counts.handled ?? 0;
  return {
    handlingHours:
      handled === 0 ? null : Math.round(((counts.handlingMinutes ?? 0) / 60 / handled) * 100) / 100,
  };
}
