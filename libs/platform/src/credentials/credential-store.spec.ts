import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '#core';
import {
  hashPassword,
  parsePasswordHash,
  SCRYPT_PARAMS,
  SqliteCredentialStore,
  verifyPassword,
} from './credential-store.js';

const STORED = /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/;

describe('SqliteCredentialStore', () => {
  let dir: string;
  let path: string;
  let store: SqliteCredentialStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-credentials-'));
    path = join(dir, 'credentials.db');
    store = new SqliteCredentialStore(path);
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const storedHash = (accountId: string): string | undefined => {
    const db = new Database(path, { readonly: true });
    try {
      return db
        .prepare<[string], { hash: string }>('SELECT hash FROM credentials WHERE account_id = ?')
        .get(accountId)?.hash;
    } finally {
      db.close();
    }
  };

  it('verifies the password that was set, and no other', async () => {
    await store.setPassword('dispatcher', 'chengyun-demo');
    expect(await store.has('dispatcher')).toBe(true);
    expect(await store.verify('dispatcher', 'chengyun-demo')).toBe(true);
    expect(await store.verify('dispatcher', 'chengyun-demO')).toBe(false);
    expect(await store.verify('dispatcher', '')).toBe(false);
    expect(await store.verify('supervisor', 'chengyun-demo')).toBe(false);
  });

  it('gives several accounts one password at once, and each can change its own later', async () => {
    await store.setSharedPassword(['admin', 'dispatcher', 'inspector-g1-01'], 'chengyun-demo');
    for (const account of ['admin', 'dispatcher', 'inspector-g1-01']) {
      expect(await store.verify(account, 'chengyun-demo')).toBe(true);
    }
    await store.setPassword('dispatcher', 'a-new-password');
    expect(await store.verify('dispatcher', 'chengyun-demo')).toBe(false);
    expect(await store.verify('admin', 'chengyun-demo')).toBe(true);
    await expect(store.setSharedPassword(['admin'], 'short')).rejects.toThrow();
  });

  it('replaces a password, and forgets it on remove', async () => {
    await store.setPassword('handler-police', 'first-password');
    await store.setPassword('handler-police', 'second-password');
    expect(await store.verify('handler-police', 'first-password')).toBe(false);
    expect(await store.verify('handler-police', 'second-password')).toBe(true);
    await store.remove('handler-police');
    await store.remove('handler-police');
    expect(await store.has('handler-police')).toBe(false);
    expect(await store.verify('handler-police', 'second-password')).toBe(false);
  });

  it('answers false for an unknown account after the same scrypt work as for a known one', async () => {
    await store.setPassword('admin', 'correct horse battery');
    const timed = async (accountId: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i += 1) {
        const start = process.hrtime.bigint();
        expect(await store.verify(accountId, 'wrong password')).toBe(false);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return best;
    };
    const known = await timed('admin');
    const unknown = await timed('nobody');
    expect(await store.has('nobody')).toBe(false);
    // Without the dummy hash an unknown account would answer in microseconds, a known one in tens of milliseconds.
    expect(unknown).toBeGreaterThan(known / 4);
  });

  it('stores scrypt$N$r$p$salt$hash with a fresh salt, never the password', async () => {
    const password = '南京西路-城运-2026';
    await store.setPassword('inspector-g1-01', password);
    await store.setPassword('inspector-g1-02', password);
    const first = storedHash('inspector-g1-01') ?? '';
    const second = storedHash('inspector-g1-02') ?? '';
    expect(first).toMatch(STORED);
    expect(second).toMatch(STORED);
    expect(first).not.toBe(second);
    expect(first).not.toContain(password);
    expect(parsePasswordHash(first)).toMatchObject({ params: SCRYPT_PARAMS });
    expect(parsePasswordHash(first).salt).toHaveLength(16);
    expect(parsePasswordHash(first).hash).toHaveLength(64);
    await store.close();
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = readFileSync(path);
    expect(file.includes(Buffer.from(password))).toBe(false);
    expect(file.includes(Buffer.from('南京西路'))).toBe(false);
  });

  it('survives reopening the file', async () => {
    await store.setPassword('supervisor', 'leader-password');
    await store.close();
    store = new SqliteCredentialStore(path);
    expect(await store.has('supervisor')).toBe(true);
    expect(await store.verify('supervisor', 'leader-password')).toBe(true);
    expect(await store.verify('supervisor', 'leader-passwort')).toBe(false);
  });

  it('verifies with the parameters the stored string names, so they can change later', async () => {
    const older = await hashPassword('an older password', { N: 2 ** 10, r: 4, p: 2 });
    expect(older).toMatch(/^scrypt\$1024\$4\$2\$/);
    expect(parsePasswordHash(older).params).toEqual({ N: 1024, r: 4, p: 2 });
    const db = new Database(path);
    db.prepare('INSERT INTO credentials (account_id, hash, updated_at) VALUES (?, ?, ?)').run(
      'legacy',
      older,
      '2026-01-01T00:00:00.000Z',
    );
    db.close();
    expect(await store.verify('legacy', 'an older password')).toBe(true);
    expect(await store.verify('legacy', 'another password')).toBe(false);
    // A stronger setting than today's needs more memory than the default limit: the limit follows the parameters.
    const stronger = await hashPassword('a future password', { N: 2 ** 16, r: 8, p: 1 });
    expect(await verifyPassword('a future password', stronger)).toBe(true);
  });

  it('refuses a malformed stored hash', () => {
    for (const bad of [
      '',
      'bcrypt$10$abc',
      'scrypt$32768$8$1$c2FsdA==',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$1048576$32$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$32768$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$32768$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==',
    ]) {
      expect(() => parsePasswordHash(bad)).toThrow('Not a well-formed scrypt password hash');
    }
  });

  it('refuses a password shorter than 8 or longer than 128 characters', async () => {
    for (const password of ['short12', 'x'.repeat(129), '']) {
      const error = await store.setPassword('dispatcher', password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'ACCOUNT.WEAK_PASSWORD', kind: 'invalid-input' });
    }
    expect(await store.has('dispatcher')).toBe(false);
    // Characters, not bytes: eight Chinese characters are enough, 128 are not too many.
    await store.setPassword('dispatcher', '城运中心派单密码');
    await store.setPassword('supervisor', '督'.repeat(128));
    expect(await store.verify('dispatcher', '城运中心派单密码')).toBe(true);
  });

  it('matches the same password typed in full-width forms (NFKC)', async () => {
    await store.setPassword('handler-market', 'chengyun-demo');
    expect(await store.verify('handler-market', 'ｃｈｅｎｇｙｕｎ－ｄｅｍｏ')).toBe(true);
  });
});
