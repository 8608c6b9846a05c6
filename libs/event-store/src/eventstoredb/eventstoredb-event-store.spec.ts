import { EventEmitter } from 'node:events';
import {
  type AllStreamJSONRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type AppendToStreamOptions,
  CancelledError,
  DeadlineExceededError,
  type EventData,
  type JSONType,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadStreamOptions as ClientReadStreamOptions,
  type ResolvedEvent,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError } from '../errors.js';
import { newEventId } from '../event-id.js';
import type { EventToAppend } from '../event-store.port.js';
import { START } from '../position.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import {
  type EventStoreDBClientLike,
  EventStoreDBEventStore,
  type EventStoreDBSubscription,
  formatEventStoreDBPosition,
  parseEventStoreDBPosition,
} from './eventstoredb-event-store.js';

type Method = 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll';

class FakeSubscription extends EventEmitter implements EventStoreDBSubscription {
  unsubscribed = false;

  constructor(readonly typeFilter: RegExp | undefined) {
    super();
  }

  unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    this.emit('close');
    return Promise.resolve();
  }
}

/**
 * A hand-written stand-in for EventStoreDBClient that behaves like an EventStoreDB server as far as the
 * adapter can tell: expected-revision checks that throw the client's WrongExpectedVersionError, idempotent
 * re-appends answered with the original position (servers since 20.x), `$all` reads inclusive of their
 * start position forwards and exclusive backwards, StreamNotFoundError for a missing stream, and `$stats`
 * system events written by the "server" itself between appends.
 */
