import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';

describeEventStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-contract-'));
  const path = join(dir, 'events.db');
  return Promise.resolve({
    store: new SqliteEventStore({ path, pollIntervalMs: 20 }),
    descriptor: { kind: 'sqlite', path },
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
