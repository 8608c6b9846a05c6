import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { preparePrivateFile } from '../private-files.js';

/** The stored form of a subject's data: `v1:<iv>:<tag>:<ciphertext>` (AES-256-GCM, base64, the subject id as AAD). */
const SEALED = /^v1:([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]*)$/;

function seal(key: Buffer, subjectId: string, data: PersonalData): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subjectId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
}

function open(key: Buffer, subjectId: string, stored: string): PersonalData {
  const match = SEALED.exec(stored);
  // A row written before the vault was encrypted (opening the vault seals those; see the constructor).
  if (!match) return JSON.parse(stored) as PersonalData;
  const [, iv, tag, ciphertext] = match as unknown as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(subjectId));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as PersonalData;
}

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

/**
 * The vault in a SQLite file beside the event store (WAL, synchronous=FULL: stored before the event refers to it),
 * readable by this user only (0600), each subject's data encrypted with AES-256-GCM under the vault key (VAULT_KEY)
 * and bound to its subject id, so the file, a backup or a copied WAL shows no name and no number.
 */
export class SqlitePersonalDataVault extends PersonalDataVault {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly key: Buffer = randomBytes(32),
  ) {
    super();
    if (key.length !== 32) throw new Error('The vault key must be 32 bytes');
    preparePrivateFile(path);
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
    this.sealPlaintextRows();
  }

  /** Encrypts the rows a vault before encryption at rest wrote, once, and lets the WAL forget their old pages. */
  private sealPlaintextRows(): void {
    const rows = this.db
      .prepare<[], { subject_id: string; data: string }>(
        "SELECT subject_id, data FROM subjects WHERE data IS NOT NULL AND data NOT LIKE 'v1:%'",
      )
      .all();
    if (rows.length === 0) return;
    const update = this.db.prepare('UPDATE subjects SET data = ? WHERE subject_id = ?');
    this.db.transaction(() => {
      for (const row of rows) {
        update.run(seal(this.key, row.subject_id, JSON.parse(row.data) as PersonalData), row.subject_id);
      }
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  store(data: PersonalData): Promise<string> {
    const subjectId = randomUUID();
    this.db
      .prepare('INSERT INTO subjects (subject_id, data, created_at) VALUES (?, ?, ?)')
      .run(subjectId, seal(this.key, subjectId, data), new Date().toISOString());
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
    try {
      return Promise.resolve({ status: 'present', data: open(this.key, subjectId, row.data) });
    } catch (error) {
      // Another key than the one it was sealed with, or a tampered row: nothing is shown.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
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
