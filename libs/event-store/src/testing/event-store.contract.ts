import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConcurrencyError } from '../errors.js';
import { newEventId } from '../event-id.js';
import type { EventStore, EventToAppend, RecordedEvent } from '../event-store.port.js';
import { comparePositions, isPosition, START } from '../position.js';
import type { StoreDescriptor } from './store-descriptor.js';

const run = promisify(execFile);

export interface ContractSubject {
  readonly store: EventStore;
  /** How another OS process opens the same store; absent for a store that lives in one process. */
  readonly descriptor?: StoreDescriptor;
  readonly cleanup?: () => Promise<void>;
}

/** A fresh category per test, so the suite also runs against a shared EventStoreDB server. */
const category = () => `ct${randomUUID().replace(/-/g, '').slice(0, 12)}`;

const event = (type: string, data: unknown = {}, metadata: Record<string, unknown> = {}): EventToAppend => ({
  id: newEventId(),
  type,
  data,
  metadata,
});

async function expectConflict(
  attempt: Promise<unknown>,
  expected: ConcurrencyError['expected'],
  actual: ConcurrencyError['actual'],
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  expect(error).toMatchObject({ expected, actual });
}

/**
 * The event-store contract: every adapter passes these same tests, with no adapter-specific assertion.
 * `open` gives a store for one test (a fresh one, or a shared server with fresh stream names).
 */
export interface ContractOptions {
  /** Why the multi-process test does not apply to this adapter (printed), or undefined when it does. */
  readonly multiProcessSkipReason?: string;
}

