import { DEFAULT_HOTLINE_RULES } from '#hotline';
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
      personalDataRetentionDays: 180,
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

  it('checks tokens by default, and turns that off only for tests', () => {
    expect(loadConfig({}, '/srv/chengyun')).toMatchObject({
      authMode: 'token',
      authAccessTtlS: 900,
      authRefreshTtlS: 43_200,
      corsOrigins: [],
    });
    expect(() => loadConfig({ AUTH_MODE: 'off' }, '/srv/chengyun')).toThrow(
      /AUTH_MODE="off": only for tests/,
    );
    expect(loadConfig({ AUTH_MODE: 'off', NODE_ENV: 'test' }, '/srv/chengyun').authMode).toBe('off');
    expect(() => loadConfig({ AUTH_SECRET: 'short' }, '/srv/chengyun')).toThrow(
      /AUTH_SECRET: must be at least 32/,
    );
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example, *' }, '/srv/chengyun')).toThrow(
      /CORS_ORIGINS: "\*"/,
    );
    expect(loadConfig({ CORS_ORIGINS: 'https://console.example' }, '/srv/chengyun').corsOrigins).toEqual([
      'https://console.example',
    ]);
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

  describe('RULES_FILE', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'chengyun-rules-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const withFile = (json: unknown) => {
      const file = join(dir, 'rules.json');
      writeFileSync(file, JSON.stringify(json));
      return loadConfig({ RULES_FILE: file });
    };

    it('uses every gate of 双先联、双回访 without a file', () => {
      expect(loadConfig({}).rules.hotline).toEqual(DEFAULT_HOTLINE_RULES);
    });

    it('turns single gates off and says which callback outcomes conclude, keeping the rest', () => {
      const { hotline } = withFile({
        hotline: { requireBeforeReplyContact: false, concludedCallbackOutcomes: ['reached'] },
      }).rules;
      expect(hotline).toEqual({
        ...DEFAULT_HOTLINE_RULES,
        requireBeforeReplyContact: false,
        concludedCallbackOutcomes: ['reached'],
      });
    });

    it('stops with the JSON path of a bad value, an unknown key or an unknown section', () => {
      expect(() => withFile({ hotline: { requireBeforeReplyContact: 'no' } })).toThrow(
        /RULES_FILE=.*rules\.json.*hotline\.requireBeforeReplyContact: must be true or false/,
      );
      expect(() => withFile({ hotline: { concludedCallbackOutcomes: ['reached', 'maybe'] } })).toThrow(
        /hotline\.concludedCallbackOutcomes\[1\]/,
      );
      expect(() => withFile({ hotline: { requireTwoContacts: true } })).toThrow(
        /hotline\.requireTwoContacts: unknown key/,
      );
      expect(() => withFile({ hotlines: {} })).toThrow(/hotlines: unknown key/);
    });
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

  describe('notifications: NOTIFY_WEBHOOKS_FILE, NOTIFY_QUIET_HOURS, NOTIFY_RETRY_BASE_MS', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'chengyun-notify-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    };
    const duty = {
      id: 'enforcement-duty',
      url: 'https://hooks.example/e',
      secret: 's3cr3t',
      units: ['enforcement'],
    };

    it('has no webhooks, no quiet hours and a 2 s retry base by default; follows WORKER_DEADLINES', () => {
      expect(loadConfig({})).toMatchObject({
        notifyWebhooks: [],
        notifyWebhooksFile: undefined,
        notifyQuietHours: undefined,
        notifyRetryBaseMs: 2000,
        workerNotifications: true,
      });
      expect(loadConfig({ WORKER_DEADLINES: 'false' }).workerNotifications).toBe(false);
      expect(
        loadConfig({ WORKER_DEADLINES: 'false', WORKER_NOTIFICATIONS: 'true' }).workerNotifications,
      ).toBe(true);
    });

    it('reads the webhooks, the quiet hours and the retry base', () => {
      const path = file('hooks.json', [
        duty,
        {
          id: 'supervisors',
          url: 'http://10.0.0.5:8080/alerts',
          secret: 'x',
          roles: ['supervisor'],
          kinds: ['overdue', 'supervision'],
        },
      ]);
      const config = loadConfig({
        NOTIFY_WEBHOOKS_FILE: path,
        NOTIFY_QUIET_HOURS: '22:00-07:00',
        NOTIFY_RETRY_BASE_MS: '50',
      });
      expect(config.notifyWebhooksFile).toBe(path);
      expect(config.notifyWebhooks).toEqual([
        { ...duty, roles: [], kinds: undefined },
        {
          id: 'supervisors',
          url: 'http://10.0.0.5:8080/alerts',
          secret: 'x',
          units: [],
          roles: ['supervisor'],
          kinds: ['overdue', 'supervision'],
        },
      ]);
      expect(Object.isFrozen(config.notifyWebhooks[0])).toBe(true);
      expect(config.notifyQuietHours).toEqual({ start: 22 * 60, end: 7 * 60 });
      expect(config.notifyRetryBaseMs).toBe(50);
    });

    it('stops with the file and the JSON path of the bad value, never showing a secret', () => {
      const cases: [unknown, RegExp][] = [
        ['[{ "id": ', /NOTIFY_WEBHOOKS_FILE=.*case-0\.json.*JSON/],
        [{ id: 'x' }, /case-1\.json.*\$: must be an array/],
        [
          [duty, { url: 'https://h.example', secret: 's', roles: ['supervisor'] }],
          /case-2\.json.*\[1\]\.id: required/,
        ],
        [[{ ...duty, secret: '' }], /case-3\.json.*\[0\]\.secret: required/],
        [[{ ...duty, url: undefined }], /case-4\.json.*\[0\]\.url: required/],
        [
          [duty, { ...duty, secret: 'other' }],
          /case-5\.json.*\[1\]\.id: "enforcement-duty" is used by an earlier/,
        ],
        [[{ ...duty, url: 'ftp://hooks.example/e' }], /case-6\.json.*\[0\]\.url: must be an http/],
        [[{ ...duty, url: 'not a url' }], /case-7\.json.*\[0\]\.url: must be an http/],
        [[{ ...duty, kinds: ['late'] }], /case-8\.json.*\[0\]\.kinds\[0\]: must be one of warning, overdue/],
        [[{ ...duty, roles: ['mayor'] }], /case-9\.json.*\[0\]\.roles\[0\]: must be one of supervisor/],
        [[{ ...duty, units: undefined }], /case-10\.json.*\[0\]: lists no units and no roles/],
        [[{ ...duty, unit: ['x'] }], /case-11\.json.*\[0\]\.unit: unknown field/],
        ['[{ "id": "x", "secret": s3cr3t }]', /case-12\.json.*\$: not valid JSON/],
      ];
      cases.forEach(([content, expected], index) => {
        const path = file(`case-${index}.json`, content);
        let error: unknown;
        try {
          loadConfig({ NOTIFY_WEBHOOKS_FILE: path });
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(expected);
        expect((error as Error).message).not.toContain('s3cr3t');
      });
      expect(() => loadConfig({ NOTIFY_WEBHOOKS_FILE: join(dir, 'missing.json') })).toThrow(
        /NOTIFY_WEBHOOKS_FILE=.*missing\.json.*ENOENT/,
      );
    });

    it('rejects malformed quiet hours and a retry base out of range', () => {
      for (const spec of ['22-07', '24:00-07:00', '22:00-22:00', 'nights']) {
        expect(() => loadConfig({ NOTIFY_QUIET_HOURS: spec })).toThrow(
          `NOTIFY_QUIET_HOURS=${JSON.stringify(spec)}`,
        );
      }
      expect(() => loadConfig({ NOTIFY_RETRY_BASE_MS: '5' })).toThrow(/NOTIFY_RETRY_BASE_MS="5"/);
    });
  });
});
