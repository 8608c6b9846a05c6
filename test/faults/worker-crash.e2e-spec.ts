import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { comparePositions, type Position, SqliteEventStore } from '#event-store';
import { catchUp, PROJECTIONS, RedisProjectionStore } from '#read-models';
import { Rng } from '#simulator';
import { Redis } from 'ioredis';
import type { Launched } from '../support/processes.js';
import { appendStep, stepsUntil } from '../support/simulated-log.js';
import { dropRedisPrefix, eventually } from '../support/test-env.js';
import { faultPlace, KILLS, kill, launchApp, REDIS_URL, sleep } from './support/fault-env.js';

/*
 * Issue 10, scenario 2: a worker process is killed with SIGKILL in the middle of its batches, again and again, while
 * the street goes on writing events. After the last restart the read models must equal, digest for digest, a clean
 * rebuild of the same log.
 */
const PARTITIONS = 2;
const FIRST_EVENTS = 4000;
const EVENTS_PER_ROUND = 600;
const SEED = Number(process.env.FAULT_SEED ?? 10_002);

describe('fault: a worker killed with SIGKILL mid-batch', () => {
  const { dir, prefix } = faultPlace('worker-crash');
  const refPrefix = `${prefix}-ref`;
  let store: SqliteEventStore;
  let redis: Redis;
  let worker: Launched | undefined;

  beforeAll(() => {
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    if (worker) await kill(worker);
    await store.close();
    await redis.quit();
    for (const p of [prefix, refPrefix]) await dropRedisPrefix({ redisUrl: REDIS_URL, redisPrefix: p });
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = () =>
    launchApp('worker', {
      DATA_DIR: dir,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PROJECTION_PARTITIONS: String(PARTITIONS),
      // The simulated history's deadlines are long past: timers would write alerts into the log under test.
      WORKER_DEADLINES: 'false',
    });

  const projections = () => new RedisProjectionStore(redis, prefix);
  /** Every lane's checkpoint: projections × partitions. */
  const checkpoints = async (): Promise<Position[]> => {
    const lanes: Promise<Position>[] = [];
    for (const projection of PROJECTIONS) {
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        lanes.push(projections().checkpoint({ ...projection, partitions: PARTITIONS }, partition));
      }
    }
    return Promise.all(lanes);
  };
  const digests = async (projectionStore: RedisProjectionStore, partitions: number) =>
    new Map(
      await Promise.all(
        PROJECTIONS.map(
          async (p) => [p.name, await projectionStore.digest(p.name, p.version, partitions)] as const,
        ),
      ),
    );

  it(`converges to a clean rebuild after ${KILLS} kills while events keep coming`, async () => {
    const steps = stepsUntil(FIRST_EVENTS + KILLS * EVENTS_PER_ROUND + EVENTS_PER_ROUND);
    const append = async (events: number) => {
      let written = 0;
      while (written < events) {
        const next = steps.next();
        if (next.done) return;
        await appendStep(store, next.value);
        written += next.value.events.length;
      }
    };
    await append(FIRST_EVENTS);
    const rng = new Rng(SEED, 'worker-crash');
    let kills = 0;
    let midway = 0;
    for (let round = 0; round < KILLS; round += 1) {
      const before = await checkpoints();
      worker = startWorker();
      // The street goes on while the worker works; the kill lands at a random moment after its first batch.
      const writing = append(EVENTS_PER_ROUND);
      await eventually(
        async () => {
          const now = await checkpoints();
          if (now.every((checkpoint, i) => checkpoint === before[i])) throw new Error('no batch applied yet');
        },
        60_000,
        5,
      );
      await sleep(rng.between(0, 150));
      await kill(worker);
      worker = undefined;
      kills += 1;
      await writing;
      const head = await store.headPosition();
      if ((await checkpoints()).some((checkpoint) => comparePositions(checkpoint, head) < 0)) midway += 1;
    }
    await append(EVENTS_PER_ROUND);
    const head = await store.headPosition();
    worker = startWorker();
    await eventually(
      async () => {
        const lagging = (await checkpoints()).filter((checkpoint) => comparePositions(checkpoint, head) < 0);
        if (lagging.length > 0) throw new Error(`${lagging.length} lanes behind ${head}`);
      },
      120_000,
      100,
    );
    await kill(worker);
    worker = undefined;

    // The reference: one clean in-process rebuild of the same log on one partition.
    const reference = new RedisProjectionStore(redis, refPrefix);
    for (const projection of PROJECTIONS) {
      await catchUp(store, reference, projection, { partition: 0, partitions: 1, limit: 1000 });
    }
    const expected = await digests(reference, 1);
    expect(await digests(projections(), PARTITIONS)).toEqual(expected);
    expect(kills).toBe(KILLS);
    expect(midway).toBeGreaterThan(KILLS / 2);
    process.stdout.write(
      `[fault worker-crash] ${kills} SIGKILLs mid-batch (${midway} with work left undone), ${head} events ` +
        `(${PROJECTIONS.length} projections × ${PARTITIONS} partitions): digests equal to a clean rebuild\n`,
    );
  }, 600_000);
});
