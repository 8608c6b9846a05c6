import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** A caller's personal data (个人信息): kept here, never in event payloads (docs/domain.md §4). */
export interface PersonalData {
  readonly name?: string;
  readonly phone?: string;
  readonly address?: string;
}

export type VaultRecord =
  | { readonly status: 'present'; readonly data: PersonalData }
  | { readonly status: 'erased'; readonly erasedAt: string };

/**
 * The personal-data vault: events refer to a subject by id; erasing the subject erases the data everywhere
 * the API shows it (PIPL Art. 47), while the append-only log stays intact.
 */
export abstract class PersonalDataVault {
  /** Stores the data durably and answers the new subject's id. */
  abstract store(data: PersonalData): Promise<string>;
  /** The data of a subject, `erased`, or undefined for an unknown id. */
  abstract read(subjectId: string): Promise<VaultRecord | undefined>;
  /** Erases the subject's data for good; erasing twice is nothing new. */
  abstract erase(subjectId: string, at: Date): Promise<void>;
  abstract close(): Promise<void>;
}

/** The vault in a SQLite file beside the event store (WAL, synchronous=FULL: stored before the event refers to it). */
export class SqlitePersonalDataVault extends PersonalDataVault {
  private readonly db: Database.Database;

  constructor(path: string) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Erased data is overwritten with zeros in the page, not merely marked free (PIPL Art. 47: gone, not hidden).
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subjects (
      subject_id TEXT PRIMARY KEY,
      data       TEXT,
      created_at TEXT NOT NULL,
      erased_at  TEXT
    )`);
  }

  store(data: PersonalData): Promise<string> {
    const subjectId = randomUUID();
    this.db
      .prepare('INSERT INTO subjects (subject_id, data, created_at) VALUES (?, ?, ?)')
      .run(subjectId, JSON.stringify(data), new Date().toISOString());
    return Promise.resolve(subjectId);
  }

  read(subjectId: string): Promise<VaultRecord | undefined> {
    const row = this.db
      .prepare<[string], { data: string | null; erased_at: string | null }>(
        'SELECT data, erased_at FROM subjects WHERE subject_id = ?',
      )
      .get(subjectId);
    if (!row) return Promise.resolve(undefined);
    if (row.erased_at !== null || row.data === null) {
      return Promise.resolve({ status: 'erased', erasedAt: row.erased_at ?? '' });
    }
    return Promise.resolve({ status: 'present', data: JSON.parse(row.data) as PersonalData });
  }

  erase(subjectId: string, at: Date): Promise<void> {
    // The row stays (so the id answers "erased"), the data does not: secure_delete zeroes it in the page, and the
    // checkpoint moves that page into the file and empties the write-ahead log, which still held the old page.
    this.db
      .prepare('UPDATE subjects SET data = NULL, erased_at = coalesce(erased_at, ?) WHERE subject_id = ?')
      .run(at.toISOString(), subjectId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
