import { DuplicateEventIdError } from '../errors.js';
import { checkDistinctIds, checkExpectedRevision, matchDuplicateAppend } from '../append-checks.js';
import {
  type AppendListener,
  type AppendOptions,
  type AppendResult,
  categoryOf,
  EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port.js';
import { comparePositions, type Position, START } from '../position.js';

/** The event store in one process's memory, for unit tests. Same contract as the durable adapters. */
export class InMemoryEventStore extends EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<AppendListener>();

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return Promise.resolve().then(() => this.appendNow(stream, events, options));
  }

  private appendNow(stream: string, events: readonly EventToAppend[], options: AppendOptions): AppendResult {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    checkDistinctIds(stream, events);
    const existing = this.streams.get(stream) ?? [];
    const first = events[0];
    if (first && this.byId.has(first.id)) {
      const stored = matchDuplicateAppend(stream, events, (id) => this.byId.get(id));
      const last = stored[stored.length - 1] as RecordedEvent;
      return { nextRevision: last.revision, position: last.position, duplicate: true };
    }
    checkExpectedRevision(stream, options.expectedRevision, existing.length - 1);
    const reused = events.find((event) => this.byId.has(event.id));
    if (reused) throw new DuplicateEventIdError(reused.id, stream);
    const recordedAt = this.now().toISOString();
    const appended = events.map((event, index): RecordedEvent => ({
      id: event.id,
      stream,
      revision: existing.length + index,
      position: String(this.log.length + index + 1),
      type: event.type,
      data: structuredClone(event.data),
      metadata: structuredClone(event.metadata),
      recordedAt,
    }));
    for (const event of appended) {
      this.log.push(event);
      existing.push(event);
      this.byId.set(event.id, event);
    }
    this.streams.set(stream, existing);
    const last = appended[appended.length - 1] as RecordedEvent;
    for (const listener of this.listeners) queueMicrotask(() => listener(last.position));
    return { nextRevision: last.revision, position: last.position, duplicate: false };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const events = (this.streams.get(stream) ?? []).slice(from);
    return Promise.resolve(options.maxCount === undefined ? events : events.slice(0, options.maxCount));
  }

  readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    const after = options.after ?? START;
    const start = this.log.findIndex((event) => comparePositions(event.position, after) > 0);
    const categories = options.categories ? new Set(options.categories) : undefined;
    const events: RecordedEvent[] = [];
    let next = after;
    if (start !== -1) {
      for (let i = start; i < this.log.length && events.length < options.limit; i += 1) {
        const event = this.log[i] as RecordedEvent;
        next = event.position;
        if (!categories || categories.has(categoryOf(event.stream))) events.push(event);
      }
    }
    const head = this.log.at(-1)?.position ?? START;
    return Promise.resolve({ events, next, atEnd: comparePositions(next, head) >= 0 });
  }

  headPosition(): Promise<Position> {
    return Promise.resolve(this.log.at(-1)?.position ?? START);
  }

  override subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
