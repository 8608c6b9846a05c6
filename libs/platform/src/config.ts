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

export type EventStoreKind = 'sqlite' | 'eventstoredb' | 'memory';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

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
  readonly logLevel!: LogLevel;
  /** Largest accepted request body in bytes (BODY_LIMIT_BYTES, default 1 MiB). */
  readonly bodyLimitBytes!: number;
  /** How long a graceful shutdown may take before the process exits anyway (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs!: number;
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

  const slaFileName = read.optional('SLA_FILE');
  const slaFile = slaFileName === undefined ? undefined : resolve(cwd, slaFileName);
  let slaRules = DEFAULT_SLA_RULES;
  if (slaFile !== undefined) {
    try {
      slaRules = parseSlaRules(JSON.parse(readFileSync(slaFile, 'utf8')) as unknown);
    } catch (error) {
      // The message of a rule error starts with the JSON path of the bad value.
      read.problems.push(
        `SLA_FILE=${JSON.stringify(slaFile)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
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
    demo: read.boolean('DEMO', false),
    demoPassword: read.string('DEMO_PASSWORD', 'chengyun-demo', /^.{8,128}$/, 'must be 8 to 128 characters'),
    logLevel: read.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    projectionPartitions: read.integer('PROJECTION_PARTITIONS', 1, 1, 64),
    deadlineSweepMs: read.integer('DEADLINE_SWEEP_MS', 60_000, 100, 3_600_000),
    workerDeadlines: read.boolean('WORKER_DEADLINES', true),
    slaRules,
    slaFile,
    officeHours,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(Object.assign(new AppConfig(), config));
}
