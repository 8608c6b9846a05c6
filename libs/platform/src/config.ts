import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SLA_RULES,
  type OfficeHours,
  parseOfficeHours,
  parseSlaRules,
  type SlaRules,
} from '#calendar';
import { DEFAULT_RULES, parseRulesFile, type RulesConfig } from './rules-file.js';

export type EventStoreKind = 'sqlite' | 'eventstoredb' | 'memory';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The kinds of deadline alerts (as GET /alerts names them), which a webhook may filter on. */
export const NOTIFY_ALERT_KINDS = ['warning', 'overdue', 'supervision', 'repeated', 'units'] as const;
export type NotifyAlertKind = (typeof NOTIFY_ALERT_KINDS)[number];
/** The roles a webhook may stand for: a supervisor's webhook receives every alert. */
export const NOTIFY_ROLES = ['supervisor'] as const;
export type NotifyRole = (typeof NOTIFY_ROLES)[number];

/** One receiver of deadline alerts, from NOTIFY_WEBHOOKS_FILE. */
export interface NotifyWebhook {
  /** Unique; part of the delivery's job id (letters, digits, _ . -). */
  readonly id: string;
  /** An http:// or https:// URL that receives the POSTs. */
  readonly url: string;
  /** The HMAC-SHA256 key of the `x-chengyun-signature` header. */
  readonly secret: string;
  /** The alerts of these units (by the alert's unitId). */
  readonly units: readonly string[];
  /** `supervisor`: every alert. */
  readonly roles: readonly NotifyRole[];
  /** Only these kinds of alerts, when given. */
  readonly kinds: readonly NotifyAlertKind[] | undefined;
}

/**
 * A daily quiet period in Asia/Shanghai, minutes after midnight: from `start` (included) to `end` (excluded),
 * across midnight when `end` is not after `start` (`22:00-07:00`).
 */
export interface QuietHours {
  readonly start: number;
  readonly end: number;
}

/**
 * The whole configuration, read once at boot from the environment and validated.
 * Nothing else reads `process.env`: inject this class.
 */
