import { comparePositions, type EventStore, type Position, type RecordedEvent } from '#event-store';
import { type IndexEntry, partitionOf, type Projection, type ProjectionRef } from './projection.js';
import { encodeStoredDoc, type ReadModelWrite, type RedisProjectionStore } from './redis-projection-store.js';

export interface RunBatchOptions {
  readonly partition: number;
  readonly partitions: number;
  /** At most this many log events per batch (before partition filtering). */
  readonly limit: number;
  /** Test hooks: `beforeApply` runs after the writes are computed, before they are applied (throw to "crash"). */
  readonly hooks?: { readonly beforeApply?: (plan: BatchPlan) => void | Promise<void> };
}

export interface BatchPlan {
  /** The checkpoint the batch starts from (the `after` of its read). */
  readonly expected: Position;
  /** Where the checkpoint moves when the batch is applied. */
  readonly next: Position;
  readonly atEnd: boolean;
  /** How many events of this partition the batch folds. */
  readonly events: number;
  readonly writes: readonly ReadModelWrite[];
}

export interface BatchResult {
  /** Events of this partition applied by this call (0 when skipped). */
  readonly applied: number;
  /** The checkpoint had moved since it was read: someone else applied the batch; nothing was written. */
  readonly skipped: boolean;
  readonly atEnd: boolean;
  /** The partition's checkpoint after the call. */
  readonly checkpoint: Position;
}

const refOf = <Doc>(projection: Projection<Doc>, partitions: number): ProjectionRef => ({
  name: projection.name,
  version: projection.version,
  partitions,
});

const entryKey = (entry: IndexEntry) => JSON.stringify([entry.set, entry.member]);

/** The index writes that turn `before` into `after`. */
function indexDiff(before: readonly IndexEntry[], after: readonly IndexEntry[]): ReadModelWrite[] {
  const writes: ReadModelWrite[] = [];
  const wanted = new Map(after.map((entry) => [entryKey(entry), entry]));
  const had = new Map(before.map((entry) => [entryKey(entry), entry]));
  for (const [key, entry] of had) {
    if (!wanted.has(key)) writes.push({ op: 'zrem', set: entry.set, member: entry.member });
  }
  for (const [key, entry] of wanted) {
    if (had.get(key)?.score !== entry.score) {
      writes.push({ op: 'zadd', set: entry.set, member: entry.member, score: entry.score });
    }
  }
  return writes;
}

/**
 * Reads the next batch of the log from the partition's checkpoint and computes its writes, without applying them.
 * Events are folded in log order, which is each stream's order.
 */
export async function planBatch<Doc>(
  eventStore: EventStore,
  store: RedisProjectionStore,
  projection: Projection<Doc>,
  options: Pick<RunBatchOptions, 'partition' | 'partitions' | 'limit'>,
): Promise<BatchPlan> {
  const ref = refOf(projection, options.partitions);
  const expected = await store.checkpoint(ref, options.partition);
  const batch = await eventStore.readAll({
    after: expected,
    limit: options.limit,
    categories: projection.categories,
  });
  const mine = batch.events.filter(
    (event) => partitionOf(event.stream, options.partitions) === options.partition,
  );
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of mine) {
    const events = byStream.get(event.stream) ?? [];
    events.push(event);
    byStream.set(event.stream, events);
  }
  const stored = await store.readStoredDocs<Doc>(ref, options.partition, [...byStream.keys()]);
  const writes: ReadModelWrite[] = [];
  const counters = new Map<string, { hash: string; field: string; by: number }>();
  for (const [stream, events] of byStream) {
    const old = stored.get(stream);
    let doc: Doc | undefined = old?.doc;
    for (const event of events) {
      const after = projection.evolve(doc, event);
      for (const delta of projection.counters?.(doc, after, event) ?? []) {
        const key = JSON.stringify([delta.hash, delta.field]);
        const sum = counters.get(key) ?? { hash: delta.hash, field: delta.field, by: 0 };
        sum.by += delta.by;
        counters.set(key, sum);
      }
      doc = after;
    }
    const indexes = doc === undefined ? [] : projection.indexes(doc);
    writes.push(...indexDiff(old?.indexes ?? [], indexes));
    if (doc === undefined) {
      if (old) writes.push({ op: 'deleteDoc', stream });
    } else {
      writes.push({ op: 'setDoc', stream, value: encodeStoredDoc(doc, indexes) });
    }
  }
  for (const { hash, field, by } of counters.values()) {
    if (by !== 0) writes.push({ op: 'incr', hash, field, by });
  }
  return { expected, next: batch.next, atEnd: batch.atEnd, events: mine.length, writes };
}

/**
 * Applies one batch of one partition: plan it, then apply the writes and the new checkpoint in one Lua call.
 * The checkpoint advances even when no event of the batch belongs to this partition. A batch that reaches the
 * head of the log marks the partition built (see versions.ts).
 */
export async function runBatch<Doc>(
  eventStore: EventStore,
  store: RedisProjectionStore,
  projection: Projection<Doc>,
  options: RunBatchOptions,
): Promise<BatchResult> {
  const ref = refOf(projection, options.partitions);
  const plan = await planBatch(eventStore, store, projection, options);
  if (comparePositions(plan.next, plan.expected) === 0) {
    if (plan.atEnd) await store.markBuilt(ref, options.partition);
    return { applied: 0, skipped: false, atEnd: plan.atEnd, checkpoint: plan.expected };
  }
  await options.hooks?.beforeApply?.(plan);
  const applied = await store.applyBatch(ref, options.partition, plan.expected, plan.next, plan.writes);
  if (!applied) {
    return {
      applied: 0,
      skipped: true,
      atEnd: false,
      checkpoint: await store.checkpoint(ref, options.partition),
    };
  }
  if (plan.atEnd) await store.markBuilt(ref, options.partition);
  return { applied: plan.events, skipped: false, atEnd: plan.atEnd, checkpoint: plan.next };
}

/** Runs batches of one partition until it has reached the head of the log. */
export async function catchUp<Doc>(
  eventStore: EventStore,
  store: RedisProjectionStore,
  projection: Projection<Doc>,
  options: RunBatchOptions,
): Promise<{ applied: number; batches: number; checkpoint: Position }> {
  let applied = 0;
  let batches = 0;
  for (;;) {
    const result = await runBatch(eventStore, store, projection, options);
    applied += result.applied;
    batches += 1;
    if (result.atEnd) return { applied, batches, checkpoint: result.checkpoint };
  }
}
