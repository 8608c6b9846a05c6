import { parseBucketField, type ProjectionRef } from '#read-models';
import type { Redis } from 'ioredis';
import { RequestValidationError } from '../http/validation.js';
import type { ReadModelsService } from './read-models.service.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** How statistics rows are grouped: by a bucket dimension, or by period over the `none` buckets. */
export type PeriodGrouping = 'none' | 'day' | 'week' | 'month';

/** Every day from `from` to `to`, inclusive (at most 366). */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new RequestValidationError([{ field: 'to', message: 'to must be a day on or after from' }]);
  }
  const count = Math.round((end - start) / DAY_MS) + 1;
  if (count > MAX_DAYS)
    throw new RequestValidationError([{ field: 'to', message: `at most ${MAX_DAYS} days` }]);
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

/** One counter hash to read and the group its counts go to. */
interface BucketRead {
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
      reads.push({ hash: `month:${month}:${dimension}`, period: periodOf(grouping, day) });
      i += length;
    } else {
      reads.push({ hash: `day:${day}:${dimension}`, period: periodOf(grouping, day) });
      i += 1;
    }
  }
  return reads;
}

function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/**
 * Sums the counter buckets of a rates projection over a period (see `bucketHashes`: one hash per month or day and
 * dimension, fields `<value>|<count>`), grouped by a dimension's values or by period over the `none` dimension:
 * the answer comes from buckets, never from the cases.
 */
export async function sumBuckets(
  readModels: ReadModelsService,
  redis: Redis,
  ref: ProjectionRef,
  days: readonly string[],
  grouping: PeriodGrouping | { readonly dimension: string },
): Promise<Map<string, Record<string, number>>> {
  const byDimension = typeof grouping !== 'string';
  const reads = byDimension
    ? bucketReads(days, 'none', grouping.dimension)
    : bucketReads(days, grouping, 'none');
  const pipeline = redis.pipeline();
  const periodOfRead: string[] = [];
  for (let p = 0; p < ref.partitions; p += 1) {
    const base = `${readModels.store.base(ref, p)}ctr:`;
    for (const read of reads) {
      pipeline.hgetall(`${base}${read.hash}`);
      periodOfRead.push(read.period);
    }
  }
  // A period with nothing in it is still a row (of zeros): a trend has no gaps.
  const groups = new Map<string, Record<string, number>>(
    byDimension ? [] : reads.map((read) => [read.period, {}]),
  );
  const results = (await pipeline.exec()) ?? [];
  results.forEach(([error, value], i) => {
    if (error) throw error;
    for (const [field, raw] of Object.entries(value as Record<string, string>)) {
      const [dimensionValue, count] = parseBucketField(field);
      const group = byDimension ? dimensionValue : (periodOfRead[i] ?? 'all');
      const counts = groups.get(group) ?? {};
      counts[count] = (counts[count] ?? 0) + Number(raw);
      groups.set(group, counts);
    }
  });
  return groups;
}

/** Rows sorted by group, each with every named count (0 when absent) and its rates. */
export function statsRows<Rates>(
  groups: Map<string, Record<string, number>>,
  countNames: readonly string[],
  rates: (counts: Record<string, number>) => Rates,
): { group: string; counts: Record<string, number>; rates: Rates }[] {
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, raw]) => {
      const counts = Object.fromEntries(countNames.map((name) => [name, raw[name] ?? 0]));
      return { group, counts, rates: rates(counts) };
    });
}

/**
 * A statistics answer: the period's buckets of a rates projection summed by `groupBy` (a period grouping, or a
 * bucket dimension), each row with its counts and rates; `fresh` says whether `minPosition` was reached.
 */
export async function statsAnswer<Rates>(
  readModels: ReadModelsService,
  redis: Redis,
  projection: { readonly name: string; readonly version: number },
  query: {
    readonly from: string;
    readonly to: string;
    readonly groupBy?: string;
    readonly minPosition?: string;
  },
  countNames: readonly string[],
  rates: (counts: Record<string, number>) => Rates,
) {
  const groupBy = query.groupBy ?? 'none';
  const days = daysBetween(query.from, query.to);
  const ref = await readModels.serving(projection);
  const fresh = await readModels.waitFor(ref, query.minPosition);
  const grouping: PeriodGrouping | { dimension: string } =
    groupBy === 'none' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month'
      ? groupBy
      : { dimension: groupBy };
  const groups = await sumBuckets(readModels, redis, ref, days, grouping);
  return { from: query.from, to: query.to, groupBy, fresh, rows: statsRows(groups, countNames, rates) };
}
