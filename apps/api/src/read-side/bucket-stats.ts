import type { ProjectionRef } from '#read-models';
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

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/**
 * Sums the daily counter buckets (`day:<day>:<dimension>:<value>`) of a rates projection over a period, grouped by
 * a dimension or by period: the answer comes from buckets, never from the cases.
 */
export async function sumBuckets(
  readModels: ReadModelsService,
  redis: Redis,
  ref: ProjectionRef,
  days: readonly string[],
  grouping: PeriodGrouping | { readonly dimension: string },
): Promise<Map<string, Record<string, number>>> {
  const groups = new Map<string, Record<string, number>>();
  const pipeline = redis.pipeline();
  const groupOf: string[] = [];
  for (let p = 0; p < ref.partitions; p += 1) {
    const base = `${readModels.store.base(ref, p)}ctr:`;
    for (const day of days) {
      if (typeof grouping === 'string') {
        pipeline.hgetall(`${base}day:${day}:none:all`);
        groupOf.push(periodOf(grouping, day));
      } else {
        // The values of a dimension on a day are that day's bucket keys (a handful, never the cases).
        const prefix = `${base}day:${day}:${grouping.dimension}:`;
        for (const key of await scanKeys(redis, `${prefix}*`)) {
          pipeline.hgetall(key);
          groupOf.push(key.slice(prefix.length));
        }
      }
    }
  }
  const results = (await pipeline.exec()) ?? [];
  results.forEach(([error, value], i) => {
    if (error) throw error;
    const group = groupOf[i] ?? 'all';
    const counts = groups.get(group) ?? {};
    for (const [field, raw] of Object.entries(value as Record<string, string>)) {
      counts[field] = (counts[field] ?? 0) + Number(raw);
    }
    groups.set(group, counts);
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
  const ref = readModels.ref(projection);
  const fresh = await readModels.waitFor(ref, query.minPosition);
  const grouping: PeriodGrouping | { dimension: string } =
    groupBy === 'none' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month'
      ? groupBy
      : { dimension: groupBy };
  const groups = await sumBuckets(readModels, redis, ref, days, grouping);
  return { from: query.from, to: query.to, groupBy, fresh, rows: statsRows(groups, countNames, rates) };
}