export class AppConfig {
  /** HTTP port of the API (PORT, default 3000). */
  readonly port!: number;
  /** Interface the API listens on (HOST, default 127.0.0.1; containers set 0.0.0.0). */
  readonly host!: string;
  /** Directory of the embedded store's files (DATA_DIR, default ./data), absolute. */
  readonly dataDir!: string;
  readonly eventStore!: EventStoreKind;
  /** SQLite file (SQLITE_FILE, default DATA_DIR/events.db). */
  readonly sqliteFile!: string;
  readonly sqliteSynchronous!: 'FULL' | 'NORMAL' | 'EXTRA';
  readonly eventStoreConnectionString!: string | undefined;
  /** Redis URL; a database number in its path is respected (REDIS_URL, default redis://127.0.0.1:6379). */
  readonly redisUrl!: string;
  /** Prefix of every Redis key, so two instances can share one Redis (REDIS_PREFIX, default chengyun). */
  readonly redisPrefix!: string;
  /** Seed demo data and accounts (DEMO, default false; `npm start` turns it on unless DEMO=false). */
  readonly demo!: boolean;
  readonly demoPassword!: string;
  /**
   * With `demo`: write three weeks of simulated tickets and findings ending now into a log without tickets
   * (DEMO_CASES, default false; `npm start` follows DEMO).
   */
  readonly demoCases!: boolean;
  readonly logLevel!: LogLevel;
  /**
   * Days a caller's personal data is kept after the ticket ended (closed or returned upstream) before it may be
   * erased (PERSONAL_DATA_RETENTION_DAYS, default 180: past the platform's callback and recheck windows).
   */
  readonly personalDataRetentionDays!: number;
  /** Largest accepted request body in bytes (BODY_LIMIT_BYTES, default 1 MiB). */
  readonly bodyLimitBytes!: number;
  /** How long a graceful shutdown may take before the process exits anyway (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs!: number;
  /** The street's rule set: the built-in defaults, or the JSON file named by RULES_FILE on top of them. */
  readonly rules!: RulesConfig;
  /** The rules file, absolute (RULES_FILE), when one was given. */
  readonly rulesFile!: string | undefined;
  /** Time limits per stage: the built-in defaults, or the JSON file named by SLA_FILE on top of them. */
  readonly slaRules!: SlaRules;
  /** The SLA file the rules came from, if any (absolute). */
  readonly slaFile!: string | undefined;
  /** How many partitions each projection has (PROJECTION_PARTITIONS, default 1); workers share them. */
  readonly projectionPartitions!: number;
  /** Office windows for working-hour limits (OFFICE_HOURS, default "09:00-12:00,13:00-17:30"). */
  readonly officeHours!: OfficeHours;
  /** How often the deadline sweep re-fires missed alerts (DEADLINE_SWEEP_MS, default 60000). */
  readonly deadlineSweepMs!: number;
  /** Whether this worker runs the deadline timers and sweep (WORKER_DEADLINES, default true; false: projections only). */
  readonly workerDeadlines!: boolean;
  /**
   * Whether this worker runs the notifications reactor (WORKER_NOTIFICATIONS; default: as WORKER_DEADLINES, so a
   * projections-only worker sends no notifications). It runs only when webhooks are configured.
   */
  readonly workerNotifications!: boolean;
  /** The webhooks that receive deadline alerts (from NOTIFY_WEBHOOKS_FILE; none without it). */
  readonly notifyWebhooks!: readonly NotifyWebhook[];
  /** The webhooks file, if any (absolute). */
  readonly notifyWebhooksFile!: string | undefined;
  /** When warnings are held back until the end of the period (NOTIFY_QUIET_HOURS, e.g. 22:00-07:00; default none). */
  readonly notifyQuietHours!: QuietHours | undefined;
  /** First retry delay of a failed delivery, doubled on every retry (NOTIFY_RETRY_BASE_MS, default 2000). */
  readonly notifyRetryBaseMs!: number;
  /**
   * AUTH_MODE: `token` (default: every endpoint but the public ones needs a bearer token and one of its roles) or
   * `off` (the caller is whoever `X-Actor-Id`/`X-Actor-Role` say, nothing is checked), accepted only when
   * NODE_ENV=test, for the tests of everything but security.
   */
  readonly authMode!: 'token' | 'off';
  /** The HMAC key of the tokens this API issues (AUTH_SECRET, 32+ characters); generated into DATA_DIR when absent. */
  readonly authSecret!: string | undefined;
  /** Lifetime of an access token in seconds (AUTH_ACCESS_TTL_S, default 900). */
  readonly authAccessTtlS!: number;
  /** Lifetime of a refresh token in seconds (AUTH_REFRESH_TTL_S, default 43200: a working day and a half). */
  readonly authRefreshTtlS!: number;
  /** An external identity provider's key set (AUTH_JWKS_URL) whose tokens are accepted too, with its issuer and audience. */
  readonly authJwksUrl!: string | undefined;
  readonly authJwksIssuer!: string | undefined;
  readonly authJwksAudience!: string | undefined;
  /**
   * Failed logins of an account before each further attempt waits a doubling delay, and (×5) of an address in 15
   * minutes before it is refused (AUTH_LOGIN_LIMIT, default 10).
   */
  readonly authLoginLimit!: number;
  /**
   * Addresses (IPs or CIDR ranges) of the reverse proxies in front of the API (TRUSTED_PROXIES, comma-separated;
   * default none). Only a connection from one of them may name the client's address in X-Forwarded-For, which the
   * per-address login limit counts.
   */
  readonly trustedProxies!: readonly string[];
  /** A session (a login and every refresh after it) ends this many hours after the login (SESSION_MAX_HOURS, default 12). */
  readonly sessionMaxHours!: number;
  /** Algorithms accepted from the identity provider (AUTH_JWKS_ALGORITHMS, default RS256,ES256; asymmetric only). */
  readonly authJwksAlgorithms!: readonly string[];
  /**
   * Key of the personal-data vault's encryption at rest (VAULT_KEY: 32 bytes as 64 hex digits or base64). Required
   * with NODE_ENV=production outside demo mode; otherwise generated into DATA_DIR/vault-key (0600) when absent.
   */
  readonly vaultKey!: string | undefined;
  /** How long a request may take to arrive, headers and body (REQUEST_TIMEOUT_MS, default 30000); then 408. */
  readonly requestTimeoutMs!: number;
  /** Live streams (GET /stream) one account may hold open at once (SSE_MAX_PER_ACCOUNT, default 5). */
  readonly sseMaxPerAccount!: number;
  /** Bytes of photos one account may upload per day (PHOTO_QUOTA_BYTES, default 200 MB). */
  readonly photoQuotaBytes!: number;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated; default none: CORS off). */
  readonly corsOrigins!: readonly string[];
  /** Outside demo mode: the password of the first `admin`, created at boot when no admin exists. */
  readonly bootstrapAdminPassword!: string | undefined;
}

