/**
 * The rebuild of bench/projection, in a process of its own so that its peak RSS is the projection code's alone:
 * every projection of PROJECTIONS from zero, one partition, `catchUp` in batches of LIMIT events, all projections
 * at once in this one process (as the worker runs its lanes). The `beforeApply` hook counts each batch's Redis
 * writes by kind, for the raw ceiling that replays the same number of writes.
 *
 *   DB=… PREFIX=… LIMIT=1000 OUT=result.json node --conditions=chengyun-source --import tsx bench/projection/rebuild.ts
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '#event-store';
import { type BatchPlan, catchUp, PROJECTIONS, RedisProjectionStore } from '#read-models';
import { Redis } from 'ioredis';

/** The writes of one applied batch, by kind; `hsetBytes` is the UTF-8 size of the docs written. */
export interface BatchWrites {
  readonly projection: string;
  readonly events: number;
  readonly hset: number;
  readonly hsetBytes: number;
  readonly hdel: number;
  readonly zadd: number;
  readonly zrem: number;
  readonly incr: number;
}

export interface RebuildResult {
  readonly ms: number;
  readonly projections: readonly { name: string; applied: number; batches: number; ms: number }[];
  readonly batches: readonly BatchWrites[];
  readonly maxRssMb: number;
  /** RSS once everything is loaded, before the first batch (Node, tsx, the libraries). */
  readonly startRssMb: number;
  readonly peakHeapMb: number;
}

function countWrites(projection: string, plan: BatchPlan): BatchWrites {
  let [hset, hsetBytes, hdel, zadd, zrem, incr] = [0, 0, 0, 0, 0, 0];
  for (const write of plan.writes) {
    switch (write.op) {
      case 'setDoc':
        hset += 1;
        hsetBytes += Buffer.byteLength(write.value);
        break;
      case 'deleteDoc':
        hdel += 1;
        break;
      case 'zadd':
        zadd += 1;
        break;
      case 'zrem':
        zrem += 1;
        break;
      case 'incr':
        incr += 1;
        break;
    }
  }
  return { projection, events: plan.events, hset, hsetBytes, hdel, zadd, zrem, incr };
}

async function main(): Promise<void> {
  const { DB, PREFIX, OUT } = process.env;
  const limit = Number(process.env.LIMIT ?? 1000);
  if (!DB || !PREFIX || !OUT) throw new Error('rebuild: DB, PREFIX and OUT are required');
  const store = new SqliteEventStore({ path: DB, synchronous: 'NORMAL' });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const readModels = new RedisProjectionStore(redis, PREFIX);
  const startRss = process.memoryUsage().rss;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  const batches: BatchWrites[] = [];
  try {
    const started = performance.now();
    const projections = await Promise.all(
      PROJECTIONS.map(async (projection) => {
        const start = performance.now();
        const result = await catchUp(store, readModels, projection, {
          partition: 0,
          partitions: 1,
          limit,
          hooks: { beforeApply: (plan) => void batches.push(countWrites(projection.name, plan)) },
        });
        return {
          name: projection.name,
          applied: result.applied,
          batches: result.batches,
          ms: performance.now() - start,
        };
      }),
    );
    const ms = performance.now() - started;
    const result: RebuildResult = {
      ms,
      projections,
      batches,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb: startRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20,
    };
    writeFileSync(OUT, JSON.stringify(result));
  } finally {
    clearInterval(sampler);
    redis.disconnect();
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
