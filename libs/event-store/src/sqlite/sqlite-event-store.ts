import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkDistinctIds, checkExpectedRevision, matchDuplicateAppend } from '../append-checks.js';
import { DuplicateEventIdError, EventStoreError, EventStoreUnavailableError } from '../errors.js';
import {
  type AppendListener,
  type AppendOptions,
  type AppendResult,
  categoryOf,
  EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port.js';
import { type Position, START } from '../position.js';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteEventStoreOptions {
  /** The database file (its directory is created). */
  readonly path: string;
  /** SQLite's `synchronous` pragma. FULL (the default) makes every acknowledged append survive a power cut. */
  readonly synchronous?: SqliteSynchronous;
  /**
   * How long an append waits for another process's write lock before it fails as unavailable (default 2000). The
   * wait is asynchronous (short tries, then a timer): a held lock never blocks the event loop for long.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Group commit: appends that arrive while a transaction is being written share the next transaction.
   * `false` commits each append on its own (the benchmark's baseline).
   */
  readonly groupCommit?: boolean;
  /** The most appends one group transaction takes. */
  readonly maxBatch?: number;
  /** How often a subscribed store looks for commits by other processes (PRAGMA data_version). */
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
}

/** A row of the events table, as the adapter reads it (benchmarks read the same rows raw). */
export interface SqliteEventRow {
  global_position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}
type Row = SqliteEventRow;

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly serialized: readonly { data: string; metadata: string }[];
  readonly expectedRevision: ExpectedRevision;
  /** Date.now() after which a write lock still held by another process fails this append as unavailable. */
  readonly giveUpAt: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const SCHEMA_VERSION = 1;

/** The adapter's table; exported so that benchmarks measure raw SQLite on exactly the same table. */
export const SQLITE_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  stream          TEXT    NOT NULL,
  category        TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, global_position);
`;

/** SQLite error codes that mean "not now" rather than "never": the caller may retry later. */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|NOMEM)/;

function mapError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new EventStoreUnavailableError(`SQLite event store unavailable (${code})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** SQLite could not take the write lock (another process holds it): nothing was written, a later try may pass. */
function isLockBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_BUSY/.test(code);
}

/**
 * better-sqlite3 waits for a lock synchronously, blocking the whole process: one try of an append waits this long
 * at most, then the append is tried again after LOCK_RETRY_MS, until its busyTimeoutMs is spent.
 */
const LOCK_TRY_MS = 20;
const LOCK_RETRY_MS = 50;

function toRecorded(row: Row): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream,
    revision: row.revision,
    position: String(row.global_position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}

