import type { CounterDelta } from '../projection.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant (UTC+8 all year, no daylight saving). */
export function shanghaiDay(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Bad instant: ${instant}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The counter buckets of a rates projection: one hash per period and dimension, `day:<YYYY-MM-DD>:<dimension>` and
 * `month:<YYYY-MM>:<dimension>`, whose fields are `<value>|<count>` (`unit-3|replyDue`). A query over any range
 * reads one hash per whole month and one per remaining day, per dimension: a year grouped by unit is about 12 + 60
 * small hashes, never a scan of keys or cases. Dimension values never contain `|`.
 */
export function bucketHashes(day: string, dimension: string): [string, string] {
  return [dayBucket(day, dimension), monthBucket(day.slice(0, 7), dimension)];
}

/** The counter hash of one day (YYYY-MM-DD) and dimension. */
export const dayBucket = (day: string, dimension: string): string => `day:${day}:${dimension}`;

/** The counter hash of one month (YYYY-MM) and dimension: the sum of its days' hashes. */
export const monthBucket = (month: string, dimension: string): string => `month:${month}:${dimension}`;

/** The field of one count of one dimension value in a bucket hash. */
export function bucketField(value: string, count: string): string {
  if (value.includes(BUCKET_SEPARATOR)) throw new RangeError(`Bad dimension value: ${value}`);
  return `${value}${BUCKET_SEPARATOR}${count}`;
}

/** The [value, count] of a bucket field. */
export function parseBucketField(field: string): [string, string] {
  const cut = field.lastIndexOf(BUCKET_SEPARATOR);
  return [field.slice(0, cut), field.slice(cut + 1)];
}

export const BUCKET_SEPARATOR = '|';

/** A due count as a rates doc keeps it: the stage it counts, the day and unit it went to, its on-time count made. */
export interface CountedDue {
  readonly id: string;
  readonly day: string;
  readonly unitId: string | null;
  readonly onTime: boolean;
}

/**
 * The counter deltas of one event for a rates projection: its event counts on the event's day, and its due counts
 * on the days their deadlines fall. A new stage adds its due count; the same stage moved or completed is the
 * difference; a withdrawn stage takes its counts back; a stage replaced by a new one keeps its counts.
 */
export function dailyCounterDeltas<Doc, Slot extends string>(input: {
  readonly before: Doc | undefined;
  readonly after: Doc;
  readonly day: string;
  /**
   * Event counts of this event: [field, unit at the time, the day when it is not the event's, the amount when it
   * is not 1 (a sum such as minutes of handling)].
   */
  readonly eventCounts: readonly (readonly [string, string | null, string?, number?])[];
  /** Each due-count slot of the doc with its [due field, on-time field]. */
  readonly slots: Readonly<Record<Slot, readonly [string, string]>>;
  readonly dueOf: (doc: Doc, slot: Slot) => CountedDue | null;
  /** The [dimension, value] pairs a count of this doc (with this unit) goes to; `['none', 'all']` among them. */
  readonly dimensions: (doc: Doc, unitId: string | null) => readonly (readonly [string, string])[];
  /** Only these hashes (a replay answering one query); every one when absent. */
  readonly keep?: (hash: string) => boolean;
}): CounterDelta[] {
  const { before, after } = input;
  const sums = new Map<string, number>();
  const add = (day: string, unitId: string | null, field: string, by: number) => {
    for (const [dimension, value] of input.dimensions(after, unitId)) {
      for (const hash of bucketHashes(day, dimension)) {
        if (input.keep && !input.keep(hash)) continue;
        const key = `${hash}\u0000${bucketField(value, field)}`;
        sums.set(key, (sums.get(key) ?? 0) + by);
      }
    }
  };
  const addDue = (slot: Slot, count: CountedDue | null, by: number) => {
    if (!count) return;
    const [due, onTime] = input.slots[slot];
    add(count.day, count.unitId, due, by);
    if (count.onTime) add(count.day, count.unitId, onTime, by);
  };
  for (const [field, unitId, day, by] of input.eventCounts) add(day ?? input.day, unitId, field, by ?? 1);
  for (const slot of Object.keys(input.slots) as Slot[]) {
    const old = before === undefined ? null : input.dueOf(before, slot);
    const now = input.dueOf(after, slot);
    if (old === now) continue;
    const sameStage = old !== null && now !== null && old.id === now.id;
    const withdrawn = old !== null && now === null;
    if (sameStage || withdrawn) addDue(slot, old, -1);
    addDue(slot, now, 1);
  }
  const deltas: CounterDelta[] = [];
  for (const [key, by] of sums) {
    if (by === 0) continue;
    const [hash, field] = key.split('\u0000') as [string, string];
    deltas.push({ hash, field, by });
  }
  return deltas;
}

/** The counter hash listing the cases (fields: their streams) that ever counted in a month's buckets. */
export const monthCases = (month: string): string => `cases:${month}`;

/**
 * The deltas with the case index: for every month whose buckets they touch, +1 on the case's field of
 * `cases:<YYYY-MM>`. The index only grows, so it lists every case that counted in a month as of any moment of the
 * log (and some that no longer do): what a replay "as of" or a drill-down folds, instead of the whole log.
 */
export function withCaseIndex(deltas: CounterDelta[], stream: string): CounterDelta[] {
  const months = new Set<string>();
  for (const delta of deltas) {
    if (delta.hash.startsWith('month:')) months.add(delta.hash.slice(6, 13));
  }
  for (const month of months) deltas.push({ hash: monthCases(month), field: stream, by: 1 });
  return deltas;
}
