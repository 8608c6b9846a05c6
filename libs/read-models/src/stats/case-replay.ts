import { comparePositions, isPosition, type Position, type RecordedEvent } from '#event-store';
import type { CounterDelta, Projection } from '../projection.js';
import { groupBucketSums, type BucketGrouping, type BucketRead } from '../projections/bucket-query.js';

/*
 * Statistics as of a moment of the log, and the cases behind a count, by folding the cases' own streams through
 * the very projection the worker runs: the same evolve, the same counters, so a replayed figure cannot differ from
 * the one the worker kept. Which cases to fold comes from the month index the rates projections keep
 * (`cases:<YYYY-MM>`, see withCaseIndex), never from a scan of the log.
 */

/** A moment of the log: every event at or before a position, or recorded at or before an instant. */
export type LogMoment = { readonly position: Position } | { readonly time: string } | { readonly now: true };

/** `asOf` as a query gives it: a log position as commands return it, or an ISO-8601 time with an offset. */
export function parseLogMoment(asOf: string): LogMoment | undefined {
  if (isPosition(asOf)) return { position: asOf };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(asOf)) {
    const ms = Date.parse(asOf);
    if (!Number.isNaN(ms)) return { time: new Date(ms).toISOString() };
  }
  return undefined;
}

/** Whether an event belongs to the log as it stood at a moment. */
export function standsAt(moment: LogMoment): (event: RecordedEvent) => boolean {
  if ('position' in moment) return (event) => comparePositions(event.position, moment.position) <= 0;
  if ('time' in moment) {
    const limit = Date.parse(moment.time);
    return (event) => Date.parse(event.recordedAt) <= limit;
  }
  return () => true;
}

/** One counter delta with the case and the event that made it. */
export interface TracedDelta {
  readonly stream: string;
  readonly delta: CounterDelta;
  readonly event: RecordedEvent;
}

/** A case folded up to a moment: its doc then, and every counter delta its events made. */
export interface ReplayedCase<Doc> {
  readonly stream: string;
  readonly doc: Doc | undefined;
  readonly deltas: readonly TracedDelta[];
}

/**
 * Folds one case's events (in stream order) through a projection as the worker's batch does, keeping the events
 * that stand at the moment only; deltas whose hash `keep` refuses are dropped (a query needs few hashes).
 */
export function replayCase<Doc>(
  projection: Projection<Doc>,
  stream: string,
  events: readonly RecordedEvent[],
  stands: (event: RecordedEvent) => boolean,
  keep: (hash: string) => boolean = () => true,
): ReplayedCase<Doc> {
  let doc: Doc | undefined;
  const deltas: TracedDelta[] = [];
  for (const event of events) {
    if (!stands(event)) break;
    const after = projection.evolve(doc, event);
    for (const delta of projection.counters?.(doc, after, event, keep) ?? []) {
      if (keep(delta.hash)) deltas.push({ stream, delta, event });
    }
    doc = after;
  }
  return { stream, doc, deltas };
}

/** The summed fields of the hashes of `reads`, from traced deltas (what `sumCounterHashes` answers from Redis). */
export function sumReads(
  reads: readonly BucketRead[],
  deltas: Iterable<TracedDelta>,
): Record<string, number>[] {
  const index = new Map<string, number[]>();
  reads.forEach((read, i) => index.set(read.hash, [...(index.get(read.hash) ?? []), i]));
  const sums = reads.map((): Record<string, number> => ({}));
  for (const { delta } of deltas) {
    for (const i of index.get(delta.hash) ?? []) {
      const sum = sums[i] as Record<string, number>;
      sum[delta.field] = (sum[delta.field] ?? 0) + delta.by;
    }
  }
  return sums;
}

/** Grouped counts from traced deltas, exactly as the Redis buckets would group them. */
export function groupDeltas(
  reads: readonly BucketRead[],
  deltas: Iterable<TracedDelta>,
  grouping: BucketGrouping,
): Map<string, Record<string, number>> {
  return groupBucketSums(reads, sumReads(reads, deltas), grouping);
}

/** One unit of a count: the case and the event that made it. */
export interface CountedCase {
  readonly stream: string;
  readonly day: string;
  readonly position: Position;
  readonly at: string;
}

/**
 * The cases behind one cell: the deltas of `field` in the day hashes given (day → hash), netted per case and day.
 * A case counted twice appears twice (each with the event that made the count); a count taken back (a deadline
 * moved out of the period) removes the latest one. The list's length is the cell's count.
 */
export function countedCases(
  deltas: Iterable<TracedDelta>,
  dayOfHash: ReadonlyMap<string, string>,
  field: string,
): CountedCase[] {
  const open = new Map<string, CountedCase[]>();
  for (const { stream, delta, event } of deltas) {
    if (delta.field !== field) continue;
    const day = dayOfHash.get(delta.hash);
    if (day === undefined) continue;
    const key = `${stream}\u0000${day}`;
    const units = open.get(key) ?? [];
    if (delta.by > 0) {
      for (let i = 0; i < delta.by; i += 1) {
        units.push({ stream, day, position: event.position, at: event.recordedAt });
      }
    } else {
      units.splice(Math.max(0, units.length + delta.by), -delta.by);
    }
    open.set(key, units);
  }
  return [...open.values()]
    .flat()
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : comparePositions(a.position, b.position)));
}
