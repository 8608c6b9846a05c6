import type { RecordedEvent } from '#event-store';

/** One entry of an aggregate's history as the API shows it. */
export interface HistoryEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: unknown;
  readonly data: unknown;
}

/** The events of a stream as history: what happened, when, by whom. */
export function historyOf(events: readonly RecordedEvent[]): HistoryEntry[] {
  return events.map((event) => ({
    revision: event.revision,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    data: event.data,
  }));
}
