import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import { DomainError } from '#core';
import { preparePrivateFile } from '../private-files.js';

/** The shortest and longest password `setPassword` accepts, in characters (Unicode code points, after NFKC). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** The parameters of one scrypt hash, as its stored string names them. */
export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelization. */
  readonly p: number;
}

/** What new hashes use: N=2^15, r=8, p=1 (32 MiB of memory per hash), 16-byte salt, 64-byte key. */
export const SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 64;
const MAXMEM = 64 * 1024 * 1024;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** A stored hash taken apart: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
export interface ParsedPasswordHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * The hash `verify` checks for an account without credentials, so that an unknown account costs the same scrypt
 * as a known one and timing does not tell which accounts exist. Its password is random and was thrown away.
 */
const DUMMY_HASH =
  'scrypt$32768$8$1$TgXOpL/5pjFVT0f0VCxmIQ==$G0gpyb2hWaCGEyrYyrSMTx1E3KD8VgkD3iWkCNpdQGj/GXR6xir6WlgmE44aZILwTIp/U/85eYuvo18eFZnvKA==';

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Takes a stored hash apart; throws an Error for anything that is not a well-formed scrypt hash with sane
 * parameters (N a power of two from 2^10 to 2^20, r 1–32, p 1–16, at most 256 MiB of memory (128·N·r), at least
 * 16 bytes of salt and key), so that a tampered row cannot make one login take all the memory.
 */
export function parsePasswordHash(stored: string): ParsedPasswordHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const int = (text: string | undefined) =>
    text !== undefined && /^\d{1,8}$/.test(text) ? Number(text) : NaN;
  const params = { N: int(n), r: int(r), p: int(p) };
  const wellFormed =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    params.N >= 2 ** 10 &&
    params.N <= 2 ** 20 &&
    (params.N & (params.N - 1)) === 0 &&
    params.r >= 1 &&
    params.r <= 32 &&
    params.p >= 1 &&
    params.p <= 16 &&
    128 * params.N * params.r <= MAX_SCRYPT_MEMORY &&
    salt !== undefined &&
    hash !== undefined &&
    B64.test(salt) &&
    B64.test(hash);
  if (!wellFormed) throw new Error('Not a well-formed scrypt password hash');
  const parsed = { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  if (parsed.salt.length < 16 || parsed.hash.length < 16)
    throw new Error('Not a well-formed scrypt password hash');
  return parsed;
}

function derive(password: string, salt: Buffer, keyBytes: number, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; the parameters of an older or newer hash may need more than the default allows.
  const maxmem = Math.max(MAXMEM, 2 * 128 * params.N * params.r);
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** NFKC, so that the same password typed on another keyboard (full-width forms, composed accents) matches. */
const normalize = (password: string) => password.normalize('NFKC');

/** Hashes a password into the stored form `scrypt$N$r$p$<salt b64>$<hash b64>` (no policy check here). */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(normalize(password), salt, KEY_BYTES, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether the password matches a stored hash, with the parameters the hash names; constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, hash } = parsePasswordHash(stored);
  const candidate = await derive(normalize(password), salt, hash.length, params);
  return timingSafeEqual(candidate, hash);
}

/** Throws ACCOUNT.WEAK_PASSWORD unless the password has 8 to 128 characters. */
export function checkPasswordPolicy(password: string): void {
  const length = typeof password === 'string' ? [...normalize(password)].length : 0;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new DomainError(
      'ACCOUNT.WEAK_PASSWORD',
      'invalid-input',
      `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      { field: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
    );
  }
}

/**
 * Passwords of the accounts in the directory, by account id. Only scrypt hashes are kept, never a password; the
 * directory's events never carry either.
 */
export abstract class CredentialStore {
  /** Sets (or replaces) the account's password; throws ACCOUNT.WEAK_PASSWORD when it breaks the policy. */
  abstract setPassword(accountId: string, password: string): Promise<void>;
  /**
   * Gives several accounts one password with one hash (one scrypt run, one transaction): the demo's accounts, whose
   * password is public anyway. Throws ACCOUNT.WEAK_PASSWORD when it breaks the policy.
   */
  abstract setSharedPassword(accountIds: readonly string[], password: string): Promise<void>;
  /** Whether the password is the account's; false for an account without one, after the same amount of work. */
  abstract verify(accountId: string, password: string): Promise<boolean>;
  /** Whether the account has a password. */
  abstract has(accountId: string): Promise<boolean>;
  /** Forgets the account's password; removing twice is nothing new. */
  abstract remove(accountId: string): Promise<void>;
  abstract close(): Promise<void>;
}

function checkAccountId(accountId: string): void {
  if (typeof accountId !== 'string' || accountId === '' || accountId.length > 64)
    throw new Error('An account id is a non-empty string of at most 64 characters');
}

/** The credentials in a SQLite file beside the event store (WAL, synchronous=FULL). */
export class SqliteCredentialStore extends CredentialStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    super();
    // Readable by this user only: the hashes are slow to crack, not impossible.
    preparePrivateFile(path);
    this.db = new Database(path, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS credentials (
      account_id TEXT PRIMARY KEY,
      hash       TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    checkAccountId(accountId);
    checkPasswordPolicy(password);
    const hash = await hashPassword(password);
    this.db
      .prepare(
        `INSERT INTO credentials (account_id, hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
      )
      .run(accountId, hash, new Date().toISOString());
  }

  async setSharedPassword(accountIds: readonly string[], password: string): Promise<void> {
    accountIds.forEach(checkAccountId);
    checkPasswordPolicy(password);
    if (accountIds.length === 0) return;
    const hash = await hashPassword(password);
    const upsert = this.db.prepare(
      `INSERT INTO credentials (account_id, hash, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
    );
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const accountId of accountIds) upsert.run(accountId, hash, at);
    })();
  }

  async verify(accountId: string, password: string): Promise<boolean> {
    const stored = typeof password === 'string' ? this.hashOf(accountId) : undefined;
    if (stored === undefined) {
      // The same work as for a known account, for a result that is false anyway.
      await verifyPassword(typeof password === 'string' ? password : '', DUMMY_HASH);
      return false;
    }
    return verifyPassword(password, stored);
  }

  has(accountId: string): Promise<boolean> {
    return Promise.resolve(this.hashOf(accountId) !== undefined);
  }

  remove(accountId: string): Promise<void> {
    this.db.prepare('DELETE FROM credentials WHERE account_id = ?').run(accountId);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private hashOf(accountId: string): string | undefined {
    if (typeof accountId !== 'string') return undefined;
    return this.db
      .prepare<[string], { hash: string }>('SELECT hash FROM credentials WHERE account_id = ?')
      .get(accountId)?.hash;
  }
}
