import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type RecordedEvent } from '#event-store';
import { Redis } from 'ioredis';
import { partitionOf, type Projection, type ProjectionRef } from './projection.js';
import { type BatchPlan, catchUp, planBatch, runBatch } from './projection-runner.js';
import {
  contentDigest,
  encodeStoredDoc,
  type ReadModelContent,
  RedisProjectionStore,
} from './redis-projection-store.js';

interface TicketDoc {
  readonly id: string;
  readonly status: 'received' | 'dispatched' | 'closed';
  readonly unitId: string | null;
  /** The position of the last status change, as a number (the in-memory store's positions are integers). */
  readonly since: number;
}

const data = (event: RecordedEvent) => event.data as { receivedAt?: string; unitId?: string };

/** A small projection: one doc per ticket, `status:<s>` boards, `day:<YYYY-MM-DD>` counters of received tickets. */
const tickets: Projection<TicketDoc> = {
  name: 'test-tickets',
  version: 1,
  categories: ['ticket'],
  evolve(doc, event) {
    const since = Number(event.position);
    switch (event.type) {
      case 'TicketReceived':
        return { id: event.stream, status: 'received', unitId: null, since };
      case 'TicketDispatched':
        return doc && { ...doc, status: 'dispatched', unitId: data(event).unitId ?? null, since };
      case 'TicketClosed':
        return doc && { ...doc, status: 'closed', since };
      case 'TicketPurged':
        return undefined;
      default:
        return doc;
    }
  },
  indexes(doc) {
    const entries = [{ set: `status:${doc.status}`, member: doc.id, score: doc.since }];
    if (doc.unitId) entries.push({ set: `unit:${doc.unitId}`, member: doc.id, score: doc.since });
    return entries;
  },
  counters(before, after, event) {
    if (event.type === 'TicketReceived' && !before) {
      return [{ hash: `day:${(data(event).receivedAt ?? '').slice(0, 10)}`, field: 'received', by: 1 }];
    }
    if (event.type === 'TicketPurged' && before) {
      return [{ hash: 'purged', field: before.status, by: 1 }];
    }
    if (event.type === 'TicketClosed' && before?.status !== 'closed' && after) {
      return [{ hash: `unit:${after.unitId ?? 'none'}`, field: 'closed', by: 1 }];
    }
    return [];
  },
};

