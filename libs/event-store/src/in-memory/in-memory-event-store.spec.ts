import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describeEventStoreContract('in-memory', () => Promise.resolve({ store: new InMemoryEventStore() }), {
  multiProcessSkipReason: 'the in-memory store lives inside one process, so no other process can open it',
});
