import type { EventStore, RecordedEvent } from '#event-store';
import { type Projection, type RedisProjectionStore, runBatch } from '#read-models';
import type { Redis } from 'ioredis';

/** Log events one batch reads at most. */
export const LANE_BATCH_LIMIT = 1000;

/**
 * How a lane takes the next batch of the log after its checkpoint and moves the checkpoint past it: the one thing
 * in which a projection's lane and a reactor's differ.
 */
export interface LaneCheckpoint {
  /** Handles the batch after the checkpoint and moves the checkpoint; answers whether the head of the log was reached. */
  next(): Promise<{ readonly atEnd: boolean }>;
}

/**
 * A projection partition's checkpoint: checked and moved in the Lua call that applies the batch's writes, so a
 * duplicated, retried or stalled job changes nothing twice (libs/read-models, `runBatch`).
 */
export function projectionCheckpoint(
  store: EventStore,
  projections: RedisProjectionStore,
  projection: Projection<unknown>,
  partitioning: { readonly partition: number; readonly partitions: number },
): LaneCheckpoint {
  const options = { ...partitioning, limit: LANE_BATCH_LIMIT };
  return { next: () => runBatch(store, projections, projection, options) };
}

/**
 * A reactor's own checkpoint, a Redis key: the batch is handled, then the checkpoint moves, so at least once (the
 * handler must be idempotent: the reactors only queue jobs with deterministic ids). A Redis that lost the key starts
 * the reactor from the beginning of the log.
 */
export function reactorCheckpoint(
  store: EventStore,
  redis: Redis,
  options: {
    readonly key: string;
    readonly categories: readonly string[];
    readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
  },
): LaneCheckpoint {
  return {
    async next() {
      const after = (await redis.get(options.key)) ?? undefined;
      const read = await store.readAll({
        limit: LANE_BATCH_LIMIT,
        categories: [...options.categories],
        ...(after === undefined ? {} : { after }),
      });
      if (read.events.length > 0) await options.handle(read.events);
      if (read.next !== after) await redis.set(options.key, read.next);
      return { atEnd: read.atEnd };
    },
  };
}
