import { ConcurrencyError, DuplicateEventIdError } from './errors.js';
import type { EventToAppend, ExpectedRevision, RecordedEvent, StreamRevision } from './event-store.port.js';

/** Throws ConcurrencyError unless a stream whose last revision is `current` (-1: none) satisfies `expected`. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  current: StreamRevision,
): void {
  if (expected === 'any') return;
  if (expected === 'no-stream' ? current === -1 : current === expected) return;
  throw new ConcurrencyError(stream, expected, current === -1 ? 'no-stream' : current);
}

/**
 * Decides whether an append whose first event id is already stored is a retry of the same append:
 * the same stream, the same ids in the same order. Returns the stored copies, or throws DuplicateEventIdError.
 */
export function matchDuplicateAppend(
  stream: string,
  events: readonly EventToAppend[],
  storedById: (id: string) => RecordedEvent | undefined,
): RecordedEvent[] {
  const stored: RecordedEvent[] = [];
  let previous: RecordedEvent | undefined;
  for (const event of events) {
    const copy = storedById(event.id);
    const inPlace =
      copy !== undefined &&
      copy.stream === stream &&
      (previous === undefined || copy.revision === previous.revision + 1);
    if (!inPlace) throw new DuplicateEventIdError(event.id, stream);
    stored.push(copy);
    previous = copy;
  }
  return stored;
}

/** Rejects an append that names one event id twice. */
export function checkDistinctIds(stream: string, events: readonly EventToAppend[]): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) throw new DuplicateEventIdError(event.id, stream);
    seen.add(event.id);
  }
}
