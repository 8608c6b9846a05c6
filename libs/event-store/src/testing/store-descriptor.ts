import type { EventStore } from '../event-store.port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';

/** How another OS process can open the same store (for the contract's multi-process test). */
export type StoreDescriptor =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** Opens the store a descriptor names. */
export async function openStore(descriptor: StoreDescriptor): Promise<EventStore> {
  switch (descriptor.kind) {
    case 'sqlite':
      return new SqliteEventStore({ path: descriptor.path });
    case 'eventstoredb': {
      const { EventStoreDBEventStore } = await import('../eventstoredb/eventstoredb-event-store.js');
      return EventStoreDBEventStore.fromConnectionString(descriptor.connectionString);
    }
  }
}
