import { type EventStore, InMemoryEventStore, SqliteEventStore } from '#event-store';
import type { AppConfig } from './config.js';

/** Opens the event store the configuration names. */
export async function createEventStore(config: AppConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore({ path: config.sqliteFile, synchronous: config.sqliteSynchronous });
    case 'memory':
      return new InMemoryEventStore();
    case 'eventstoredb': {
      const { EventStoreDBEventStore } = await import('#event-store/eventstoredb/eventstoredb-event-store');
      return EventStoreDBEventStore.fromConnectionString(config.eventStoreConnectionString ?? '');
    }
  }
}
