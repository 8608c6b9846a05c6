import type { RecordedEvent } from '#event-store';

/** One entry of an aggregate's history as the API shows it. */
export interface HistoryEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: unknown;
  readonly data: unknown;
}

/**
 * The events of a stream as history: what happened, when, by whom. `dataForView` narrows what an event's data
 * shows to the caller (a view's privacy rules: a hidden or erased caller).
 */
export function historyOf(
  events: readonly RecordedEvent[],
  dataForView: (data: unknown) => unknown = (data) => data,
): HistoryEntry[] {
  return events.map((event) => ({
    revision: event.revision,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    data: dataForView(event.data),
  }));
}
