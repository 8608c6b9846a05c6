import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA_RULES, limitFor } from '#calendar';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/chengyun');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/chengyun/data',
      eventStore: 'sqlite',
      sqliteFile: '/srv/chengyun/data/events.db',
      sqliteSynchronous: 'FULL',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'chengyun',
      demo: false,
      demoPassword: 'chengyun-demo',
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads PORT, DATA_DIR, REDIS_URL with a database number, REDIS_PREFIX and DEMO', () => {
    const config = loadConfig(
      {
        PORT: '3100',
        DATA_DIR: './other',
        REDIS_URL: 'redis://127.0.0.1:6380/4',
        REDIS_PREFIX: 'street-b',
        DEMO: 'true',
        SQLITE_SYNCHRONOUS: 'normal',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 3100,
      dataDir: '/srv/other',
      sqliteFile: '/srv/other/events.db',
      redisUrl: 'redis://127.0.0.1:6380/4',
      redisPrefix: 'street-b',
      demo: true,
      sqliteSynchronous: 'NORMAL',
    });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        REDIS_URL: 'http://x',
        DEMO: 'maybe',
        EVENT_STORE: 'postgres',
        LOG_LEVEL: 'loud',
        REDIS_PREFIX: 'has space',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'REDIS_URL', 'DEMO', 'EVENT_STORE', 'LOG_LEVEL', 'REDIS_PREFIX']) {
      expect(message).toContain(`${name}=`);
    }
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it('requires a connection string for EventStoreDB and checks its scheme', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING: required/,
    );
    expect(() =>
      loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' }),
    ).toThrow(/esdb:\/\//);
    expect(
      loadConfig({
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      }).eventStoreConnectionString,
    ).toBe('esdb://localhost:2113?tls=false');
  });

  it('rejects a Redis database that is not a number', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://localhost:6379/main' })).toThrow(/database number/);
  });

  describe('SLA_FILE and OFFICE_HOURS', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'chengyun-sla-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('uses the built-in limits without a file', () => {
      const config = loadConfig({});
      expect(config.slaRules).toBe(DEFAULT_SLA_RULES);
      expect(config.slaFile).toBeUndefined();
    });

    it('reads a drill file with minute-long limits on top of the defaults', () => {
      const file = join(dir, 'drill.json');
      writeFileSync(file, JSON.stringify({ hotline: { sign: '2m', handle: { '*': '10m' } }, warnAt: 0.5 }));
      const config = loadConfig({ SLA_FILE: file });
      expect(limitFor(config.slaRules, 'hotline.sign', { type: 'complaint', urgency: 'normal' })).toEqual({
        amount: 2,
        unit: 'm',
      });
      expect(limitFor(config.slaRules, 'hotline.firstContact', { type: 'complaint' })).toEqual({
        amount: 1,
        unit: 'wd',
      });
      expect(config.slaRules.warnAt).toBe(0.5);
    });

    it('stops with the path of the bad value in the file', () => {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify({ hotline: { handle: { complaint: '5x' } } }));
      expect(() => loadConfig({ SLA_FILE: file })).toThrow(
        /SLA_FILE=.*bad\.json.*hotline\.handle\.complaint/,
      );
    });

    it('stops when the file is missing or not JSON', () => {
      expect(() => loadConfig({ SLA_FILE: join(dir, 'missing.json') })).toThrow(
        /SLA_FILE=.*missing\.json.*ENOENT/,
      );
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{ hotline: ');
      expect(() => loadConfig({ SLA_FILE: file })).toThrow(/SLA_FILE=.*broken\.json/);
    });

    it('reads office windows and rejects a malformed one', () => {
      expect(loadConfig({ OFFICE_HOURS: '08:30-11:30,13:30-17:00' }).officeHours).not.toBeUndefined();
      expect(() => loadConfig({ OFFICE_HOURS: '8 to 5' })).toThrow(/OFFICE_HOURS="8 to 5"/);
    });
  });
});