/** A bad configuration value; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string, fallback: string, pattern?: RegExp, hint?: string): string {
    const value = this.raw(name) ?? fallback;
    if (pattern && !pattern.test(value))
      this.problems.push(`${name}=${JSON.stringify(value)}: ${hint ?? `must match ${String(pattern)}`}`);
    return value;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)}: must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const match = choices.find((choice) => choice.toLowerCase() === raw.toLowerCase());
    if (match === undefined)
      this.problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${choices.join(', ')}`);
    return match ?? fallback;
  }

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }
}

function checkRedisUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (!['redis:', 'rediss:'].includes(parsed.protocol)) return 'must start with redis:// or rediss://';
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) return 'the path must be a database number, as in redis://host:6379/2';
  return undefined;
}

const WEBHOOK_FIELDS = new Set(['id', 'url', 'secret', 'units', 'roles', 'kinds']);

/**
 * Checks the content of a webhooks file (parsed JSON): an array of `{id, url, secret, units?, roles?, kinds?}`.
 * Throws an Error whose message starts with the JSON path of the bad value (`[2].url: …`).
 */
export function parseNotifyWebhooks(value: unknown): NotifyWebhook[] {
  if (!Array.isArray(value)) throw new Error('$: must be an array of webhooks');
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const at = `[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new Error(`${at}: must be an object with id, url and secret`);
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).find((key) => !WEBHOOK_FIELDS.has(key));
    if (unknown !== undefined)
      throw new Error(`${at}.${unknown}: unknown field (id, url, secret, units, roles, kinds)`);
    const text = (name: string): string => {
      const field = fields[name];
      if (typeof field !== 'string' || field.trim() === '')
        throw new Error(`${at}.${name}: required, a non-empty string`);
      return field;
    };
    const id = text('id');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id))
      throw new Error(`${at}.id: letters, digits, _ . - (at most 64), not ${JSON.stringify(id)}`);
    if (seen.has(id)) throw new Error(`${at}.id: ${JSON.stringify(id)} is used by an earlier webhook`);
    seen.add(id);
    const url = text('url');
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
      throw new Error(`${at}.url: must be an http:// or https:// URL`);
    const secret = text('secret');
    const list = <T extends string>(name: string, choices?: readonly T[]): T[] | undefined => {
      const field = fields[name];
      if (field === undefined) return undefined;
      if (!Array.isArray(field)) throw new Error(`${at}.${name}: must be an array of strings`);
      return field.map((item: unknown, i) => {
        if (typeof item !== 'string' || item === '')
          throw new Error(`${at}.${name}[${i}]: must be a non-empty string`);
        if (choices && !choices.includes(item as T))
          throw new Error(`${at}.${name}[${i}]: must be one of ${choices.join(', ')}`);
        return item as T;
      });
    };
    const units = list<string>('units') ?? [];
    const roles = list('roles', NOTIFY_ROLES) ?? [];
    const kinds = list('kinds', NOTIFY_ALERT_KINDS);
    if (units.length === 0 && roles.length === 0)
      throw new Error(`${at}: lists no units and no roles, so it would receive nothing`);
    return Object.freeze({
      id,
      url,
      secret,
      units: Object.freeze(units),
      roles: Object.freeze(roles),
      kinds: kinds && Object.freeze(kinds),
    });
  });
}

