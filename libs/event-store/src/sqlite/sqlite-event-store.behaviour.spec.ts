import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError, EventStoreUnavailableError } from '../errors.js';
import { newEventId } from '../event-id.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const event = (type: string, data: unknown = {}) => ({ id: newEventId(), type, data, metadata: {} });

describe('SQLite event store, beyond the contract', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-sqlite-'));
    path = join(dir, 'nested', 'events.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps acknowledged events across a reopen of the file', async () => {
    const first = new SqliteEventStore({ path });
    await first.append('ticket-1', [event('TicketReceived', { title: '占道经营' })], {
      expectedRevision: 'no-stream',
    });
    await first.close();
    const second = new SqliteEventStore({ path });
    expect((await second.readStream('ticket-1')).map((e) => e.data)).toEqual([{ title: '占道经营' }]);
    await second.close();
  });

  it('uses WAL and synchronous=FULL by default, NORMAL when asked', async () => {
    const store = new SqliteEventStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const normal = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    await normal.close();
  });

  it('fails only the append whose payload is not JSON when it shares a group commit', async () => {
    const store = new SqliteEventStore({ path });
    const results = await Promise.allSettled([
      store.append('ticket-1', [event('A')], { expectedRevision: 'no-stream' }),
      store.append('ticket-2', [event('B', { big: 10n })], { expectedRevision: 'no-stream' }),
      store.append('ticket-3', [event('C')], { expectedRevision: 'no-stream' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream('ticket-2')).toEqual([]);
    expect(await store.readStream('ticket-3')).toHaveLength(1);
    await store.close();
  });

  it('answers unavailable, writing nothing, while another process holds the write lock; then recovers', async () => {
    const store = new SqliteEventStore({ path, busyTimeoutMs: 50 });
    await store.append('ticket-1', [event('A')], { expectedRevision: 'no-stream' });
    const locker = new Database(path);
    locker.exec('BEGIN EXCLUSIVE');
    await expect(store.append('ticket-1', [event('B')], { expectedRevision: 0 })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    locker.exec('ROLLBACK');
    locker.close();
    expect(await store.readStream('ticket-1')).toHaveLength(1);
    await expect(store.append('ticket-1', [event('B')], { expectedRevision: 0 })).resolves.toMatchObject({
      nextRevision: 1,
    });
    await store.close();
  });

  it('refuses a file written by a newer schema instead of guessing', async () => {
    const store = new SqliteEventStore({ path });
    await store.close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteEventStore({ path })).toThrow(EventStoreError);
  });

  it('rejects appends after close as unavailable', async () => {
    const store = new SqliteEventStore({ path });
    await store.close();
    await expect(store.append('ticket-1', [event('A')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });
});