/** A deterministic pseudo-random history: tickets received, dispatched (maybe twice), closed, some purged. */
async function generate(
  store: InMemoryEventStore,
  events: number,
  streams: number,
  seed = 42,
): Promise<void> {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const steps = new Map<string, number>();
  const append = (stream: string, type: string, payload: unknown) =>
    store.append(stream, [{ id: randomUUID(), type, data: payload, metadata: {} }], {
      expectedRevision: 'any',
    });
  for (let written = 0; written < events; written += 1) {
    if (random() < 0.05) {
      await append(`other-${Math.floor(random() * 10)}`, 'Noise', {});
      continue;
    }
    const stream = `ticket-${Math.floor(random() * streams)}`;
    const step = steps.get(stream) ?? 0;
    const day = `2025-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const unitId = `u${Math.floor(random() * 5)}`;
    if (step === 0) await append(stream, 'TicketReceived', { receivedAt: `${day}T08:00:00.000Z` });
    else if (step === 1 || step === 2) await append(stream, 'TicketDispatched', { unitId });
    else if (step === 3) await append(stream, 'TicketClosed', {});
    else if (random() < 0.3) await append(stream, 'TicketPurged', {});
    else await append(stream, 'TicketReceived', { receivedAt: `${day}T09:00:00.000Z` });
    steps.set(stream, step >= 4 ? 0 : step + 1);
  }
}

/** The read model computed in memory by folding the whole log: what Redis must equal. */
async function expectedContent(events: InMemoryEventStore): Promise<ReadModelContent> {
  const { events: log } = await events.readAll({ limit: 1_000_000, categories: tickets.categories });
  const docs = new Map<string, TicketDoc>();
  const content: ReadModelContent = { docs: new Map(), indexes: new Map(), counters: new Map() };
  for (const event of log) {
    const before = docs.get(event.stream);
    const after = tickets.evolve(before, event);
    for (const delta of tickets.counters?.(before, after, event) ?? []) {
      const fields = content.counters.get(delta.hash) ?? new Map<string, number>();
      fields.set(delta.field, (fields.get(delta.field) ?? 0) + delta.by);
      content.counters.set(delta.hash, fields);
    }
    if (after) docs.set(event.stream, after);
    else docs.delete(event.stream);
  }
  for (const [stream, doc] of docs) {
    const indexes = tickets.indexes(doc);
    content.docs.set(stream, encodeStoredDoc(doc, indexes));
    for (const entry of indexes) {
      const members = content.indexes.get(entry.set) ?? new Map<string, number>();
      members.set(entry.member, entry.score);
      content.indexes.set(entry.set, members);
    }
  }
  return content;
}

describe('projection engine core (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisProjectionStore;
  const ref = (partitions: number): ProjectionRef => ({
    name: tickets.name,
    version: tickets.version,
    partitions,
  });
  const digest = (partitions = 1) => store.digest(tickets.name, tickets.version, partitions);
  const all = async (events: InMemoryEventStore, partitions: number, limit: number) => {
    for (let partition = 0; partition < partitions; partition += 1) {
      await catchUp(events, store, tickets, { partition, partitions, limit });
    }
  };

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  beforeEach(() => {
    prefix = `test-${randomUUID().slice(0, 8)}`;
    store = new RedisProjectionStore(redis, prefix);
  });
  afterEach(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('partitions streams by a stable hash', () => {
    expect(partitionOf('ticket-1', 1)).toBe(0);
    expect(partitionOf('ticket-1', 3)).toBe(partitionOf('ticket-1', 3));
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i += 1) counts[partitionOf(`ticket-${i}`, 3)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(50);
  });

  it('(a) the read model equals the fold of the log', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 600, 40);
    await all(events, 1, 50);
    expect(await digest()).toBe(contentDigest(await expectedContent(events)));

    const expected = await expectedContent(events);
    const [stream, stored] = [...expected.docs.entries()][0]!;
    expect(await store.readDoc(ref(1), stream)).toEqual((JSON.parse(stored) as { doc: unknown }).doc);
    const closed = [...(expected.indexes.get('status:closed') ?? new Map<string, number>()).entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? 1 : -1))
      .slice(2, 7)
      .map(([member, score]) => ({ member, score }));
    expect(await store.readIndex(ref(1), 'status:closed', { offset: 2, limit: 5, reverse: true })).toEqual(
      closed,
    );
    expect(await store.readCounters(ref(1), 'day:2025-03-05')).toEqual(
      Object.fromEntries(expected.counters.get('day:2025-03-05') ?? []),
    );
    expect(await store.checkpoint(ref(1), 0)).toBe(await events.headPosition());
  });

  it('(b) the same batch applied twice changes the read model once', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 300, 20);
    const options = { partition: 0, partitions: 1, limit: 100 };
    const first = await planBatch(events, store, tickets, options);
    const duplicate = await planBatch(events, store, tickets, options);
    expect(await store.applyBatch(ref(1), 0, first.expected, first.next, first.writes)).toBe(true);
    const once = await digest();
    expect(await store.applyBatch(ref(1), 0, duplicate.expected, duplicate.next, duplicate.writes)).toBe(
      false,
    );
    expect(await digest()).toBe(once);
    expect(await store.checkpoint(ref(1), 0)).toBe(first.next);

    // Two runners racing on the same partition: one applies, the other is skipped, the result is the fold.
    const results = await Promise.all([
      runBatch(events, store, tickets, options),
      runBatch(events, store, tickets, options),
    ]);
    expect(results.filter((result) => result.skipped)).toHaveLength(1);
    await catchUp(events, store, tickets, options);
    expect(await digest()).toBe(contentDigest(await expectedContent(events)));
  });

  it('(c) a crash between computing and applying writes, then a rerun, converges to a clean run', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 800, 50);
    await all(events, 1, 100);
    const clean = await digest();
    await store.drop(tickets.name, tickets.version);

    let batches = 0;
    let crashedAt = '';
    const crashing = {
      partition: 0,
      partitions: 1,
      limit: 100,
      hooks: {
        beforeApply: (plan: BatchPlan) => {
          batches += 1;
          if (batches === 3) {
            crashedAt = plan.expected;
            throw new Error('worker killed');
          }
        },
      },
    };
    await expect(catchUp(events, store, tickets, crashing)).rejects.toThrow('worker killed');
    expect(await store.checkpoint(ref(1), 0)).toBe(crashedAt);
    expect(crashedAt).not.toBe('0');
    expect(await digest()).not.toBe(clean);
    await catchUp(events, store, tickets, crashing);
    expect(await digest()).toBe(clean);
  });

  it('(d) after the keys are dropped a catch-up from zero rebuilds the same digest', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 800, 50);
    await all(events, 1, 70);
    const live = await digest();
    expect(await store.drop(tickets.name, tickets.version)).toBeGreaterThan(0);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    expect(await store.checkpoint(ref(1), 0)).toBe('0');
    await all(events, 1, 70);
    expect(await digest()).toBe(live);
  });

  it('drops one version only', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 100, 10);
    const v2 = { ...tickets, version: 2 };
    await catchUp(events, store, tickets, { partition: 0, partitions: 1, limit: 100 });
    await catchUp(events, store, v2, { partition: 0, partitions: 1, limit: 100 });
    await store.drop(tickets.name, 1);
    expect(await store.digest(tickets.name, 2, 1)).toBe(contentDigest(await expectedContent(events)));
    expect(await store.checkpoint(ref(1), 0)).toBe('0');
  });

  it('(e) three partitions processed separately give the same content as one', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 1000, 60);
    await all(events, 1, 100);
    const one = await digest(1);
    await store.drop(tickets.name, tickets.version);
    await all(events, 3, 100);
    expect(await digest(3)).toBe(one);
    for (let partition = 0; partition < 3; partition += 1) {
      expect(await store.checkpoint(ref(3), partition)).toBe(await events.headPosition());
      expect(await redis.exists(`${store.base(tickets, partition)}docs`)).toBe(1);
    }
    expect(await store.readCounters(ref(3), 'day:2025-03-05')).toEqual(
      Object.fromEntries((await expectedContent(events)).counters.get('day:2025-03-05') ?? []),
    );
  });

  it('(f) 5,000 events across 300 streams in batches of 500', async () => {
    const events = new InMemoryEventStore();
    await generate(events, 5000, 300);
    const result = await catchUp(events, store, tickets, { partition: 0, partitions: 1, limit: 500 });
    expect(result.batches).toBe(10);
    expect(result.checkpoint).toBe('5000');
    expect(await digest()).toBe(contentDigest(await expectedContent(events)));
  }, 60_000);
});
