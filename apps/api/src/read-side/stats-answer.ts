import { bucketGroupingOf, daysBetween, PeriodError, statsRows } from '#read-models';
import { RequestValidationError } from '../http/validation.js';
import type { ReadModelsService } from './read-models.service.js';

/** The days of a statistics query's period; a reversed or too long one is the caller's `to` that is wrong. */
function periodDays(from: string, to: string): string[] {
  try {
    return daysBetween(from, to);
  } catch (error) {
    if (error instanceof PeriodError)
      throw new RequestValidationError([{ field: 'to', message: error.message }]);
    throw error;
  }
}

/**
 * A statistics answer: the period's buckets of a rates projection summed by `groupBy` (a period grouping, or a
 * bucket dimension), each row with its counts and rates; `fresh` says whether `minPosition` was reached.
 */
export async function statsAnswer<Rates>(
  readModels: ReadModelsService,
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
  const days = periodDays(query.from, query.to);
  const ref = await readModels.serving(projection);
  const fresh = await readModels.waitFor(ref, query.minPosition);
  const groups = await readModels.store.sumBuckets(ref, days, bucketGroupingOf(groupBy));
  return { from: query.from, to: query.to, groupBy, fresh, rows: statsRows(groups, countNames, rates) };
}