class FakeEventStoreDB implements EventStoreDBClientLike {
  readonly log: AllStreamJSONRecordedEvent[] = [];
  readonly appends: { stream: string; events: EventData[]; options: AppendToStreamOptions }[] = [];
  readonly streamReads: { stream: string; options: ClientReadStreamOptions }[] = [];
  readonly allReads: ClientReadAllOptions[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** One-shot failures, thrown by the next call of the method. */
  readonly failures = new Map<Method, Error>();
  /** One-shot answer of the next append, instead of writing. */
  nextAppendResult: ClientAppendResult | undefined;
  /** Write a `$stats` event after every n-th append (0: never). */
  statsEvery = 0;
  disposed = false;
  private logPosition = 1000n;
  private appendCount = 0;

  write(streamId: string, type: string, data: unknown, metadata: unknown, id: string = newEventId()) {
    const revision = BigInt(this.log.filter((event) => event.streamId === streamId).length);
    this.logPosition += 137n;
    const event: AllStreamJSONRecordedEvent = {
      streamId,
      id,
      isJson: true,
      revision,
      type,
      created: new Date(Date.UTC(2026, 10, 27, 8, 0, 0, this.log.length)),
      // The server stores JSON text; reading parses it again.
      data: JSON.parse(JSON.stringify(data)) as JSONType,
      metadata: metadata === undefined ? undefined : (JSON.parse(JSON.stringify(metadata)) as JSONType),
      position: { commit: this.logPosition, prepare: this.logPosition },
    };
    this.log.push(event);
    for (const subscription of this.subscriptions) {
      if (!subscription.unsubscribed && (!subscription.typeFilter || subscription.typeFilter.test(type))) {
        setImmediate(() => subscription.emit('data', { event }));
      }
    }
    return event;
  }

  private fail(method: Method): void {
    const error = this.failures.get(method);
    if (error) {
      this.failures.delete(method);
      throw error;
    }
  }

  private streamEvents(stream: string) {
    return this.log.filter((event) => event.streamId === stream);
  }

  appendToStream(
    stream: string,
    events: EventData[],
    options: AppendToStreamOptions,
  ): Promise<ClientAppendResult> {
    this.appends.push({ stream, events, options });
    return Promise.resolve().then(() => {
      this.fail('appendToStream');
      if (this.nextAppendResult) {
        const result = this.nextAppendResult;
        this.nextAppendResult = undefined;
        return result;
      }
      const existing = this.streamEvents(stream);
      const current = BigInt(existing.length - 1);
      const expected = options.expectedRevision ?? 'any';
      const originalAt = (from: bigint): ClientAppendResult | undefined => {
        const stored = existing.slice(Number(from), Number(from) + events.length);
        if (stored.length !== events.length || stored.some((event, i) => event.id !== events[i]?.id))
          return undefined;
        const last = stored[stored.length - 1] as AllStreamJSONRecordedEvent;
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      };
      if (expected === 'any') {
        const start = existing.findIndex((event) => event.id === events[0]?.id);
        const original = start === -1 ? undefined : originalAt(BigInt(start));
        if (original) return original;
      } else {
        const at = expected === 'no_stream' ? -1n : expected === 'stream_exists' ? current : expected;
        if (at < current) {
          const original = originalAt(at + 1n);
          if (original) return original;
        }
        if (at !== current) {
          throw new WrongExpectedVersionError(undefined, {
            streamName: stream,
            expected,
            current: current < 0n ? 'no_stream' : current,
          });
        }
      }
      let last: AllStreamJSONRecordedEvent | undefined;
      for (const event of events) last = this.write(stream, event.type, event.data, event.metadata, event.id);
      this.appendCount += 1;
      if (this.statsEvery > 0 && this.appendCount % this.statsEvery === 0) {
        this.write('$stats-127.0.0.1:2113', '$statistics-collected', { 'proc-cpu': 1 }, undefined);
      }
      const written = last as AllStreamJSONRecordedEvent;
      return { success: true, nextExpectedRevision: written.revision, position: written.position };
    });
  }

  async *readStream(stream: string, options: ClientReadStreamOptions): AsyncGenerator<ResolvedEvent> {
    this.streamReads.push({ stream, options });
    await Promise.resolve();
    this.fail('readStream');
    const events = this.streamEvents(stream);
    if (events.length === 0) throw new StreamNotFoundError(undefined, stream);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    const selected =
      options.direction === 'backwards'
        ? events
            .filter((event) => from === 'end' || from === 'start' || event.revision <= from)
            .reverse()
            .slice(0, max)
        : events
            .filter((event) => from === 'start' || (from !== 'end' && event.revision >= from))
            .slice(0, max);
    for (const event of selected) yield { event };
  }

  async *readAll(options: ClientReadAllOptions): AsyncGenerator<AllStreamResolvedEvent> {
    this.allReads.push(options);
    await Promise.resolve();
    this.fail('readAll');
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? 'start';
    const selected =
      options.direction === 'backwards'
        ? this.log
            .filter((event) => from === 'end' || (from !== 'start' && event.position.commit < from.commit))
            .reverse()
            .slice(0, max)
        : this.log
            .filter((event) => from === 'start' || (from !== 'end' && event.position.commit >= from.commit))
            .slice(0, max);
    for (const event of selected) yield { event };
  }

  subscribeToAll(options: SubscribeToAllOptions): EventStoreDBSubscription {
    this.fail('subscribeToAll');
    const filter = options.filter;
    const subscription = new FakeSubscription(
      filter && 'regex' in filter ? new RegExp(filter.regex) : undefined,
    );
    this.subscriptions.push(subscription);
    return subscription;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const event = (type: string, data: unknown = {}, metadata: Record<string, unknown> = {}): EventToAppend => ({
  id: newEventId(),
  type,
  data,
  metadata,
});

const rejection = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

function open(configure?: (server: FakeEventStoreDB) => void) {
  const server = new FakeEventStoreDB();
  configure?.(server);
  return { server, store: new EventStoreDBEventStore(server, { resubscribeDelayMs: 5 }) };
}

// The shared contract, against the fake server (with system events interleaved).
describeEventStoreContract(
  'eventstoredb (fake client)',
  () => Promise.resolve({ store: open((server) => (server.statsEvery = 2)).store }),
  { multiProcessSkipReason: 'the fake EventStoreDB client lives inside one process' },
);

// The same contract against a real server, when one is given (no server can run on the development machine).
const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];
if (connectionString) {
  describeEventStoreContract('eventstoredb', () =>
    Promise.resolve({
      store: EventStoreDBEventStore.fromConnectionString(connectionString),
      descriptor: { kind: 'eventstoredb', connectionString },
    }),
  );
} else {
  const reason = 'EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server runs on this machine)';
  process.stdout.write(
    `[contract: eventstoredb] skipped the whole contract against a real server: ${reason}\n`,
  );
  describe('event store contract: eventstoredb (real server)', () => {
    it.skip(`skipped: ${reason}`, () => undefined);
  });
}

describe('EventStoreDBEventStore mapping', () => {
  describe('positions', () => {
    it('writes commit/prepare and parses it back', () => {
      const position = { commit: 18446744073709551000n, prepare: 42n };
      const text = formatEventStoreDBPosition(position);
      expect(text).toBe('18446744073709551000/42');
      expect(parseEventStoreDBPosition(text)).toEqual(position);
    });

    it('reads START as the start of $all and rejects other shapes', () => {
      expect(parseEventStoreDBPosition(START)).toBe('start');
      for (const bad of ['42', '1/2/3', '-1/0', 'a/b', '']) {
        expect(() => parseEventStoreDBPosition(bad)).toThrow(TypeError);
      }
    });
  });

  describe('append', () => {
    it('maps expected revisions and sends JSON events with their ids and metadata', async () => {
      const { server, store } = open();
      const first = event('A', { n: 1 }, { correlationId: 'c-1' });
      await store.append('t-1', [first], { expectedRevision: 'no-stream' });
      await store.append('t-1', [event('B')], { expectedRevision: 0 });
      await store.append('t-1', [event('C')], { expectedRevision: 'any' });
      expect(server.appends.map((a) => a.options.expectedRevision)).toEqual(['no_stream', 0n, 'any']);
      expect(server.appends[0]?.events).toEqual([
        {
          id: first.id,
          contentType: 'application/json',
          type: 'A',
          data: { n: 1 },
          metadata: { correlationId: 'c-1' },
        },
      ]);
    });

    it('answers the next revision as a number and the position as commit/prepare', async () => {
      const { server, store } = open();
      server.nextAppendResult = {
        success: true,
        nextExpectedRevision: 7n,
        position: { commit: 9000n, prepare: 8990n },
      };
      const result = await store.append('t-1', [event('A')], { expectedRevision: 'any' });
      expect(result).toEqual({ nextRevision: 7, position: '9000/8990', duplicate: false });
    });

    it('maps WrongExpectedVersionError to ConcurrencyError with the expected and actual revisions', async () => {
      const { server, store } = open();
      server.failures.set(
        'appendToStream',
        new WrongExpectedVersionError(undefined, { streamName: 't-1', expected: 3n, current: 5n }),
      );
      const error = await rejection(store.append('t-1', [event('A')], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ stream: 't-1', expected: 'any', actual: 5 });
    });

    it("reports a missing stream ('no_stream', or -1 from older servers) as actual 'no-stream'", async () => {
      const { server, store } = open();
      for (const current of ['no_stream', -1n] as const) {
        server.failures.set(
          'appendToStream',
          new WrongExpectedVersionError(undefined, { streamName: 't-9', expected: 0n, current }),
        );
        const error = await rejection(store.append('t-9', [event('A')], { expectedRevision: 'any' }));
        expect(error).toMatchObject({ name: 'ConcurrencyError', expected: 'any', actual: 'no-stream' });
      }
    });

    it('asks the stream for the actual revision when the client answers success: false', async () => {
      const { server, store } = open();
      await store.append('t-1', [event('A'), event('B')], { expectedRevision: 'no-stream' });
      // throwOnAppendFailure=false; batchAppend.js then reports BigInt(true) as the current revision.
      server.nextAppendResult = { success: false, nextExpectedRevision: 1n, position: undefined };
      const error = await rejection(store.append('t-1', [event('C')], { expectedRevision: 'any' }));
      expect(error).toMatchObject({ name: 'ConcurrencyError', expected: 'any', actual: 1 });
    });

    it('maps unavailable, deadline, timeout and cancellation errors to EventStoreUnavailableError', async () => {
      const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
        code: 14,
        details: 'No connection established',
      });
      const discovery = new Error('Failed to discover after 10 attempts.');
      const { server, store } = open();
      for (const cause of [
        new UnavailableError(),
        new DeadlineExceededError(),
        new TimeoutError(),
        new CancelledError(),
        raw,
        discovery,
      ]) {
        server.failures.set('appendToStream', cause);
        const error = await rejection(store.append('t-1', [event('A')], { expectedRevision: 'any' }));
        expect(error).toBeInstanceOf(EventStoreUnavailableError);
        expect((error as Error).cause).toBe(cause);
      }
      server.failures.set('readStream', new UnavailableError());
      expect(await rejection(store.readStream('t-1'))).toBeInstanceOf(EventStoreUnavailableError);
      server.failures.set('readAll', new DeadlineExceededError());
      expect(await rejection(store.readAll({ limit: 10 }))).toBeInstanceOf(EventStoreUnavailableError);
    });

    it('passes other errors through', async () => {
      const { server, store } = open();
      const bug = new TypeError('boom');
      server.failures.set('appendToStream', bug);
      expect(await rejection(store.append('t-1', [event('A')], { expectedRevision: 'any' }))).toBe(bug);
    });

    it('rejects an empty append and an append naming one id twice, sending nothing', async () => {
      const { server, store } = open();
      const twice = event('A');
      expect(await rejection(store.append('t-1', [], { expectedRevision: 'any' }))).toBeInstanceOf(
        RangeError,
      );
      expect(
        await rejection(store.append('t-1', [twice, twice], { expectedRevision: 'any' })),
      ).toBeInstanceOf(DuplicateEventIdError);
      expect(server.appends).toEqual([]);
    });
  });

  describe('duplicate appends', () => {
    it('answers a retry at the same expected revision from the stored events, without appending', async () => {
      const { server, store } = open();
      await store.append('t-1', [event('Before')], { expectedRevision: 'no-stream' });
      const events = [event('A'), event('B')];
      const first = await store.append('t-1', events, { expectedRevision: 0 });
      await store.append('t-1', [event('After')], { expectedRevision: 2 });
      const retry = await store.append('t-1', events, { expectedRevision: 0 });
      expect(retry).toEqual({ nextRevision: 2, position: first.position, duplicate: true });
      expect(server.appends).toHaveLength(3);
      expect(server.streamReads.at(-1)).toEqual({
        stream: 't-1',
        options: { direction: 'forwards', fromRevision: 1n, maxCount: 2n, resolveLinkTos: false },
      });
    });

    it('detects a retry of a stream-creating append', async () => {
      const { store } = open();
      const events = [event('A')];
      const first = await store.append('t-1', events, { expectedRevision: 'no-stream' });
      const retry = await store.append('t-1', events, { expectedRevision: 'no-stream' });
      expect(retry).toEqual({ ...first, duplicate: true });
    });

    it('rejects a partial retry (first id in place, the next ones not) as DuplicateEventIdError', async () => {
      const { store } = open();
      const [a, b] = [event('A'), event('B')];
      await store.append('t-1', [a, b], { expectedRevision: 'no-stream' });
      const error = await rejection(store.append('t-1', [a, event('C')], { expectedRevision: 'no-stream' }));
      expect(error).toBeInstanceOf(DuplicateEventIdError);
    });

    it('treats a success without a position as a duplicate and reads the position back', async () => {
      const { server, store } = open();
      const stored = await store.append('t-1', [event('A'), event('B')], { expectedRevision: 'no-stream' });
      server.nextAppendResult = { success: true, nextExpectedRevision: 1n, position: undefined };
      const result = await store.append('t-1', [event('C')], { expectedRevision: 'any' });
      expect(result).toEqual({ nextRevision: 1, position: stored.position, duplicate: true });
    });
  });

  describe('readStream', () => {
    it('reads a missing stream (StreamNotFoundError) as empty', async () => {
      const { store } = open();
      expect(await store.readStream('t-none')).toEqual([]);
    });

    it('passes fromRevision and maxCount as bigints and converts every field', async () => {
      const { server, store } = open();
      server.write('t-1', 'A', { n: 0 }, { correlationId: 'c' });
      const b = server.write('t-1', 'B', { n: 1 }, undefined);
      const events = await store.readStream('t-1', { fromRevision: 1, maxCount: 5 });
      expect(server.streamReads[0]?.options).toMatchObject({ fromRevision: 1n, maxCount: 5n });
      expect(events).toEqual([
        {
          id: b.id,
          stream: 't-1',
          revision: 1,
          position: `${b.position.commit}/${b.position.prepare}`,
          type: 'B',
          data: { n: 1 },
          metadata: {},
          recordedAt: b.created.toISOString(),
        },
      ]);
    });
  });

  describe('readAll', () => {
    it('reads from the start, skipping system events, and reports the end', async () => {
      const { server, store } = open();
      server.write('$stats-127.0.0.1:2113', '$statistics-collected', {}, undefined);
      const a = server.write('t-1', 'A', {}, {});
      server.write('t-1', '$metadata', {}, {});
      const b = server.write('u-1', 'B', {}, {});
      const result = await store.readAll({ limit: 10 });
      expect(result.events.map((e) => e.type)).toEqual(['A', 'B']);
      expect(result).toMatchObject({ next: formatEventStoreDBPosition(b.position), atEnd: true });
      expect(server.allReads[0]).toMatchObject({ fromPosition: 'start', direction: 'forwards' });
      expect(result.events[0]?.position).toBe(formatEventStoreDBPosition(a.position));
    });

    it('starts at `after` (inclusive on the server) and skips that event', async () => {
      const { server, store } = open();
      const a = server.write('t-1', 'A', {}, {});
      server.write('t-1', 'B', {}, {});
      const result = await store.readAll({ after: formatEventStoreDBPosition(a.position), limit: 10 });
      expect(result.events.map((e) => e.type)).toEqual(['B']);
      expect(server.allReads[0]?.fromPosition).toEqual(a.position);
    });

    it('stops at the limit: next is the last event returned, atEnd false while more follow', async () => {
      const { server, store } = open();
      for (const type of ['A', 'B', 'C']) server.write('t-1', type, {}, {});
      const first = await store.readAll({ limit: 2 });
      expect(first.events.map((e) => e.type)).toEqual(['A', 'B']);
      expect(first.next).toBe(first.events[1]?.position);
      expect(first.atEnd).toBe(false);
      const second = await store.readAll({ after: first.next, limit: 2 });
      expect(second.events.map((e) => e.type)).toEqual(['C']);
      expect(second.atEnd).toBe(true);
      const third = await store.readAll({ after: second.next, limit: 2 });
      expect(third).toEqual({ events: [], next: second.next, atEnd: true });
    });

    it('filters by category and moves next past the events it skipped', async () => {
      const { server, store } = open();
      server.write('ticket-1', 'T1', {}, {});
      server.write('tickets-1', 'Not a ticket', {}, {});
      server.write('grid-1', 'G1', {}, {});
      server.write('ticket', 'T2', {}, {});
      const last = server.write('grid-2', 'G2', {}, {});
      const result = await store.readAll({ limit: 10, categories: ['ticket'] });
      expect(result.events.map((e) => e.type)).toEqual(['T1', 'T2']);
      expect(result).toMatchObject({ next: formatEventStoreDBPosition(last.position), atEnd: true });
    });

    it('reads further pages when system events fill one', async () => {
      const { server, store } = open();
      const a = server.write('t-1', 'A', {}, {});
      for (let i = 0; i < 5; i += 1) server.write('$stats-1', '$statistics-collected', {}, undefined);
      server.write('t-1', 'B', {}, {});
      const result = await store.readAll({ after: formatEventStoreDBPosition(a.position), limit: 1 });
      expect(result.events.map((e) => e.type)).toEqual(['B']);
      expect(server.allReads.length).toBeGreaterThan(1);
    });

    it('rejects a position of another adapter', async () => {
      const { store } = open();
      expect(await rejection(store.readAll({ after: '42', limit: 1 }))).toBeInstanceOf(TypeError);
    });
  });

  describe('headPosition', () => {
    it('is START for an empty log and the last non-system event otherwise', async () => {
      const { server, store } = open();
      expect(await store.headPosition()).toBe(START);
      server.write('$stats-1', '$statistics-collected', {}, undefined);
      expect(await store.headPosition()).toBe(START);
      const a = server.write('t-1', 'A', {}, {});
      for (let i = 0; i < 40; i += 1) server.write('$stats-1', '$statistics-collected', {}, undefined);
      expect(await store.headPosition()).toBe(formatEventStoreDBPosition(a.position));
      expect(server.allReads[server.allReads.length - 1]).toMatchObject({ direction: 'backwards' });
    });
  });

  describe('subscribe', () => {
    it('subscribes from the end without system events and calls the listener with positions', async () => {
      const { server, store } = open();
      const heads: string[] = [];
      const unsubscribe = store.subscribe((head) => heads.push(head));
      expect(server.subscriptions[0]?.typeFilter?.source).toBe('^[^$].*');
      const result = await store.append('t-1', [event('A')], { expectedRevision: 'any' });
      await waitFor(() => heads.includes(result.position));
      unsubscribe();
      expect(server.subscriptions[0]?.unsubscribed).toBe(true);
    });

    it('survives a failed subscription and subscribes again', async () => {
      const { server, store } = open();
      const heads: string[] = [];
      const unsubscribe = store.subscribe((head) => heads.push(head));
      // An 'error' event with no listener would throw here and crash the process.
      server.subscriptions[0]?.emit('error', new UnavailableError());
      await waitFor(() => server.subscriptions.length === 2);
      const result = await store.append('t-1', [event('A')], { expectedRevision: 'any' });
      await waitFor(() => heads.includes(result.position));
      unsubscribe();
      expect(server.subscriptions[1]?.unsubscribed).toBe(true);
    });

    it('keeps retrying while subscribing itself fails, and stops when unsubscribed', async () => {
      const { server, store } = open();
      server.failures.set('subscribeToAll', new UnavailableError());
      const unsubscribe = store.subscribe(() => undefined);
      await waitFor(() => server.subscriptions.length === 1);
      unsubscribe();
      server.subscriptions[0]?.emit('close');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(server.subscriptions).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('ends subscriptions, disposes the client and refuses later calls', async () => {
      const { server, store } = open();
      store.subscribe(() => undefined);
      await store.close();
      expect(server.subscriptions[0]?.unsubscribed).toBe(true);
      expect(server.disposed).toBe(true);
      expect(await rejection(store.readStream('t-1'))).toBeInstanceOf(EventStoreUnavailableError);
      await store.close();
    });
  });
});
