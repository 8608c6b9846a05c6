import type { Position } from './position.js';

/** A stream's revision: the 0-based number of its last event. */
export type StreamRevision = number;

/** `'no-stream'`: the stream must not exist; `'any'`: no check; a number: the stream's last revision must be it. */
export type ExpectedRevision = 'no-stream' | 'any' | StreamRevision;

/** An event to append. `id` is a UUID; the same id is stored once (see `append`). */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** An event as stored. */
export interface RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: StreamRevision;
  readonly position: Position;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** ISO-8601 UTC time the store recorded the event. */
  readonly recordedAt: string;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append (the revision of its last event). */
  readonly nextRevision: StreamRevision;
  /** The global position of the last appended event. */
  readonly position: Position;
  /** True when every event was stored before by an identical append and nothing was written now. */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  readonly fromRevision?: StreamRevision;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position. Default: from the start. */
  readonly after?: Position;
  /** At most this many events. */
  readonly limit: number;
  /** Only streams of these categories (the part of the stream name before the first hyphen). */
  readonly categories?: readonly string[];
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /**
   * Where the next read should continue (`after`). It moves past events skipped by the category filter,
   * so a filtered reader does not rescan them.
   */
  readonly next: Position;
  /** True when the read reached the head of the log as it was when read. */
  readonly atEnd: boolean;
}

/** Called with the new head position after events were appended (possibly by another process). */
export type AppendListener = (head: Position) => void;

/**
 * The event store port. Every adapter passes the same contract suite
 * (`libs/event-store/src/testing/event-store.contract.ts`).
 */
export abstract class EventStore {
  /**
   * Appends events to one stream atomically, if the stream is at the expected revision.
   * Idempotent: when the events' ids were stored before by the same append to the same stream,
   * nothing is written and the original result is returned with `duplicate: true`.
   * Throws ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError.
   */
  abstract append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** Reads a stream forward. A stream that does not exist reads as empty. */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;

  /** Reads the global log forward in order, in one batch. */
  abstract readAll(options: ReadAllOptions): Promise<ReadAllResult>;

  /** The position of the last event in the log, or START when it is empty. */
  abstract headPosition(): Promise<Position>;

  /**
   * A live notification of appends, where the adapter has one (undefined otherwise).
   * Returns a function that stops the notifications.
   */
  subscribe?(listener: AppendListener): () => void;

  /** Releases connections and files. */
  abstract close(): Promise<void>;
}

/** The category of a stream: the part of its name before the first hyphen (`ticket-42` → `ticket`). */
export function categoryOf(stream: string): string {
  const hyphen = stream.indexOf('-');
  return hyphen === -1 ? stream : stream.slice(0, hyphen);
}
