import type { DomainEvent } from '#core';
import type { EventStore, RecordedEvent } from './event-store.port.js';

/**
 * The state of one stream, folded and cached: `refresh()` reads only the events after the cached revision, so a
 * small, often-read aggregate (the directory, the calendar) costs one short read per use and still sees another
 * process's writes.
 */
export class CachedStreamFold<S, E extends DomainEvent> {
  private revision = -1;
  private state: S;

  constructor(
    private readonly store: EventStore,
    private readonly stream: string,
    private readonly fold: { readonly initialState: () => S; readonly evolve: (state: S, event: E) => S },
  ) {
    this.state = fold.initialState();
  }

  /** The state as of the last refresh. */
  get current(): S {
    return this.state;
  }

  async refresh(): Promise<S> {
    const newer = await this.store.readStream(this.stream, { fromRevision: this.revision + 1 });
    for (const event of newer) this.state = this.fold.evolve(this.state, asDomainEvent<E>(event));
    const last = newer.at(-1);
    if (last) this.revision = last.revision;
    return this.state;
  }
}

function asDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return { type: event.type, data: event.data } as E;
}
