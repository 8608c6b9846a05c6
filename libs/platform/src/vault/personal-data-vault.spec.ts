import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqlitePersonalDataVault } from './personal-data-vault.js';

const KEY = randomBytes(32);

describe('SqlitePersonalDataVault', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a caller and reads it back after a reopen', async () => {
    const path = join(dir, 'vault.db');
    const vault = new SqlitePersonalDataVault(path, KEY);
    const id = await vault.store({ name: '王先生', phone: '13812341234' });
    await vault.close();
    const reopened = new SqlitePersonalDataVault(path, KEY);
    expect(await reopened.read(id)).toEqual({
      status: 'present',
      data: { name: '王先生', phone: '13812341234' },
    });
    expect(await reopened.read('no-such-subject')).toBeUndefined();
    await reopened.close();
  });

  it('erases a subject so that its data is gone from the vault file and its log, while it stays open', async () => {
    const path = join(dir, 'vault.db');
    const vault = new SqlitePersonalDataVault(path, KEY);
    const kept = await vault.store({ name: '张先生', phone: '13700001111' });
    const id = await vault.store({ name: '李女士', phone: '13955556666' });
    const files = () => [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file));
    await vault.erase(id, new Date('2027-06-01T00:00:00Z'));
    await vault.erase(id, new Date('2027-07-01T00:00:00Z'));
    expect(await vault.read(id)).toEqual({ status: 'erased', erasedAt: '2027-06-01T00:00:00.000Z' });
    for (const bytes of files()) {
      expect(bytes.includes(Buffer.from('13955556666'))).toBe(false);
      expect(bytes.includes(Buffer.from('李女士'))).toBe(false);
    }
    expect(await vault.read(kept)).toEqual({
      status: 'present',
      data: { name: '张先生', phone: '13700001111' },
    });
    await vault.close();
  });

  it('keeps its file 0600 and every name and number encrypted at rest, readable only with its key', async () => {
    const path = join(dir, 'vault.db');
    const vault = new SqlitePersonalDataVault(path, KEY);
    const id = await vault.store({ name: '赵女士', phone: '13611112222' });
    for (const file of [path, `${path}-wal`].filter(existsSync)) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from('13611112222'))).toBe(false);
      expect(bytes.includes(Buffer.from('赵女士'))).toBe(false);
    }
    await vault.close();
    const wrongKey = new SqlitePersonalDataVault(path, randomBytes(32));
    await expect(wrongKey.read(id)).rejects.toThrow();
    await wrongKey.close();
  });

  it('encrypts the plaintext rows of a vault written before encryption when it opens', async () => {
    const path = join(dir, 'vault.db');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE subjects (subject_id TEXT PRIMARY KEY, data TEXT, created_at TEXT NOT NULL, erased_at TEXT)',
    );
    old
      .prepare('INSERT INTO subjects VALUES (?, ?, ?, NULL)')
      .run('old-1', JSON.stringify({ name: '钱先生', phone: '13533334444' }), '2026-01-01T00:00:00Z');
    old.close();
    const vault = new SqlitePersonalDataVault(path, KEY);
    expect(await vault.read('old-1')).toEqual({
      status: 'present',
      data: { name: '钱先生', phone: '13533334444' },
    });
    await vault.close();
    for (const file of [path, `${path}-wal`].filter(existsSync)) {
      expect(readFileSync(file).includes(Buffer.from('13533334444'))).toBe(false);
    }
  });
});