/**
 * The embedded default event store: one SQLite file in WAL mode.
 *
 * Writes: every append runs in a `BEGIN IMMEDIATE` transaction, so several processes can share the file
 * (SQLite's write lock serialises them and global positions grow in commit order, with no gap that a
 * reader could see filled later). Within one process, appends that arrive while a commit is in progress
 * are grouped into the next transaction (group commit), so 64 concurrent requests cost one fsync, not 64.
 * Each append of a group runs in its own savepoint: a conflict fails that append only.
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<AppendListener>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;
  private closed = false;
  private readonly groupCommit: boolean;
  private readonly maxBatch: number;
  private readonly pollIntervalMs: number;
  private readonly busyTimeoutMs: number;
  private readonly now: () => Date;

  private readonly statements: {
    readonly revisionOf: Database.Statement<[string], { revision: number }>;
    readonly byId: Database.Statement<[string], Row>;
    readonly insert: Database.Statement<[string, string, string, number, string, string, string, string]>;
    readonly readStream: Database.Statement<[string, number, number], Row>;
    readonly readAll: Database.Statement<[number, number], Row>;
    readonly readAllByCategory: Database.Statement<[number, string, number], Row>;
    readonly head: Database.Statement<[], { head: number | null }>;
  };

  private readonly writeGroup: Database.Transaction<(batch: readonly PendingAppend[]) => Outcome[]>;
  private readonly writeOne: Database.Transaction<(pending: PendingAppend) => AppendResult>;

  constructor(options: SqliteEventStoreOptions) {
    super();
    this.groupCommit = options.groupCommit ?? true;
    this.maxBatch = options.maxBatch ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 2000;
    this.now = options.now ?? (() => new Date());
    if (options.path !== ':memory:') {
      mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
      // Readable by this user only: created 0600 before SQLite opens it (its -wal and -shm files follow the file).
      if (!existsSync(options.path)) closeSync(openSync(options.path, 'a', 0o600));
      for (const file of [options.path, `${options.path}-wal`, `${options.path}-shm`]) {
        if (existsSync(file)) chmodSync(file, 0o600);
      }
    }
    try {
      // Opening (WAL, schema) may wait the whole busy timeout: processes starting together on a new file.
      this.db = new Database(options.path, { timeout: this.busyTimeoutMs });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      this.db.pragma('foreign_keys = ON');
      this.migrate();
      this.db.pragma(`busy_timeout = ${Math.min(this.busyTimeoutMs, LOCK_TRY_MS)}`);
    } catch (error) {
      throw mapError(error);
    }

    this.statements = {
      revisionOf: this.db.prepare(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      byId: this.db.prepare('SELECT * FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream, category, revision, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: this.db.prepare(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: this.db.prepare(
        'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
      ),
      readAllByCategory: this.db.prepare(
        `SELECT * FROM events
         WHERE global_position > ? AND category IN (SELECT value FROM json_each(?))
         ORDER BY global_position LIMIT ?`,
      ),
      head: this.db.prepare('SELECT max(global_position) AS head FROM events'),
    };

    this.writeOne = this.db.transaction((pending: PendingAppend) => this.appendInTransaction(pending));
    this.writeGroup = this.db.transaction((batch: readonly PendingAppend[]) =>
      batch.map((pending): Outcome => {
        try {
          // A nested better-sqlite3 transaction is a savepoint: a failing append undoes only itself.
          return { ok: true, result: this.writeOne(pending) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new EventStoreError(
        `The event store file has schema version ${version}; this build knows up to ${SCHEMA_VERSION}`,
      );
    }
    if (version < SCHEMA_VERSION) {
      this.db
        .transaction(() => {
          this.db.exec(SQLITE_EVENTS_SCHEMA);
          this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
        })
        .immediate();
    }
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
      if (events.length === 0) throw new RangeError('append needs at least one event');
      checkDistinctIds(stream, events);
      // Serialise before queueing, so a payload that is not JSON fails its own append only.
      const serialized = events.map((event) => ({
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
      }));
      this.queue.push({
        stream,
        events,
        serialized,
        expectedRevision: options.expectedRevision,
        giveUpAt: Date.now() + this.busyTimeoutMs,
        resolve,
        reject,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.groupCommit ? this.maxBatch : 1);
      let outcomes: Outcome[];
      try {
        outcomes = this.groupCommit
          ? this.writeGroup.immediate(batch)
          : [{ ok: true, result: this.writeOne.immediate(batch[0] as PendingAppend) }];
      } catch (error) {
        const mapped = mapError(error);
        if (isLockBusy(error)) {
          // Another process holds the write lock; nothing was written. The appends with time left go back to the
          // front of the queue (later ones join them in the next group) and are tried again after a pause.
          const now = Date.now();
          const waiting = batch.filter((pending) => pending.giveUpAt > now);
          for (const pending of batch) if (pending.giveUpAt <= now) pending.reject(mapped);
          if (waiting.length > 0) {
            this.queue.unshift(...waiting);
            this.flushScheduled = true;
            setTimeout(() => this.flush(), LOCK_RETRY_MS);
            return;
          }
          continue;
        }
        for (const pending of batch) pending.reject(mapped);
        continue;
      }
      let head: Position | undefined;
      outcomes.forEach((outcome, index) => {
        const pending = batch[index] as PendingAppend;
        if (outcome.ok) {
          pending.resolve(outcome.result);
          if (!outcome.result.duplicate) head = outcome.result.position;
        } else {
          pending.reject(mapError(outcome.error));
        }
      });
      if (head !== undefined) this.notify(head);
      if (!this.groupCommit && this.queue.length > 0) {
        // One transaction per turn of the event loop, like independent requests would see.
        this.flushScheduled = true;
        setImmediate(() => this.flush());
        return;
      }
    }
  }

  private appendInTransaction(pending: PendingAppend): AppendResult {
    const { stream, events } = pending;
    const first = events[0] as EventToAppend;
    if (this.statements.byId.get(first.id)) {
      const stored = matchDuplicateAppend(stream, events, (id) => {
        const row = this.statements.byId.get(id);
        return row ? toRecorded(row) : undefined;
      });
      const last = stored[stored.length - 1] as RecordedEvent;
      return { nextRevision: last.revision, position: last.position, duplicate: true };
    }
    const current = this.statements.revisionOf.get(stream)?.revision ?? -1;
    checkExpectedRevision(stream, pending.expectedRevision, current);
    const recordedAt = this.now().toISOString();
    const category = categoryOf(stream);
    let position = 0;
    events.forEach((event, index) => {
      const serialized = pending.serialized[index] as { data: string; metadata: string };
      try {
        const info = this.statements.insert.run(
          event.id,
          stream,
          category,
          current + 1 + index,
          event.type,
          serialized.data,
          serialized.metadata,
          recordedAt,
        );
        position = Number(info.lastInsertRowid);
      } catch (error) {
        if (
          (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
          /event_id/.test(String(error))
        ) {
          throw new DuplicateEventIdError(event.id, stream);
        }
        throw error;
      }
    });
    return { nextRevision: current + events.length, position: String(position), duplicate: false };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.run(() =>
      this.statements.readStream
        .all(stream, options.fromRevision ?? 0, options.maxCount ?? -1)
        .map(toRecorded),
    );
  }

  readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    const after = Number(options.after ?? START);
    if (!Number.isSafeInteger(after) || after < 0) {
      return Promise.reject(new TypeError(`Not a SQLite log position: ${String(options.after)}`));
    }
    return this.run(() =>
      // One read transaction, so the batch and the head come from the same snapshot.
      this.db.transaction(() => {
        const rows = options.categories
          ? this.statements.readAllByCategory.all(after, JSON.stringify(options.categories), options.limit)
          : this.statements.readAll.all(after, options.limit);
        const head = this.statements.head.get()?.head ?? 0;
        const full = rows.length >= options.limit;
        const last = rows.at(-1);
        const next = full && last ? last.global_position : Math.max(head, after);
        return { events: rows.map(toRecorded), next: String(next), atEnd: next >= head };
      })(),
    );
  }

  headPosition(): Promise<Position> {
    return this.run(() => String(this.statements.head.get()?.head ?? 0));
  }

  override subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    if (!this.pollTimer) {
      this.lastDataVersion = this.dataVersion();
      this.pollTimer = setInterval(() => this.pollOtherProcesses(), this.pollIntervalMs);
      this.pollTimer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.pollTimer) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
      }
    };
  }

  /** `data_version` changes when another connection commits; our own commits notify directly. */
  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private pollOtherProcesses(): void {
    if (this.closed) return;
    try {
      const version = this.dataVersion();
      if (version === this.lastDataVersion) return;
      this.lastDataVersion = version;
      this.notify(String(this.statements.head.get()?.head ?? 0));
    } catch {
      // A locked or vanished file shows up on the next read or append; polling just tries again.
    }
  }

  private notify(head: Position): void {
    for (const listener of this.listeners) {
      try {
        listener(head);
      } catch {
        // A listener's failure is its own; the append was durable and is not undone.
      }
    }
  }

  private run<T>(read: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('The event store is closed'));
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(mapError(error));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushScheduled || this.queue.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.listeners.clear();
    this.db.close();
  }
}
