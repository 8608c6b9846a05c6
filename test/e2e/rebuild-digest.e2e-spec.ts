import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '#event-store';
import { catchUp, PROJECTIONS, RedisProjectionStore, runBatch } from '#read-models';
import { Redis } from 'ioredis';
import { appendStep, stepsUntil } from '../support/simulated-log.js';

/**
 * Issue 5's promise: the read models a full rebuild makes equal, digest for digest, the ones live processing made
 * while the events arrived. The history is a generated street (tickets, findings, shop cards, bikes through the real
 * deciders) of at least EVENTS events (REBUILD_CHECK_EVENTS, default 100,000). Live: three partitions, small batches
 * interleaved with the appends, as the worker meets them; rebuild: one partition, large batches, on an empty prefix.
 */
const EVENTS = Number(process.env.REBUILD_CHECK_EVENTS ?? 100_000);

describe(`read models rebuilt from zero equal the live ones, over ${EVENTS.toLocaleString('en')} generated events`, () => {
  let dir: string;
  let store: SqliteEventStore;
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-rebuild-'));
    // Durability is not under test here: NORMAL keeps the 100,000 appends quick.
    store = new SqliteEventStore({ path: join(dir, 'events.db'), synchronous: 'NORMAL' });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      for (const projection of PROJECTIONS)
        await new RedisProjectionStore(redis, prefix).drop(projection.name, projection.version);
    }
    redis.disconnect();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const digests = async (projections: RedisProjectionStore, partitions: number) =>
    new Map(
      await Promise.all(
        PROJECTIONS.map(
          async (p) => [p.name, await projections.digest(p.name, p.version, partitions)] as const,
        ),
      ),
    );

  it('gives the same digest for every projection', async () => {
    const livePrefix = `chengyun-test:${randomUUID()}`;
    const rebuildPrefix = `chengyun-test:${randomUUID()}`;
    prefixes.push(livePrefix, rebuildPrefix);
    const live = new RedisProjectionStore(redis, livePrefix);
    const partitions = 3;
    const liveStep = async (limit: number) => {
      for (const projection of PROJECTIONS) {
        for (let partition = 0; partition < partitions; partition += 1) {
          await runBatch(store, live, projection, { partition, partitions, limit });
        }
      }
    };

    let events = 0;
    let appends = 0;
    for (const step of stepsUntil(EVENTS)) {
      await appendStep(store, step);
      events += step.events.length;
      appends += 1;
      // Live processing meets the log a few hundred events at a time, mid-stream, like the worker woken by appends.
      if (appends % 293 === 0) await liveStep(400);
    }
    for (const projection of PROJECTIONS) {
      for (let partition = 0; partition < partitions; partition += 1) {
        await catchUp(store, live, projection, { partition, partitions, limit: 250 });
      }
    }
    const liveDigests = await digests(live, partitions);

    const rebuilt = new RedisProjectionStore(redis, rebuildPrefix);
    for (const projection of PROJECTIONS) {
      await catchUp(store, rebuilt, projection, { partition: 0, partitions: 1, limit: 5000 });
    }
    const rebuiltDigests = await digests(rebuilt, 1);

    console.log(
      `[rebuild digest] ${events.toLocaleString('en')} events in ${appends.toLocaleString('en')} appends; ` +
        `${PROJECTIONS.length} projections equal after live (3 partitions) and rebuild (1 partition)`,
    );
    expect(events).toBeGreaterThanOrEqual(EVENTS);
    expect(rebuiltDigests).toEqual(liveDigests);
    // Not a comparison of two empty sets: every projection the street feeds holds something.
    const empty = (await digests(new RedisProjectionStore(redis, `chengyun-test:${randomUUID()}`), 1)).get(
      'ticket-board',
    );
    for (const name of [
      'ticket-board',
      'finding-board',
      'hotline-rates',
      'grid-rates',
      'shop-board',
      'case-alerts',
    ]) {
      expect(liveDigests.get(name)).not.toBe(empty);
    }
  }, 600_000);
});