/**
 * Reads a JSON file whose syntax errors must not quote it (V8's messages show a piece of the text, which here may
 * be a secret): `$: not valid JSON (at position 29)`.
 */
function readJsonQuietly(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = /at position \d+/.exec(error instanceof Error ? error.message : '')?.[0];
    throw new Error(`$: not valid JSON${where ? ` (${where})` : ''}`, { cause: error });
  }
}

/** Reads `HH:MM-HH:MM` (Asia/Shanghai); throws when malformed or empty. */
export function parseQuietHours(spec: string): QuietHours {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/.exec(spec.trim());
  if (!match) throw new Error('must be HH:MM-HH:MM, as in 22:00-07:00');
  const [, startH, startM, endH, endM] = match.map(Number) as [number, number, number, number, number];
  const start = startH * 60 + startM;
  const end = endH * 60 + endM;
  if (start === end) throw new Error('the period is empty: start and end are the same');
  return { start, end };
}

/**
 * A JSON file named by a variable, parsed (or the default without one), with the file's absolute path. A parse
 * error's message starts with the JSON path of the bad value; it is reported with the variable.
 */
function jsonFileSetting<T>(
  read: Reader,
  cwd: string,
  name: string,
  parse: (json: unknown) => T,
  fallback: T,
): [T, string | undefined] {
  const fileName = read.optional(name);
  if (fileName === undefined) return [fallback, undefined];
  const file = resolve(cwd, fileName);
  try {
    return [parse(JSON.parse(readFileSync(file, 'utf8')) as unknown), file];
  } catch (error) {
    read.problems.push(
      `${name}=${JSON.stringify(file)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [fallback, file];
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const read = new Reader(env);
  const dataDir = resolve(cwd, read.string('DATA_DIR', './data'));
  const eventStore = read.oneOf<EventStoreKind>(
    'EVENT_STORE',
    ['sqlite', 'eventstoredb', 'memory'],
    'sqlite',
  );
  const eventStoreConnectionString = read.optional('EVENTSTORE_CONNECTION_STRING');
  if (eventStore === 'eventstoredb' && eventStoreConnectionString === undefined) {
    read.problems.push('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb');
  }
  if (
    eventStoreConnectionString !== undefined &&
    !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(eventStoreConnectionString)
  ) {
    read.problems.push('EVENTSTORE_CONNECTION_STRING: must start with esdb:// or esdb+discover://');
  }
  const redisUrl = read.string('REDIS_URL', 'redis://127.0.0.1:6379');
  const redisProblem = checkRedisUrl(redisUrl);
  if (redisProblem) read.problems.push(`REDIS_URL=${JSON.stringify(redisUrl)}: ${redisProblem}`);

  const [slaRules, slaFile] = jsonFileSetting(read, cwd, 'SLA_FILE', parseSlaRules, DEFAULT_SLA_RULES);
  const [rules, rulesFile] = jsonFileSetting(read, cwd, 'RULES_FILE', parseRulesFile, DEFAULT_RULES);

  let officeHours = DEFAULT_OFFICE_HOURS;
  const officeHoursSpec = read.optional('OFFICE_HOURS');
  if (officeHoursSpec !== undefined) {
    try {
      officeHours = parseOfficeHours(officeHoursSpec);
    } catch (error) {
      read.problems.push(
        `OFFICE_HOURS=${JSON.stringify(officeHoursSpec)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  const notifyWebhooksFileName = read.optional('NOTIFY_WEBHOOKS_FILE');
  const notifyWebhooksFile =
    notifyWebhooksFileName === undefined ? undefined : resolve(cwd, notifyWebhooksFileName);
  let notifyWebhooks: readonly NotifyWebhook[] = [];
  if (notifyWebhooksFile !== undefined) {
    try {
      notifyWebhooks = Object.freeze(parseNotifyWebhooks(readJsonQuietly(notifyWebhooksFile)));
    } catch (error) {
      // The message of a webhook error starts with the JSON path of the bad value; the secrets are never shown.
      read.problems.push(
        `NOTIFY_WEBHOOKS_FILE=${JSON.stringify(notifyWebhooksFile)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  let notifyQuietHours: QuietHours | undefined;
  const quietHoursSpec = read.optional('NOTIFY_QUIET_HOURS');
  if (quietHoursSpec !== undefined) {
    try {
      notifyQuietHours = parseQuietHours(quietHoursSpec);
    } catch (error) {
      read.problems.push(
        `NOTIFY_QUIET_HOURS=${JSON.stringify(quietHoursSpec)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const workerDeadlines = read.boolean('WORKER_DEADLINES', true);
  const authMode = read.oneOf<'token' | 'off'>('AUTH_MODE', ['token', 'off'], 'token');
  if (authMode === 'off' && env.NODE_ENV !== 'test') {
    read.problems.push(
      'AUTH_MODE="off": only for tests (NODE_ENV=test); a running office always checks tokens',
    );
  }
  const authSecret = read.optional('AUTH_SECRET');
  if (authSecret !== undefined && authSecret.length < 32) {
    read.problems.push('AUTH_SECRET: must be at least 32 characters');
  }
  const authJwksUrl = read.optional('AUTH_JWKS_URL');
  if (authJwksUrl !== undefined && !/^https?:\/\/\S+$/.test(authJwksUrl)) {
    read.problems.push(`AUTH_JWKS_URL=${JSON.stringify(authJwksUrl)}: must be an http(s) URL`);
  }
  const testing = env.NODE_ENV === 'test';
  const authJwksIssuer = read.optional('AUTH_JWKS_ISSUER');
  const authJwksAudience = read.optional('AUTH_JWKS_AUDIENCE');
  if (authJwksUrl !== undefined) {
    let jwksUrl: URL | undefined;
    try {
      jwksUrl = new URL(authJwksUrl);
    } catch {
      jwksUrl = undefined;
    }
    const loopback = jwksUrl !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(jwksUrl.hostname);
    if (jwksUrl && jwksUrl.protocol !== 'https:' && !(testing && loopback)) {
      read.problems.push(
        `AUTH_JWKS_URL=${JSON.stringify(authJwksUrl)}: must be an https:// URL (http only to a loopback address in tests)`,
      );
    }
    if (authJwksIssuer === undefined)
      read.problems.push('AUTH_JWKS_ISSUER: required with AUTH_JWKS_URL (the issuer its tokens must name)');
    if (authJwksAudience === undefined)
      read.problems.push(
        'AUTH_JWKS_AUDIENCE: required with AUTH_JWKS_URL (the audience its tokens must name)',
      );
  }
  const authJwksAlgorithms = (read.optional('AUTH_JWKS_ALGORITHMS') ?? 'RS256,ES256')
    .split(',')
    .map((alg) => alg.trim())
    .filter((alg) => alg !== '');
  for (const alg of authJwksAlgorithms) {
    if (!/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(alg)) {
      read.problems.push(`AUTH_JWKS_ALGORITHMS: ${JSON.stringify(alg)} is not an asymmetric JWS algorithm`);
    }
  }
  const trustedProxies = (read.optional('TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((proxy) => proxy.trim())
    .filter((proxy) => proxy !== '');
  for (const proxy of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(proxy)) {
      read.problems.push(`TRUSTED_PROXIES: ${JSON.stringify(proxy)} must be an IP address or a CIDR range`);
    }
  }
  const demo = read.boolean('DEMO', false);
  const vaultKey = read.optional('VAULT_KEY');
  if (
    vaultKey !== undefined &&
    !/^[0-9a-fA-F]{64}$/.test(vaultKey) &&
    Buffer.from(vaultKey, 'base64').length !== 32
  ) {
    read.problems.push('VAULT_KEY: must be 32 bytes, as 64 hex digits or in base64');
  }
  if (vaultKey === undefined && !demo && env.NODE_ENV === 'production') {
    read.problems.push(
      'VAULT_KEY: required in production outside demo mode (32 random bytes, e.g. `openssl rand -hex 32`); it encrypts the personal-data vault',
    );
  }
  const corsOrigins = (read.optional('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problems.push(
        `CORS_ORIGINS: ${JSON.stringify(origin)} must be an origin such as https://console.example`,
      );
    }
  }

  const config: AppConfig = {
    port: read.integer('PORT', 3000, 0, 65535),
    host: read.string('HOST', '127.0.0.1', /^[\w.:-]+$/, 'must be a host name or an IP address'),
    dataDir,
    eventStore,
    sqliteFile: resolve(dataDir, read.string('SQLITE_FILE', 'events.db')),
    sqliteSynchronous: read.oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL', 'EXTRA'], 'FULL'),
    eventStoreConnectionString,
    redisUrl,
    redisPrefix: read.string(
      'REDIS_PREFIX',
      'chengyun',
      /^[A-Za-z0-9_.-]{1,64}$/,
      'letters, digits, _ . - (at most 64)',
    ),
    demo,
    demoCases: read.boolean('DEMO_CASES', false),
    demoPassword: read.string('DEMO_PASSWORD', 'chengyun-demo', /^.{8,128}$/, 'must be 8 to 128 characters'),
    logLevel: read.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    personalDataRetentionDays: read.integer('PERSONAL_DATA_RETENTION_DAYS', 180, 0, 3650),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    projectionPartitions: read.integer('PROJECTION_PARTITIONS', 1, 1, 64),
    deadlineSweepMs: read.integer('DEADLINE_SWEEP_MS', 60_000, 100, 3_600_000),
    workerDeadlines,
    workerNotifications: read.boolean('WORKER_NOTIFICATIONS', workerDeadlines),
    notifyWebhooks,
    notifyWebhooksFile,
    notifyQuietHours,
    notifyRetryBaseMs: read.integer('NOTIFY_RETRY_BASE_MS', 2000, 10, 600_000),
    authMode,
    authSecret,
    authAccessTtlS: read.integer('AUTH_ACCESS_TTL_S', 900, 30, 86_400),
    authRefreshTtlS: read.integer('AUTH_REFRESH_TTL_S', 43_200, 60, 30 * 86_400),
    authJwksUrl,
    authJwksIssuer,
    authJwksAudience,
    authJwksAlgorithms,
    trustedProxies,
    sessionMaxHours: read.integer('SESSION_MAX_HOURS', 12, 1, 24 * 30),
    vaultKey,
    requestTimeoutMs: read.integer('REQUEST_TIMEOUT_MS', 30_000, 500, 600_000),
    sseMaxPerAccount: read.integer('SSE_MAX_PER_ACCOUNT', 5, 1, 1000),
    photoQuotaBytes: read.integer('PHOTO_QUOTA_BYTES', 200 * 1024 * 1024, 0, 1024 ** 4),
    authLoginLimit: read.integer('AUTH_LOGIN_LIMIT', 10, 1, 10_000),
    corsOrigins,
    bootstrapAdminPassword: read.optional('BOOTSTRAP_ADMIN_PASSWORD'),
    slaRules,
    slaFile,
    rules,
    rulesFile,
    officeHours,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(Object.assign(new AppConfig(), config));
}