export function describeEventStoreContract(
  adapter: string,
  open: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  describe(`event store contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('creates a stream with no-stream and reads back every field', async () => {
      const stream = `${category()}-1`;
      const appended = event('TicketReceived', { title: '噪声扰民', n: 1 }, { correlationId: 'c-1' });
      const result = await store.append(stream, [appended], { expectedRevision: 'no-stream' });
      expect(result).toMatchObject({ nextRevision: 0, duplicate: false });
      expect(isPosition(result.position)).toBe(true);

      const [stored, ...rest] = await store.readStream(stream);
      const isoTime: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(rest).toEqual([]);
      expect(stored).toEqual<RecordedEvent>({
        id: appended.id,
        stream,
        revision: 0,
        position: result.position,
        type: 'TicketReceived',
        data: { title: '噪声扰民', n: 1 },
        metadata: { correlationId: 'c-1' },
        recordedAt: isoTime as string,
      });
    });

    it('rejects no-stream on an existing stream, naming expected and actual revisions', async () => {
      const stream = `${category()}-1`;
      await store.append(stream, [event('A')], { expectedRevision: 'no-stream' });
      await expectConflict(
        store.append(stream, [event('B')], { expectedRevision: 'no-stream' }),
        'no-stream',
        0,
      );
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('appends at an exact revision and rejects a stale or future one', async () => {
      const stream = `${category()}-1`;
      await store.append(stream, [event('A')], { expectedRevision: 'no-stream' });
      expect(await store.append(stream, [event('B')], { expectedRevision: 0 })).toMatchObject({
        nextRevision: 1,
      });
      await expectConflict(store.append(stream, [event('C')], { expectedRevision: 0 }), 0, 1);
      await expectConflict(store.append(stream, [event('C')], { expectedRevision: 5 }), 5, 1);
      await expectConflict(
        store.append(`${category()}-missing`, [event('C')], { expectedRevision: 0 }),
        0,
        'no-stream',
      );
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('appends with any whatever the revision', async () => {
      const stream = `${category()}-1`;
      expect(await store.append(stream, [event('A')], { expectedRevision: 'any' })).toMatchObject({
        nextRevision: 0,
      });
      expect(await store.append(stream, [event('B')], { expectedRevision: 'any' })).toMatchObject({
        nextRevision: 1,
      });
    });

    it('stores the events of one append with consecutive revisions and increasing positions', async () => {
      const stream = `${category()}-1`;
      const result = await store.append(stream, [event('A'), event('B'), event('C')], {
        expectedRevision: 'no-stream',
      });
      const events = await store.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(result.nextRevision).toBe(2);
      expect(result.position).toBe(events[2]?.position);
      expect(comparePositions(events[0]!.position, events[1]!.position)).toBeLessThan(0);
      expect(comparePositions(events[1]!.position, events[2]!.position)).toBeLessThan(0);
    });

    it('reads a stream from a revision, at most a count, and a missing stream as empty', async () => {
      const stream = `${category()}-1`;
      await store.append(
        stream,
        ['A', 'B', 'C', 'D', 'E'].map((t) => event(t)),
        { expectedRevision: 'no-stream' },
      );
      expect((await store.readStream(stream, { fromRevision: 2 })).map((e) => e.type)).toEqual([
        'C',
        'D',
        'E',
      ]);
      expect((await store.readStream(stream, { fromRevision: 1, maxCount: 2 })).map((e) => e.type)).toEqual([
        'B',
        'C',
      ]);
      expect(await store.readStream(stream, { fromRevision: 9 })).toEqual([]);
      expect(await store.readStream(`${category()}-none`)).toEqual([]);
    });

    it('reads the global log in append order across streams, in batches with positions', async () => {
      const cat = category();
      const order: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const stream = `${cat}-${i % 3}`;
        await store.append(stream, [event('Step', { i })], { expectedRevision: 'any' });
        order.push(`${stream}:${i}`);
      }
      const seen: RecordedEvent[] = [];
      let after = START;
      for (let reads = 0; reads < 20; reads += 1) {
        const batch = await store.readAll({ after, limit: 2, categories: [cat] });
        expect(batch.events.length).toBeLessThanOrEqual(2);
        seen.push(...batch.events);
        expect(comparePositions(batch.next, after)).toBeGreaterThanOrEqual(0);
        after = batch.next;
        if (batch.atEnd) break;
      }
      expect(seen.map((e) => `${e.stream}:${(e.data as { i: number }).i}`)).toEqual(order);
      for (let i = 1; i < seen.length; i += 1) {
        expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBeLessThan(0);
      }
      const again = await store.readAll({ after, limit: 10, categories: [cat] });
      expect(again).toMatchObject({ events: [], atEnd: true });
    });

    it('moves the read position past events of other categories', async () => {
      const wanted = category();
      const other = category();
      const head = await store.headPosition();
      await store.append(`${wanted}-1`, [event('W1')], { expectedRevision: 'any' });
      const last = await store.append(`${other}-1`, [event('O1'), event('O2')], { expectedRevision: 'any' });
      const batch = await store.readAll({ after: head, limit: 10, categories: [wanted] });
      expect(batch.events.map((e) => e.type)).toEqual(['W1']);
      expect(batch.atEnd).toBe(true);
      expect(comparePositions(batch.next, last.position)).toBeGreaterThanOrEqual(0);

      const unfiltered = await store.readAll({ after: head, limit: 100 });
      const mine = unfiltered.events.filter((e) => e.stream.startsWith(wanted) || e.stream.startsWith(other));
      expect(mine.map((e) => e.type)).toEqual(['W1', 'O1', 'O2']);
    });

    it('reports the head position of the log', async () => {
      const result = await store.append(`${category()}-1`, [event('A'), event('B')], {
        expectedRevision: 'any',
      });
      expect(comparePositions(await store.headPosition(), result.position)).toBeGreaterThanOrEqual(0);
      const empty = await store.readAll({ after: await store.headPosition(), limit: 10 });
      expect(empty.atEnd).toBe(true);
    });

    it('keeps one copy when the same append is retried with the same event ids', async () => {
      const stream = `${category()}-1`;
      await store.append(stream, [event('Before')], { expectedRevision: 'no-stream' });
      const events = [event('A'), event('B')];
      const first = await store.append(stream, events, { expectedRevision: 0 });
      const retry = await store.append(stream, events, { expectedRevision: 0 });
      expect(first.duplicate).toBe(false);
      expect(retry).toEqual({ nextRevision: first.nextRevision, position: first.position, duplicate: true });
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Before', 'A', 'B']);
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      const stream = `${category()}-1`;
      await store.append(stream, [event('Start')], { expectedRevision: 'no-stream' });
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.append(stream, [event('Try', { i })], { expectedRevision: 0 }),
        ),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('round-trips Chinese text, emoji and a large payload exactly', async () => {
      const stream = `${category()}-1`;
      const text = '南京西路街道城运中心：噪声扰民，诉求人要求22:00后停止施工。😀 \u0000 "quotes" \\ 𠮷';
      const large = { items: Array.from({ length: 4000 }, (_, i) => ({ i, note: `第${i}条 ${text}` })) };
      expect(Buffer.byteLength(JSON.stringify(large))).toBeGreaterThan(500_000);
      await store.append(stream, [event('Big', large, { note: text })], { expectedRevision: 'no-stream' });
      const [stored] = await store.readStream(stream);
      expect(stored?.data).toEqual(large);
      expect(stored?.metadata).toEqual({ note: text });
      const [fromLog] = (
        await store.readAll({ after: START, limit: 1000, categories: [stream.split('-')[0]!] })
      ).events;
      expect(fromLog?.data).toEqual(large);
    });

    it('notifies a subscriber of appends', async () => {
      if (!store.subscribe)
        throw new Error(`${adapter} offers no live notification; the port expects one here`);
      const heads: string[] = [];
      const unsubscribe = store.subscribe((head) => heads.push(head));
      const result = await store.append(`${category()}-1`, [event('A')], { expectedRevision: 'any' });
      for (let i = 0; i < 100 && !heads.some((h) => comparePositions(h, result.position) >= 0); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      unsubscribe();
      expect(heads.some((h) => comparePositions(h, result.position) >= 0)).toBe(true);
    });

    const multiProcessTitle = 'loses and duplicates nothing when two OS processes append at once';
    if (options.multiProcessSkipReason !== undefined) {
      process.stdout.write(
        `[contract: ${adapter}] skipped "${multiProcessTitle}": ${options.multiProcessSkipReason}\n`,
      );
    }
    (options.multiProcessSkipReason === undefined ? it : it.skip)(multiProcessTitle, async () => {
      const descriptor = subject.descriptor;
      if (!descriptor)
        throw new Error(`${adapter}: the contract subject must give a descriptor for this test`);
      const prefix = category();
      const count = 150;
      const script = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
      const spawnWorker = (worker: string) =>
        run(
          process.execPath,
          [
            '--conditions=chengyun-source',
            '--import',
            'tsx',
            script,
            JSON.stringify({ store: descriptor, worker, prefix, count }),
          ],
          { timeout: 60_000 },
        );
      const outputs = await Promise.all([spawnWorker('a'), spawnWorker('b')]);
      const summaries = outputs.map(
        (o) => JSON.parse(o.stdout.trim().split('\n').at(-1) ?? '{}') as { appended: number },
      );
      expect(summaries.map((s) => s.appended)).toEqual([count * 2, count * 2]);

      const all: RecordedEvent[] = [];
      let after = START;
      for (;;) {
        const batch = await store.readAll({ after, limit: 100, categories: [prefix] });
        all.push(...batch.events);
        after = batch.next;
        if (batch.atEnd) break;
      }
      expect(all).toHaveLength(count * 4);
      expect(new Set(all.map((e) => e.id)).size).toBe(count * 4);
      for (let i = 1; i < all.length; i += 1) {
        expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
      }
      for (const stream of [`${prefix}-a`, `${prefix}-b`, `${prefix}-shared`]) {
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      }
      expect(await store.readStream(`${prefix}-shared`)).toHaveLength(count * 2);
    });
  });
}
