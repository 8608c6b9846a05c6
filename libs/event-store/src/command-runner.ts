import type { Command, Decider, DecisionContext, DomainEvent, EventMetadata } from '#core';
import { ConcurrencyError } from './errors.js';
import { deriveEventId, newEventId } from './event-id.js';
import type { EventStore, RecordedEvent, StreamRevision } from './event-store.port.js';
import type { Position } from './position.js';
import { domainEventOf, readAggregate } from './stream-fold.js';

/** The client's If-Match named a revision the stream is no longer (or not yet) at. */
export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevisionError';

  constructor(
    readonly stream: string,
    readonly expected: StreamRevision,
    readonly actual: StreamRevision | 'no-stream',
  ) {
    super(`Stream ${stream} is at revision ${String(actual)}, not ${expected}`);
  }
}

/** Gave up after retrying concurrency conflicts; the caller answers 409. */
export class ConflictRetriesExhaustedError extends Error {
  override readonly name = 'ConflictRetriesExhaustedError';

  constructor(
    readonly stream: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`Stream ${stream}: still conflicting after ${attempts} attempts`, options);
  }
}

/**
 * An Idempotency-Key came back with another request (another account, route or body) than the one that first used
 * it on this stream: nothing is written and nothing of the first answer is shown (the API answers 422
 * IDEMPOTENCY_KEY_REUSED).
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(readonly stream?: string) {
    super(
      `The Idempotency-Key was used for another request${stream === undefined ? '' : ` on ${stream}`}; ` +
        'send a new key for a new request',
    );
  }
}

export interface RunCommandOptions<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext> {
  readonly stream: string;
  readonly decider: Decider<C, E, S, Ctx>;
  /**
   * The command, or how to make it from the state just read (intake looks at the stored caller first): called once
   * per attempt, so a retry after a conflict decides on fresh state without a read of its own.
   */
  readonly command: C | ((state: S) => C | Promise<C>);
  /** Builds the decision context for each attempt (so `now` is read again after a retry). */
  readonly context: () => Ctx;
  readonly metadata: Omit<EventMetadata, 'schemaVersion' | 'idempotencyKey' | 'requestHash'> & {
    readonly schemaVersion?: number;
  };
  /** The client's If-Match: a mismatch throws StaleRevisionError instead of retrying. */
  readonly expectedRevision?: StreamRevision;
  /** Same key, same stream → one effect; a retry answers with the original events. */
  readonly idempotencyKey?: string;
  /**
   * A hash of what the key was sent with (account, route, body). It is stored in the metadata of the events, and a
   * replay whose stored hash differs throws IdempotencyKeyReusedError instead of answering the first result.
   */
  readonly requestHash?: string;
  readonly maxAttempts?: number;
  /** Sleep between attempts; injectable so tests do not wait. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

export interface CommandResult<E extends DomainEvent, S = unknown> {
  readonly stream: string;
  /** The stream's revision after the command (-1 when the stream still does not exist). */
  readonly revision: StreamRevision;
  /** The global position of the last event the command caused (or of the stream's last event). */
  readonly position: Position | null;
  readonly events: readonly E[];
  /** True when this answered a retry of an earlier command with the same idempotency key. */
  readonly replayed: boolean;
  /** The aggregate's state after the command (as stored now, for a replay). */
  readonly state: S;
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * The generic write path: read the stream, fold it, decide, append with the revision that was read.
 * Conflicts with other writers are retried with jittered exponential backoff; a client's stale If-Match is not.
 */
export async function runCommand<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext>(
  store: EventStore,
  options: RunCommandOptions<C, E, S, Ctx>,
): Promise<CommandResult<E, S>> {
  const { stream, decider, idempotencyKey, requestHash } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;

  for (let attempt = 1; ; attempt += 1) {
    // The one read of the command: scope, rules and the decision all work on this state.
    const { events: recorded, state, revision } = await readAggregate(store, stream, decider);
    const last = recorded.at(-1);
    const command = typeof options.command === 'function' ? await options.command(state) : options.command;

    if (idempotencyKey !== undefined) {
      const replay = findReplay(decider, recorded, stream, idempotencyKey, requestHash);
      if (replay) {
        // A replay answers only a caller who could have sent the command now (its scope and role).
        decider.authorize?.(command, state, options.context());
        return { ...replay, state };
      }
    }
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new StaleRevisionError(stream, options.expectedRevision, revision < 0 ? 'no-stream' : revision);
    }

    const events = decider.decide(command, state, options.context());
    if (events.length === 0) {
      return { stream, revision, position: last?.position ?? null, events, replayed: false, state };
    }

    const metadata = {
      schemaVersion: 1,
      ...options.metadata,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(idempotencyKey === undefined || requestHash === undefined ? {} : { requestHash }),
    };
    try {
      const result = await store.append(
        stream,
        events.map((event, index) => ({
          id: idempotencyKey === undefined ? newEventId() : deriveEventId(stream, idempotencyKey, index),
          type: event.type,
          data: event.data,
          metadata,
        })),
        { expectedRevision: revision < 0 ? 'no-stream' : revision },
      );
      if (result.duplicate && idempotencyKey !== undefined && requestHash !== undefined) {
        // Stored before by a concurrent first use of the key: its answer only if it was this same request.
        const again = await readAggregate(store, stream, decider);
        const replay = findReplay(decider, again.events, stream, idempotencyKey, requestHash);
        if (replay) return { ...replay, state: again.state };
      }
      let after = state;
      for (const event of events) after = decider.evolve(after, event);
      return {
        stream,
        revision: result.nextRevision,
        position: result.position,
        events,
        replayed: result.duplicate,
        state: after,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (options.expectedRevision !== undefined) {
        throw new StaleRevisionError(stream, options.expectedRevision, error.actual);
      }
      if (attempt >= maxAttempts) throw new ConflictRetriesExhaustedError(stream, attempt, { cause: error });
      const base = 5 * 2 ** (attempt - 1);
      await sleep(base + Math.floor(Math.random() * base));
    }
  }
}

/** The events an earlier command with this key appended, if it did. */
function findReplay<E extends DomainEvent>(
  fold: Parameters<typeof domainEventOf<E>>[0],
  recorded: readonly RecordedEvent[],
  stream: string,
  idempotencyKey: string,
  requestHash: string | undefined,
): Omit<CommandResult<E>, 'state'> | undefined {
  const firstId = deriveEventId(stream, idempotencyKey, 0);
  const start = recorded.findIndex((event) => event.id === firstId);
  if (start === -1) return undefined;
  const stored = (recorded[start]?.metadata as { requestHash?: unknown } | undefined)?.requestHash;
  // Events written before keys were bound carry no hash; any other stored hash must be this request's.
  if (requestHash !== undefined && typeof stored === 'string' && stored !== requestHash) {
    throw new IdempotencyKeyReusedError(stream);
  }
  const events: RecordedEvent[] = [];
  for (let i = start; i < recorded.length; i += 1) {
    const event = recorded[i];
    if (!event || event.id !== deriveEventId(stream, idempotencyKey, i - start)) break;
    events.push(event);
  }
  const lastOfCommand = events.at(-1);
  return {
    stream,
    revision: lastOfCommand?.revision ?? start,
    position: lastOfCommand?.position ?? null,
    events: events.map((event) => domainEventOf(fold, event)),
    replayed: true,
  };
}
