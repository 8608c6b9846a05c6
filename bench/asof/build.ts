/**
 * The read model of the asOf benchmark, built in a process of its own (so that its peak RSS is the build's): the
 * hotline-rates projection only, from zero, with the projection runner the worker uses (`catchUp`, one partition,
 * batches of 1000 log events as the worker's lanes). Its counters include the month index `cases:<YYYY-MM>` that an
 * `asOf` answer reads.
 *
 *   DB=… PREFIX=… OUT=result.json node --conditions=chengyun-source --import tsx bench/asof/build.ts
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '#event-store';
import { catchUp, hotlineRatesProjection, RedisProjectionStore } from '#read-models';
import { Redis } from 'ioredis';

export interface BuildResult {
  readonly ms: number;
  readonly applied: number;
  readonly batches: number;
  readonly checkpoint: string;
  readonly maxRssMb: number;
  readonly startRssMb: number;
}

/** The batch size of the worker's lanes (apps/worker/src/lanes/lane-checkpoints.ts, LANE_BATCH_LIMIT). */
const LIMIT = 1000;

async function main(): Promise<void> {
  const { DB, PREFIX, OUT } = process.env;
  if (!DB || !PREFIX || !OUT) throw new Error('build: DB, PREFIX and OUT are required');
  const store = new SqliteEventStore({ path: DB, synchronous: 'NORMAL' });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const readModels = new RedisProjectionStore(redis, PREFIX);
    const startRssMb = process.memoryUsage().rss / 2 ** 20;
    const started = performance.now();
    const result = await catchUp(store, readModels, hotlineRatesProjection, {
      partition: 0,
      partitions: 1,
      limit: LIMIT,
    });
    const out: BuildResult = {
      ms: performance.now() - started,
      applied: result.applied,
      batches: result.batches,
      checkpoint: result.checkpoint,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb,
    };
    writeFileSync(OUT, JSON.stringify(out));
  } finally {
    redis.disconnect();
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
