import type { Decider, DecisionContext } from '#core';
import { DomainError } from '#core';
import {
  ConflictRetriesExhaustedError,
  IdempotencyKeyReusedError,
  runCommand,
  StaleRevisionError,
} from './command-runner.js';
import { ConcurrencyError } from './errors.js';
import { newEventId } from './event-id.js';
import type { AppendOptions, EventToAppend } from './event-store.port.js';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';

type CounterEvent =
  { type: 'Incremented'; data: { by: number } } | { type: 'Reset'; data: Record<string, never> };
type CounterCommand =
  { type: 'Increment'; data: { by: number; max?: number } } | { type: 'Noop'; data: object };

const counter: Decider<CounterCommand, CounterEvent, number, DecisionContext> = {
  initialState: () => 0,
  evolve: (state, event) => (event.type === 'Incremented' ? state + event.data.by : 0),
  decide: (command, state) => {
    if (command.type === 'Noop') return [];
    if (command.data.max !== undefined && state + command.data.by > command.data.max) {
      throw new DomainError('COUNTER.TOO_HIGH', 'rule', 'over the maximum');
    }
    return [{ type: 'Incremented', data: { by: command.data.by } }];
  },
};

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  actor: { id: 'u1', role: 'dispatcher' },
  source: 'test',
};
const increment = (by: number, max?: number): CounterCommand => ({ type: 'Increment', data: { by, max } });
const options = (command: CounterCommand) => ({
  stream: 'counter-1',
  decider: counter,
  command,
  context: () => ({ now: new Date('2026-11-27T08:00:00Z') }),
  metadata,
  sleep: () => Promise.resolve(),
});

