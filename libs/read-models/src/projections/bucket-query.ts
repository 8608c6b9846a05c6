import { bucketField, dayBucket, monthBucket, parseBucketField } from './daily-counters.js';

/*
 * Queries over the counter buckets of the rates projections (daily-counters.ts): which hashes cover a period, and
 * how their fields sum into rows. The store reads the hashes (`RedisProjectionStore.sumBuckets`); nothing outside
 * this library needs to know how a bucket is named.
 */

const DAY_MS = 86_400_000;
/** The longest period a statistics query may cover, in days. */
export const MAX_PERIOD_DAYS = 366;

/** How statistics rows are grouped: by a bucket dimension, or by period over the `none` buckets. */
export type PeriodGrouping = 'none' | 'day' | 'week' | 'month';

/** A period grouping, or the values of one bucket dimension (`unit`, `grid`, …). */
export type BucketGrouping = PeriodGrouping | { readonly dimension: string };

/** A period that cannot be queried (reversed, too long, not a day); `message` is fit for the caller. */
export class PeriodError extends RangeError {
  override readonly name = 'PeriodError';
}

/** Every day from `from` to `to`, inclusive (at most 366). */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new PeriodError('to must be a day on or after from');
  }
  const count = Math.round((end - start) / DAY_MS) + 1;
  if (count > MAX_PERIOD_DAYS) throw new PeriodError(`at most ${MAX_PERIOD_DAYS} days`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** The ISO week (YYYY-Www) of a day. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function periodOf(grouping: PeriodGrouping, day: string): string {
  switch (grouping) {
    case 'day':
      return day;
    case 'week':
      return isoWeek(day);
    case 'month':
      return day.slice(0, 7);
    case 'none':
      return 'all';
  }
}

/**
 * One cell of a statistics answer as bucket reads: the day hashes (hash → day) whose field `field` holds the cell's
 * count — a dimension's value in each day's hash of that dimension, or `all` in the `none` hashes of the days of one
 * period. What the cases behind a count are looked up by (drill-down).
 */
export function cellReads(
  days: readonly string[],
  grouping: BucketGrouping,
  group: string,
  count: string,
): { readonly dayOfHash: ReadonlyMap<string, string>; readonly field: string } {
  const dayOfHash = new Map<string, string>();
  for (const day of days) {
    if (typeof grouping !== 'string') dayOfHash.set(dayBucket(day, grouping.dimension), day);
    else if (periodOf(grouping, day) === group) dayOfHash.set(dayBucket(day, 'none'), day);
  }
  return { dayOfHash, field: bucketField(typeof grouping === 'string' ? 'all' : group, count) };
}

/** `groupBy` of a statistics query as a grouping: a period word, else a dimension. */
export function bucketGroupingOf(groupBy: string): BucketGrouping {
  return groupBy === 'none' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month'
    ? groupBy
    : { dimension: groupBy };
}

/** One counter hash to read and the group its counts go to. */
export interface BucketRead {
  readonly hash: string;
  readonly period: string;
}

/**
 * The bucket hashes that cover `days` for a grouping: a whole calendar month inside the range is read from its month
 * bucket when the grouping does not split it (none, month, a dimension), the other days from their day buckets.
 */
export function bucketReads(
  days: readonly string[],
  grouping: PeriodGrouping,
  dimension: string,
): BucketRead[] {
  const reads: BucketRead[] = [];
  const monthsWhole = grouping === 'none' || grouping === 'month';
  for (let i = 0; i < days.length;) {
    const day = days[i] as string;
    const month = day.slice(0, 7);
    const span = days.slice(i).findIndex((other) => !other.startsWith(month));
    const length = span === -1 ? days.length - i : span;
    if (monthsWhole && day.endsWith('-01') && length === daysInMonth(month)) {
      reads.push({ hash: monthBucket(month, dimension), period: periodOf(grouping, day) });
      i += length;
    } else {
      reads.push({ hash: dayBucket(day, dimension), period: periodOf(grouping, day) });
      i += 1;
    }
  }
  return reads;
}

function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** The reads that answer a grouping over `days`: by dimension over its buckets, by period over the `none` ones. */
export function readsFor(days: readonly string[], grouping: BucketGrouping): BucketRead[] {
  return typeof grouping === 'string'
    ? bucketReads(days, grouping, 'none')
    : bucketReads(days, 'none', grouping.dimension);
}

/**
 * Sums bucket hashes (`sums[i]` the fields of `reads[i]`, already summed over partitions) into groups: a dimension's
 * values, or periods. A period with nothing in it is still a group (of zeros): a trend has no gaps.
 */
export function groupBucketSums(
  reads: readonly BucketRead[],
  sums: readonly Readonly<Record<string, number>>[],
  grouping: BucketGrouping,
): Map<string, Record<string, number>> {
  const byDimension = typeof grouping !== 'string';
  const groups = new Map<string, Record<string, number>>(
    byDimension ? [] : reads.map((read) => [read.period, {}]),
  );
  sums.forEach((fields, i) => {
    for (const [field, value] of Object.entries(fields)) {
      const [dimensionValue, count] = parseBucketField(field);
      const group = byDimension ? dimensionValue : (reads[i]?.period ?? 'all');
      const counts = groups.get(group) ?? {};
      counts[count] = (counts[count] ?? 0) + value;
      groups.set(group, counts);
    }
  });
  return groups;
}
