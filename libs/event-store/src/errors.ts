import type { ExpectedRevision, StreamRevision } from './event-store.port.js';

/** Base of every error the event store raises on purpose. */
export class EventStoreError extends Error {
  override readonly name: string = 'EventStoreError';
}

/** The stream was not at the expected revision. `actual` is `'no-stream'` when the stream does not exist. */
export class ConcurrencyError extends EventStoreError {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | 'no-stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** An event id was stored before, but not as the same append to the same stream. */
export class DuplicateEventIdError extends EventStoreError {
  override readonly name = 'DuplicateEventIdError';

  constructor(
    readonly eventId: string,
    readonly stream: string,
  ) {
    super(`Event id ${eventId} is already stored, but not as this append to ${stream}`);
  }
}

/**
 * The store cannot be reached or is locked right now; nothing was written. Callers may retry
 * (the API answers 503 with Retry-After).
 */
export class EventStoreUnavailableError extends EventStoreError {
  override readonly name = 'EventStoreUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