describe('runCommand', () => {
  it('reads, decides and appends at the revision it read, answering revision and position', async () => {
    const store = new InMemoryEventStore();
    const first = await runCommand(store, options(increment(2)));
    const second = await runCommand(store, options(increment(3)));
    expect(first).toMatchObject({
      revision: 0,
      replayed: false,
      events: [{ type: 'Incremented', data: { by: 2 } }],
    });
    expect(second).toMatchObject({ revision: 1, position: await store.headPosition() });
    const [stored] = await store.readStream('counter-1');
    expect(stored?.metadata).toEqual({ ...metadata, schemaVersion: 1 });
  });

  it('answers a retry with the same idempotency key with the original result and appends once', async () => {
    const store = new InMemoryEventStore();
    await runCommand(store, options(increment(1)));
    const first = await runCommand(store, { ...options(increment(5)), idempotencyKey: 'key-1' });
    await runCommand(store, options(increment(1)));
    const retries = await Promise.all(
      Array.from({ length: 10 }, () =>
        runCommand(store, { ...options(increment(5)), idempotencyKey: 'key-1' }),
      ),
    );
    for (const retry of retries) {
      // The original events and position; the state as the stream stands now (1 + 5 + 1).
      expect(retry).toEqual({ ...first, replayed: true, state: 7 });
    }
    const events = await store.readStream('counter-1');
    expect(events.map((e) => (e.data as { by: number }).by)).toEqual([1, 5, 1]);
    expect(events[1]?.metadata).toMatchObject({ idempotencyKey: 'key-1' });
  });

  it('re-checks the authorization of a replay: a caller who may not send the command gets no answer', async () => {
    const store = new InMemoryEventStore();
    const guarded: typeof counter = {
      ...counter,
      authorize: (_command, _state, context) => {
        if ((context as DecisionContext & { role?: string }).role !== 'owner') {
          throw new DomainError('COUNTER.NOT_YOURS', 'forbidden', 'not the owner');
        }
      },
    };
    const as = (role: string) => ({
      ...options(increment(5)),
      decider: guarded,
      idempotencyKey: 'key-1',
      context: () => ({ now: new Date('2026-11-27T08:00:00Z'), role }),
    });
    await runCommand(store, as('owner'));
    await expect(runCommand(store, as('stranger'))).rejects.toMatchObject({ code: 'COUNTER.NOT_YOURS' });
    await expect(runCommand(store, as('owner'))).resolves.toMatchObject({ replayed: true, state: 5 });
  });

  it('makes the command from the state it read, reads the stream once and upcasts what it reads', async () => {
    const store = new InMemoryEventStore();
    // Version 1 of Incremented stored `by` as a string.
    await store.append(
      'counter-1',
      [
        {
          id: newEventId(),
          type: 'Incremented',
          data: { by: '2' },
          metadata: { ...metadata, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (...args: Parameters<typeof store.readStream>) => {
      reads += 1;
      return readStream(...args);
    };
    const upcasting: typeof counter = {
      ...counter,
      upcast: (event) => ({ type: 'Incremented', data: { by: Number((event.data as { by: unknown }).by) } }),
    };
    const result = await runCommand(store, {
      ...options(increment(0)),
      decider: upcasting,
      command: (state: number) => increment(state * 10),
    });
    expect(reads).toBe(1);
    expect(result.events).toEqual([{ type: 'Incremented', data: { by: 20 } }]);
    expect(result.state).toBe(22);
  });

  it('binds a key to its request: the same key with another request hash throws and writes nothing', async () => {
    const store = new InMemoryEventStore();
    const bound = (by: number, requestHash: string) => ({
      ...options(increment(by)),
      idempotencyKey: 'key-2',
      requestHash,
    });
    const first = await runCommand(store, bound(5, 'hash-a'));
    expect((await store.readStream('counter-1'))[0]?.metadata).toMatchObject({ requestHash: 'hash-a' });
    await expect(runCommand(store, bound(7, 'hash-b'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(runCommand(store, bound(5, 'hash-a'))).resolves.toEqual({ ...first, replayed: true });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('gives concurrent first uses of one key exactly one effect, and refuses the ones with another request', async () => {
    const store = new InMemoryEventStore();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        runCommand(store, {
          ...options(increment(i % 2 === 0 ? 5 : 7)),
          idempotencyKey: 'key-3',
          requestHash: i % 2 === 0 ? 'hash-five' : 'hash-seven',
        }),
      ),
    );
    const events = await store.readStream('counter-1');
    expect(events).toHaveLength(1);
    const winner = (events[0]?.metadata as { requestHash: string }).requestHash;
    results.forEach((result, i) => {
      const mine = i % 2 === 0 ? 'hash-five' : 'hash-seven';
      if (mine === winner) expect(result.status).toBe('fulfilled');
      else
        expect(result).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyReusedError) });
    });
  });

  it('throws StaleRevisionError for a stale If-Match and writes nothing', async () => {
    const store = new InMemoryEventStore();
    await runCommand(store, options(increment(1)));
    await runCommand(store, options(increment(1)));
    await expect(runCommand(store, { ...options(increment(1)), expectedRevision: 0 })).rejects.toBeInstanceOf(
      StaleRevisionError,
    );
    expect(await store.readStream('counter-1')).toHaveLength(2);
    await expect(runCommand(store, { ...options(increment(1)), expectedRevision: 1 })).resolves.toMatchObject(
      {
        revision: 2,
      },
    );
  });

  it('retries a conflict with another writer and decides again on the new state', async () => {
    const store = new InMemoryEventStore();
    let interfere = 2;
    const realAppend = store.append.bind(store);
    store.append = async (stream: string, events: readonly EventToAppend[], appendOptions: AppendOptions) => {
      if (interfere > 0) {
        interfere -= 1;
        await realAppend(
          stream,
          [{ id: newEventId(), type: 'Incremented', data: { by: 10 }, metadata: {} }],
          {
            expectedRevision: 'any',
          },
        );
      }
      return realAppend(stream, events, appendOptions);
    };
    const result = await runCommand(store, options(increment(1)));
    expect(result.revision).toBe(2);
    const events = await store.readStream('counter-1');
    expect(events.map((e) => (e.data as { by: number }).by)).toEqual([10, 10, 1]);
  });

  it('decides on the state it re-read: a rule broken by the other writer rejects the retry', async () => {
    const store = new InMemoryEventStore();
    const realAppend = store.append.bind(store);
    let interfered = false;
    store.append = async (stream: string, events: readonly EventToAppend[], appendOptions: AppendOptions) => {
      if (!interfered) {
        interfered = true;
        await realAppend(stream, [{ id: newEventId(), type: 'Incremented', data: { by: 9 }, metadata: {} }], {
          expectedRevision: 'any',
        });
      }
      return realAppend(stream, events, appendOptions);
    };
    await expect(runCommand(store, options(increment(2, 10)))).rejects.toMatchObject({
      code: 'COUNTER.TOO_HIGH',
    });
  });

  it('gives up after the last attempt with ConflictRetriesExhaustedError', async () => {
    const store = new InMemoryEventStore();
    store.append = () => Promise.reject(new ConcurrencyError('counter-1', 'no-stream', 0));
    await expect(runCommand(store, { ...options(increment(1)), maxAttempts: 3 })).rejects.toBeInstanceOf(
      ConflictRetriesExhaustedError,
    );
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = new InMemoryEventStore();
    await runCommand(store, options(increment(1)));
    const result = await runCommand(store, options({ type: 'Noop', data: {} }));
    expect(result).toMatchObject({ revision: 0, events: [], replayed: false });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });
});
