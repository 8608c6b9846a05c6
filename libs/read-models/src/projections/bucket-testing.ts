import type { CounterDelta } from '../projection.js';
import { parseBucketField } from './daily-counters.js';

/**
 * For projection tests: checks that the month buckets of a set of deltas carry exactly the sums of their day
 * buckets, and returns the day deltas with one hash per dimension value (`day:<day>:<dimension>:<value>`, field
 * the count) so expectations read as "this count of this value on this day".
 */
export function dayDeltasByValue(deltas: readonly CounterDelta[]): CounterDelta[] {
  const months = new Map<string, number>();
  const sums = new Map<string, number>();
  const out: CounterDelta[] = [];
  for (const { hash, field, by } of deltas) {
    const [period, key, dimension] = hash.split(':') as [string, string, string];
    if (period === 'cases') continue; // the month index of the cases (withCaseIndex), not a count
    if (period === 'month') {
      months.set(`${key}:${dimension}|${field}`, (months.get(`${key}:${dimension}|${field}`) ?? 0) + by);
      continue;
    }
    const monthKey = `${key.slice(0, 7)}:${dimension}|${field}`;
    sums.set(monthKey, (sums.get(monthKey) ?? 0) + by);
    const [value, count] = parseBucketField(field);
    out.push({ hash: `day:${key}:${dimension}:${value}`, field: count, by });
  }
  const nonZero = (map: Map<string, number>) => [...map].filter(([, n]) => n !== 0).sort();
  const [m, d] = [JSON.stringify(nonZero(months)), JSON.stringify(nonZero(sums))];
  if (m !== d) throw new Error(`month buckets ${m} differ from the sums of their days ${d}`);
  return out;
}
