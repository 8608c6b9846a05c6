import type { DomainEvent, StoredEvent } from '#core';
import type { EventStore, RecordedEvent, StreamRevision } from './event-store.port.js';

/** What folding a stream needs of a decider: its initial state, `evolve`, and its upcaster when it has one. */
export interface Fold<S, E extends DomainEvent> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly upcast?: (event: StoredEvent) => E;
}

/** A stored event as the decider sees it: upcast when the decider has an upcaster, else its type and payload. */
export function domainEventOf<E extends DomainEvent>(
  fold: Pick<Fold<unknown, E>, 'upcast'>,
  event: RecordedEvent,
): E {
  return fold.upcast ? fold.upcast(event) : ({ type: event.type, data: event.data } as E);
}

/** One aggregate as read from its stream: the stored events, the state they fold to, and the stream's revision. */
export interface Aggregate<S> {
  readonly events: readonly RecordedEvent[];
  readonly state: S;
  /** The revision of the last event (-1 when the stream does not exist). */
  readonly revision: StreamRevision;
}

/** Folds stored events (upcast) into a state. */
export function foldEvents<S, E extends DomainEvent>(
  fold: Fold<S, E>,
  events: readonly RecordedEvent[],
  from: S = fold.initialState(),
): S {
  let state = from;
  for (const event of events) state = fold.evolve(state, domainEventOf(fold, event));
  return state;
}

/**
 * Reads one stream and folds it: the one read of an aggregate, for the command runner and every query of a single
 * case alike, so upcasting happens in one place.
 */
export async function readAggregate<S, E extends DomainEvent>(
  store: EventStore,
  stream: string,
  fold: Fold<S, E>,
): Promise<Aggregate<S>> {
  const events = await store.readStream(stream);
  return { events, state: foldEvents(fold, events), revision: events.length - 1 };
}

/**
 * The state of one stream, folded and cached: `refresh()` reads only the events after the cached revision, so a
 * small, often-read aggregate (the directory, the calendar) costs one short read when it may have changed and
 * nothing otherwise.
 */
export class CachedStreamFold<S, E extends DomainEvent> {
  private revision = -1;
  private state: S;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly stream: string,
    private readonly fold: Fold<S, E>,
  ) {
    this.state = fold.initialState();
  }

  /** The state as of the last refresh. */
  get current(): S {
    return this.state;
  }

  /**
   * Reads what is new. Reads run one after the other, so two callers never fold the same events twice and a refresh
   * asked for after an append sees that append.
   */
  refresh(): Promise<S> {
    const next = this.queue.then(() => this.read());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<S> {
    const newer = await this.store.readStream(this.stream, { fromRevision: this.revision + 1 });
    this.state = foldEvents(this.fold, newer, this.state);
    const last = newer.at(-1);
    if (last) this.revision = last.revision;
    return this.state;
  }
}
