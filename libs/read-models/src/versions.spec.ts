import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '#event-store';
import { Redis } from 'ioredis';
import type { Projection } from './projection.js';
import { catchUp, runBatch } from './projection-runner.js';
import { RedisProjectionStore } from './redis-projection-store.js';
import { isSuperseded, retireSuperseded, servingVersion } from './versions.js';

/** Version 1 counts tickets per day; version 2 also per unit (a new layout, built beside the old). */
const v1: Projection<{ day: string }> = {
  name: 'test-versioned',
  version: 1,
  categories: ['ticket'],
  evolve: (doc, event) => doc ?? { day: (event.data as { day: string }).day },
  indexes: () => [],
  counters: (before, after) => (before || !after ? [] : [{ hash: `day:${after.day}`, field: 'n', by: 1 }]),
};
const v2: Projection<{ day: string; unit: string }> = {
  ...v1,
  version: 2,
  evolve: (doc, event) => doc ?? (event.data as { day: string; unit: string }),
  counters: (before, after) =>
    before || !after ? [] : [{ hash: `day:${after.day}`, field: after.unit, by: 1 }],
};

describe('a new projection version built beside the old one (real Redis)', () => {
  let redis: Redis;
  let store: RedisProjectionStore;
  const partitions = 2;
  const events = new InMemoryEventStore();

  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    await redis.connect();
    for (let i = 0; i < 40; i += 1) {
      await events.append(
        `ticket-${i}`,
        [
          {
            id: randomUUID(),
            type: 'TicketReceived',
            data: { day: `2026-03-0${1 + (i % 3)}`, unit: `u${i % 4}` },
            metadata: {},
          },
        ],
        { expectedRevision: 'no-stream' },
      );
    }
  });
  beforeEach(() => {
    store = new RedisProjectionStore(redis, `chengyun-test:${randomUUID()}`);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const build = async (projection: Projection<unknown>, upTo = Infinity) => {
    for (let partition = 0; partition < partitions; partition += 1) {
      if (upTo === Infinity) await catchUp(events, store, projection, { partition, partitions, limit: 10 });
      else await runBatch(events, store, projection, { partition, partitions, limit: upTo });
    }
  };

  // Tickets 0, 3, …, 39 fall on 1 March (14 of them); their units are i mod 4: u0 ×4, u1 ×3, u2 ×3, u3 ×4.
  it('serves the old version until every partition of the new one has reached the head, then retires the old', async () => {
    const registered = [v1, v2] as Projection<unknown>[];
    await build(v1);
    const old = { name: v1.name, version: 1, partitions };
    expect(await servingVersion(store, registered, v1.name, partitions)).toBe(1);

    // Version 2 is half built: queries still read version 1, whose lanes keep running.
    await build(v2, 10);
    expect(await servingVersion(store, registered, v1.name, partitions)).toBe(1);
    expect(await isSuperseded(store, registered, old)).toBe(false);
    expect(await retireSuperseded(store, registered, v1.name, partitions)).toEqual([]);
    expect(await store.readCounters(old, 'day:2026-03-01')).toEqual({ n: 14 });

    await build(v2);
    expect(await servingVersion(store, registered, v1.name, partitions)).toBe(2);
    expect(await isSuperseded(store, registered, old)).toBe(true);
    expect(await store.readCounters({ ...old, version: 2 }, 'day:2026-03-01')).toEqual({
      u0: 4,
      u1: 3,
      u2: 3,
      u3: 4,
    });

    expect(await retireSuperseded(store, registered, v1.name, partitions)).toEqual([1]);
    expect(await store.storedVersions(v1.name)).toEqual([2]);
    expect(await store.readCounters(old, 'day:2026-03-01')).toEqual({});
  });

  it('with nothing built yet (an empty Redis) serves the newest version, which fills as it catches up', async () => {
    expect(await servingVersion(store, [v1, v2] as Projection<unknown>[], v1.name, partitions)).toBe(2);
  });

  it('drops an unregistered older version once the registered one is built', async () => {
    await build(v1);
    const onlyV2 = [v2] as Projection<unknown>[];
    expect(await retireSuperseded(store, onlyV2, v1.name, partitions)).toEqual([]);
    await build(v2);
    expect(await retireSuperseded(store, onlyV2, v1.name, partitions)).toEqual([1]);
    expect(await store.storedVersions(v1.name)).toEqual([2]);
  });
});
