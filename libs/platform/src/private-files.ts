import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from './config.js';

/**
 * Makes a data file readable by this user only before SQLite opens it: the directory 0700 when it is created, the
 * file created 0600 (SQLite gives its -wal and -shm files the permissions of the main file) and an existing file
 * and its companions set to 0600.
 */
export function preparePrivateFile(path: string): void {
  if (path === ':memory:') return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** The 32-byte key of VAULT_KEY (64 hex digits or base64). */
function decodeKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/**
 * The key that encrypts the personal-data vault at rest: VAULT_KEY, or (demo mode, development and tests) a random
 * key generated once into DATA_DIR/vault-key (0600), which every process on the data directory then shares. The
 * configuration refuses a production start outside demo mode without VAULT_KEY.
 */
export function vaultKeyOf(config: Pick<AppConfig, 'vaultKey' | 'dataDir' | 'eventStore'>): Buffer {
  if (config.vaultKey !== undefined) return decodeKey(config.vaultKey);
  if (config.eventStore === 'memory') return randomBytes(32);
  const file = join(config.dataDir, 'vault-key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process on the same data directory wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return decodeKey(readFileSync(file, 'utf8').trim());
}
