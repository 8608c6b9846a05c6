/*
 * The EventStoreDB adapter of the event store port, on @eventstore/db-client 6.2.1.
 *
 * Every import from the client is in this file, so that moving to its successor @kurrent/kurrentdb-client
 * (same API, renamed client class, readAll returns an async iterator and accepts a server-side `filter`)
 * is a change of this one file.
 *
 * Needs EventStoreDB 22.6 or later: older servers do not report the log position of events read from a
 * stream, and the port's RecordedEvent carries one.
 */
import {
  ANY,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type AppendToStreamOptions,
  BACKWARDS,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  END,
  type EventData,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  type JSONType,
  NO_STREAM,
  NotLeaderError,
  type Position as ClientPosition,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions as ClientReadStreamOptions,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
  START as CLIENT_START,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { checkDistinctIds, matchDuplicateAppend } from '../append-checks.js';
import { ConcurrencyError, EventStoreError, EventStoreUnavailableError } from '../errors.js';
import {
  type AppendListener,
  type AppendOptions,
  type AppendResult,
  categoryOf,
  EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamRevision,
} from '../event-store.port.js';
import { comparePositions, type Position, START } from '../position.js';

/** A live `$all` subscription, as far as this adapter uses it. */
export interface EventStoreDBSubscription {
  on(event: 'data', listener: (resolved: AllStreamResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * The client calls this adapter makes. EventStoreDBClient satisfies it; unit tests pass a hand-written fake.
 * Reads are consumed as async iterables (the v6 client returns Node streams, its successor async iterators).
 */
export interface EventStoreDBClientLike {
  appendToStream(
    stream: string,
    events: EventData[],
    options: AppendToStreamOptions,
  ): Promise<ClientAppendResult>;
  readStream(stream: string, options: ClientReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: ClientReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EventStoreDBSubscription;
  dispose(): Promise<void>;
}

export interface EventStoreDBEventStoreOptions {
  /** How long a subscription that failed (server restart, network) waits before subscribing again. */
  readonly resubscribeDelayMs?: number;
}

/**
 * Events read per request when readAll filters by category. The v6 client cannot filter `$all` on the server
 * (its readAll always sends "no filter"), so filtered reads scan pages and drop other categories here.
 */
const FILTERED_PAGE_SIZE = 256;
/** headPosition reads the tail of `$all` backwards in growing pages until it finds a non-system event. */
const HEAD_FIRST_PAGE = 1;
const HEAD_MAX_PAGE = 1024;

/** The port's position of an EventStoreDB log position: `"<commit>/<prepare>"`. */
export function formatEventStoreDBPosition(position: ClientPosition): Position {
  return `${position.commit.toString(10)}/${position.prepare.toString(10)}`;
}

/** The EventStoreDB log position a port position names; START reads from the start of `$all`. */
export function parseEventStoreDBPosition(position: Position): ReadPosition {
  if (position === START) return CLIENT_START;
  const match = /^(\d+)\/(\d+)$/.exec(position);
  if (!match) throw new TypeError(`Not an EventStoreDB log position: ${JSON.stringify(position)}`);
  return { commit: BigInt(match[1] as string), prepare: BigInt(match[2] as string) };
}

function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/** System events: `$`-types (links `$>`, `$metadata`, `$statistics-collected` …) and `$`-streams (`$stats-…`). */
function isSystemEvent(event: ClientRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** Binary events are not written by this adapter; if another writer stored JSON as bytes, it still reads as JSON. */
function decodeData(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data;
  const text = Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function positionOf(event: ClientRecordedEvent): Position {
  if (!event.position) {
    throw new EventStoreError(
      `EventStoreDB reported no log position for event ${event.id} in ${event.streamId} (it needs version 22.6 or later)`,
    );
  }
  return formatEventStoreDBPosition(event.position);
}

function toRecorded(event: ClientRecordedEvent): RecordedEvent {
  const metadata: unknown = event.metadata;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event),
    type: event.type,
    data: decodeData(event.data),
    // The adapter always writes an object (`{}` when empty); other writers' non-object metadata reads as {}.
    metadata: isRecord(metadata) ? metadata : {},
    // v6 converts the server's .NET ticks to a Date (millisecond precision).
    recordedAt: event.created.toISOString(),
  };
}

function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The port's data is any JSON value; the client types JSON data as object, array or string only,
    // but serialises whatever it gets with JSON.stringify.
    data: event.data as JSONType,
    metadata: event.metadata,
  });
}

/**
 * Client errors that mean "not now" rather than "never" become EventStoreUnavailableError. The client
 * converts gRPC statuses itself (UNAVAILABLE → UnavailableError, DEADLINE_EXCEEDED and the server's
 * commit/prepare timeouts → DeadlineExceededError, ABORTED → TimeoutError, server-side CANCELLED →
 * CancelledError, a follower answering a leader-only call → NotLeaderError); errors it left raw (the append
 * call's own stream errors) are converted here the same way. A deadline or timeout on an append may hide a
 * write that did happen: retrying it with the same event ids is safe, because append detects the retry.
 */
function mapError(error: unknown): unknown {
  if (error instanceof EventStoreError || !(error instanceof Error)) return error;
  const converted = convertToCommandError(error);
  if (
    converted instanceof UnavailableError ||
    converted instanceof DeadlineExceededError ||
    converted instanceof TimeoutError ||
    converted instanceof CancelledError ||
    converted instanceof NotLeaderError
  ) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable (${converted.type}): ${error.message}`, {
      cause: error,
    });
  }
  // Thrown by the client's cluster discovery (Client/discovery.js) when no node answers gossip.
  if (/^Failed to discover after \d+ attempts/.test(error.message)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, { cause: error });
  }
  return converted;
}

/**
 * The event store on an EventStoreDB server (or cluster).
 *
 * Idempotent appends. EventStoreDB itself accepts a re-append of the same event ids at the same expected
 * revision as a success that writes nothing. How does the client report such a duplicate? Findings:
 * - Client (node_modules/@eventstore/db-client/dist/streams/appendToStream/batchAppend.js and append.js):
 *   a success carries `position: undefined` only when the server sent `NoPosition`; nothing else marks it.
 * - Server (kurrent-io/KurrentDB, Services/Transport/Grpc/Streams.Append.cs; BatchAppendResp.Success.Completed):
 *   `NoPosition` is sent when the write's commit position is -1.
 * - Server (RequestManagerBase.Handle(AlreadyCommitted), IndexWriter.CheckCommit; PRs #2219, #2404, #4059):
 *   since 20.x an idempotent write answers with the log position of the original last event, read from the
 *   index; it is -1 only when that event cannot be read (the stream was deleted). EventStore 5.x (TCP
 *   only) always answered -1.
 * So on the gRPC servers this client talks to, a duplicate normally looks exactly like a fresh write (same
 * revision, same position); "position undefined" is only the deleted-stream corner case. Confidence: high for
 * the client (read its compiled code), medium-high for the server (read its source, not run: no server here).
 *
 * Hence the adapter detects retries itself: before an append with an expected revision (a number or
 * 'no-stream'), it reads the events where the new ones would go (expected + 1 on); if the first has the
 * first new id, the append is a retry and is answered from the stored events (`duplicate: true`, nothing
 * sent). This costs one stream read per append. Two limits: an identical append racing between that read
 * and the write is stored once by the server but reported `duplicate: false` with the original position;
 * an append with 'any' is not checked (the server dedupes it only best-effort and cannot say where a retry
 * would have gone). A success without a position is still treated as a duplicate and its position read back.
 *
 * Not mapped: EventStoreDB does not enforce unique event ids across streams, so an id reused elsewhere is
 * stored again rather than raising DuplicateEventIdError (only a partial retry at the same place is caught).
 */
export class EventStoreDBEventStore extends EventStore {
  private readonly resubscribeDelayMs: number;
  private readonly subscriptions = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClientLike,
    options: EventStoreDBEventStoreOptions = {},
  ) {
    super();
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 1000;
  }

  /** `esdb://host:2113?tls=false`, `esdb+discover://…` — see the client's connection string reference. */
  static fromConnectionString(connectionString: string): EventStoreDBEventStore {
    return new EventStoreDBEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    checkDistinctIds(stream, events);
    const expected = options.expectedRevision;
    try {
      if (expected !== 'any') {
        const retried = await this.findRetriedAppend(
          stream,
          events,
          expected === 'no-stream' ? 0 : expected + 1,
        );
        if (retried) return retried;
      }
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toClientExpectedRevision(expected),
      });
      if (!result.success) {
        // Only with `throwOnAppendFailure=false` in the connection string. The batch-append path then reports
        // the current revision wrongly (BigInt of a boolean, batchAppend.js), so ask the stream instead.
        throw new ConcurrencyError(stream, expected, await this.currentRevision(stream));
      }
      const nextRevision = Number(result.nextExpectedRevision);
      if (result.position === undefined) {
        // The server reports no position only for an idempotent write whose original it could not read back.
        const [last] = await this.readStream(stream, { fromRevision: nextRevision, maxCount: 1 });
        if (!last) {
          throw new EventStoreError(
            `Stream ${stream}: EventStoreDB accepted a repeated append but its events are gone`,
          );
        }
        return { nextRevision, position: last.position, duplicate: true };
      }
      return { nextRevision, position: formatEventStoreDBPosition(result.position), duplicate: false };
    } catch (error) {
      // The unary append path rejects with raw gRPC errors (append.js: sink.on('error')), so convert first.
      const converted =
        error instanceof Error && !(error instanceof EventStoreError) ? convertToCommandError(error) : error;
      if (converted instanceof WrongExpectedVersionError) {
        // actualVersion is the stream's last revision as a bigint, or 'no_stream' (older servers: -1).
        const actual = converted.actualVersion;
        throw new ConcurrencyError(
          stream,
          expected,
          typeof actual === 'bigint' && actual >= 0n ? Number(actual) : 'no-stream',
        );
      }
      throw mapError(error);
    }
  }

  /** The original result when `events` were appended before at `fromRevision`; see the class comment. */
  private async findRetriedAppend(
    stream: string,
    events: readonly EventToAppend[],
    fromRevision: StreamRevision,
  ): Promise<AppendResult | undefined> {
    const first = events[0] as EventToAppend;
    const stored = await this.readStream(stream, { fromRevision, maxCount: events.length });
    if (stored[0]?.id.toLowerCase() !== first.id.toLowerCase()) return undefined;
    // The server answers UUIDs in lower case; the port's ids may not be.
    const byId = new Map(stored.map((event) => [event.id.toLowerCase(), event]));
    const matched = matchDuplicateAppend(stream, events, (id) => byId.get(id.toLowerCase()));
    const last = matched[matched.length - 1] as RecordedEvent;
    return { nextRevision: last.revision, position: last.position, duplicate: true };
  }

  private async currentRevision(stream: string): Promise<StreamRevision | 'no-stream'> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return 'no-stream';
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no-stream';
      throw mapError(error);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const request: ClientReadStreamOptions = {
      direction: FORWARDS,
      fromRevision: BigInt(options.fromRevision ?? 0),
      resolveLinkTos: false,
      ...(options.maxCount === undefined ? {} : { maxCount: BigInt(options.maxCount) }),
    };
    const events: RecordedEvent[] = [];
    try {
      // Consumed to the end (maxCount bounds it): leaving a v6 read stream early does not cancel its gRPC call.
      for await (const resolved of this.client.readStream(stream, request)) {
        if (resolved.event) events.push(toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw mapError(error);
    }
    return events;
  }

  /**
   * Same semantics as the SQLite adapter: up to `limit` events strictly after `after`; `next` is the last
   * returned event when the batch is full, otherwise the last event scanned (past other categories and system
   * events); `atEnd` when nothing is left after `next`. `$all` reads are inclusive of their start position
   * (the server compares `TFPos >= pos`), so each page skips the event it starts at.
   */
  async readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    this.assertOpen();
    const after = options.after ?? START;
    let from = parseEventStoreDBPosition(after);
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      return { events: [], next: after, atEnd: comparePositions(after, await this.headPosition()) >= 0 };
    }
    const categories = options.categories ? new Set(options.categories) : undefined;
    const events: RecordedEvent[] = [];
    let next = after;
    try {
      for (;;) {
        const startsAtSeenEvent = next !== START;
        const wanted = options.limit - events.length;
        const pageSize = Math.max(wanted, categories ? FILTERED_PAGE_SIZE : 1) + (startsAtSeenEvent ? 1 : 0);
        const pageStart = next;
        let scanned = 0;
        let moreAfterFull = false;
        // Each page is consumed to its end (see readStream); events after a full batch are only noted.
        for await (const resolved of this.client.readAll({
          direction: FORWARDS,
          fromPosition: from,
          maxCount: pageSize,
          resolveLinkTos: false,
        })) {
          scanned += 1;
          const event: AllStreamRecordedEvent | undefined = resolved.event;
          if (!event) continue;
          const position = formatEventStoreDBPosition(event.position);
          if (startsAtSeenEvent && comparePositions(position, pageStart) <= 0) continue;
          if (events.length >= options.limit) {
            moreAfterFull = true;
            continue;
          }
          next = position;
          if (isSystemEvent(event)) continue;
          if (categories && !categories.has(categoryOf(event.streamId))) continue;
          events.push(toRecorded(event));
        }
        const pageEnded = scanned < pageSize;
        if (events.length >= options.limit) return { events, next, atEnd: pageEnded && !moreAfterFull };
        if (pageEnded) return { events, next, atEnd: true };
        if (next === pageStart)
          throw new EventStoreError(`EventStoreDB $all read made no progress at ${next}`);
        from = parseEventStoreDBPosition(next);
      }
    } catch (error) {
      throw mapError(error);
    }
  }

  /** The position of the last non-system event in `$all` (the server writes `$stats-…` events on its own). */
  async headPosition(): Promise<Position> {
    this.assertOpen();
    let from: ReadPosition = END;
    let before: Position | undefined;
    let pageSize = HEAD_FIRST_PAGE;
    try {
      for (;;) {
        let scanned = 0;
        let found: Position | undefined;
        let oldest: Position | undefined;
        for await (const resolved of this.client.readAll({
          direction: BACKWARDS,
          fromPosition: from,
          maxCount: pageSize,
          resolveLinkTos: false,
        })) {
          scanned += 1;
          const event = resolved.event;
          if (!event) continue;
          const position = formatEventStoreDBPosition(event.position);
          // Whether a backwards read includes its start position is not documented; skip it either way.
          if (before !== undefined && comparePositions(position, before) >= 0) continue;
          oldest = position;
          if (found === undefined && !isSystemEvent(event)) found = position;
        }
        if (found !== undefined) return found;
        if (scanned < pageSize || oldest === undefined) return START;
        before = oldest;
        from = parseEventStoreDBPosition(oldest);
        pageSize = Math.min(pageSize * 32, HEAD_MAX_PAGE);
      }
    } catch (error) {
      throw mapError(error);
    }
  }

  /**
   * Calls the listener with each new non-system event's position. A subscription that fails is replaced
   * after `resubscribeDelayMs`, from the end of the log: events appended meanwhile are not announced, so
   * readers must not rely on a notification per event (they read `$all` from their own position anyway).
   */
  override subscribe(listener: AppendListener): () => void {
    let active = true;
    let current: EventStoreDBSubscription | undefined;
    let retryTimer: NodeJS.Timeout | undefined;

    const retryLater = () => {
      if (!active || this.closed || retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        open();
      }, this.resubscribeDelayMs);
      retryTimer.unref();
    };

    const open = () => {
      if (!active || this.closed) return;
      let subscription: EventStoreDBSubscription;
      try {
        subscription = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
      } catch {
        retryLater();
        return;
      }
      current = subscription;
      subscription.on('data', (resolved) => {
        const event = resolved.event;
        if (!active || !event || isSystemEvent(event)) return;
        try {
          listener(formatEventStoreDBPosition(event.position));
        } catch {
          // A listener's failure is its own; the append was durable and is not undone.
        }
      });
      const ended = () => {
        if (current !== subscription) return;
        current = undefined;
        retryLater();
      };
      // Without an 'error' listener a dropped subscription would be an uncaught 'error' event and end the
      // process. The error needs no logging here: the subscription is replaced, and reads report outages.
      subscription.on('error', ended);
      subscription.on('close', ended);
    };

    const stop = () => {
      active = false;
      this.subscriptions.delete(stop);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const subscription = current;
      current = undefined;
      if (subscription) void subscription.unsubscribe().catch(() => undefined);
    };

    this.subscriptions.add(stop);
    open();
    return stop;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of [...this.subscriptions]) stop();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }
}
