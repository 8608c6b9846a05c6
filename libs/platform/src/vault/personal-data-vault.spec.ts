import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePersonalDataVault } from './personal-data-vault.js';

describe('SqlitePersonalDataVault', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a caller and reads it back after a reopen', async () => {
    const path = join(dir, 'vault.db');
    const vault = new SqlitePersonalDataVault(path);
    const id = await vault.store({ name: '王先生', phone: '13812341234' });
    await vault.close();
    const reopened = new SqlitePersonalDataVault(path);
    expect(await reopened.read(id)).toEqual({
      status: 'present',
      data: { name: '王先生', phone: '13812341234' },
    });
    expect(await reopened.read('no-such-subject')).toBeUndefined();
    await reopened.close();
  });

  it('erases a subject so that its data is gone from the vault file and its log, while it stays open', async () => {
    const path = join(dir, 'vault.db');
    const vault = new SqlitePersonalDataVault(path);
    const kept = await vault.store({ name: '张先生', phone: '13700001111' });
    const id = await vault.store({ name: '李女士', phone: '13955556666' });
    const files = () => [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file));
    expect(files().some((bytes) => bytes.includes(Buffer.from('13955556666')))).toBe(true);
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
});
