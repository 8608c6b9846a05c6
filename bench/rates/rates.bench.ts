/**
 * Rates query benchmark: GET /api/v1/stats/hotline over a year grouped by unit, for 1,000,000 tickets (100,000
 * quick), beside the same counts computed by SQL `GROUP BY unit_id` over a table of those tickets in PostgreSQL and
 * in SQLite, measured in the same run; the answers are compared count for count.
 *
 *   npm run bench -- --only rates [--quick]
 *   node --conditions=chengyun-source --import tsx bench/rates/rates.bench.ts [--quick]
 *
 * The tickets are synthetic and written directly, not run through the API: every ticket gets a unit, a day of the
 * year and its facts (returned, first contact on time, replied on time, replied, the reply's result, rated and how,
 * reopened, extended), drawn with fixed odds from a seeded generator. The same facts go (1) as HINCRBY into the
 * `hotline-rates` day and month bucket hashes of the unit dimension that the API reads, under the API's Redis
 * prefix, and (2) as one row per ticket into `tickets` tables in PostgreSQL (own schema, dropped at the end) and
 * SQLite (temp file), indexed on (received_day, unit_id). Simplification: all of a ticket's counts fall on its
 * received day (in the projection, due counts fall on the due day); this lets one range predicate select the rows,
 * which only helps SQL.
 *
 * The API is the compiled app as a child process (no worker: nothing else writes the buckets); the query goes over
 * HTTP on a keep-alive connection, one at a time. SQL runs through `pg` (prepared) and better-sqlite3 (prepared).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import {
  bucketField,
  bucketHashes,
  bucketReads,
  daysBetween,
  hotlineRatesProjection,
  parseBucketField,
  RedisProjectionStore,
} from '#read-models';
import { demoStreetDirectory } from '#simulator';
import { Redis } from 'ioredis';
import pg from 'pg';
import { appBuild } from '../support/app-build.js';
import { onCleanup, runMain } from '../support/cleanup.js';
import { HttpClient } from '../support/http-load.js';
import { freePort } from '../support/processes.js';
import {
  cell,
  emit,
  type FlatResult,
  latencies,
  type LatencySummary,
  logger,
  machine,
  MODE,
  QUICK,
  ratio,
  round,
  table,
  verdict,
} from '../support/report.js';
import { dropPrefix, REDIS_URL, serviceEnv, startApi, uniquePrefix } from '../support/services.js';

const log = logger('rates');

const SIZES = QUICK
  ? { tickets: 100_000, apiWarmup: 50, apiQueries: 300, sqlWarmup: 2, sqlQueries: 15 }
  : { tickets: 1_000_000, apiWarmup: 100, apiQueries: 2000, sqlWarmup: 3, sqlQueries: 30 };
const TARGET_P99_MS = 5;
const TARGET_SPEEDUP = 100;

/** A year that is not aligned on months, so the API reads day buckets at both ends and 11 month buckets. */
const FROM = '2025-03-16';
const TO = '2026-03-15';
const DAY_MS = 86_400_000;

/** The counts compared (HOTLINE_COUNTS with a unit: received and signed have none, overdue is not simulated). */
const COUNTS = [
  'dispatched',
  'returned',
  'firstContactDue',
  'firstContactOnTime',
  'replyDue',
  'repliedOnTime',
  'replied',
  'resolved',
  'explained',
  'unresolved',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'reopened',
  'extended',
] as const;
type Count = (typeof COUNTS)[number];

/** The per-ticket flag columns (a count that is 1 for every ticket, as dispatched, is `count(*)`). */
const FLAGS = [
  'returned',
  'firstContactOnTime',
  'repliedOnTime',
  'replied',
  'resolved',
  'explained',
  'unresolved',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'reopened',
  'extended',
] as const satisfies readonly Count[];
type Flag = (typeof FLAGS)[number];
const EVERY_TICKET: readonly Count[] = ['dispatched', 'firstContactDue', 'replyDue'];

const column = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const SQL_QUERY = (placeholder: (i: number) => string) =>
  `SELECT unit_id, ${[
    ...EVERY_TICKET.map((count) => `count(*) AS ${column(count)}`),
    ...FLAGS.map((flag) => `sum(${column(flag)}) AS ${column(flag)}`),
  ].join(', ')}
   FROM tickets WHERE received_day BETWEEN ${placeholder(1)} AND ${placeholder(2)}
   GROUP BY unit_id ORDER BY unit_id`;

/** Tickets as columns: unit index, day index (0 = FROM), and one byte per flag. */
interface Tickets {
  readonly count: number;
  readonly units: readonly string[];
  readonly days: readonly string[];
  readonly unit: Uint8Array;
  readonly day: Uint16Array;
  readonly flags: Record<Flag, Uint8Array>;
}

/**
 * What-if, not the API's code: the same bucket hashes summed inside Redis, answering one `<value>|<count>`, sum
 * pair per unit and count (about 200) instead of every field of every hash (about 8,000).
 */
const SUM_LUA = `
local sums, order = {}, {}
for i = 1, #KEYS do
  local flat = redis.call('HGETALL', KEYS[i])
  for j = 1, #flat, 2 do
    local field, value = flat[j], tonumber(flat[j + 1])
    if sums[field] == nil then
      sums[field] = value
      order[#order + 1] = field
    else
      sums[field] = sums[field] + value
    end
  end
end
local out = {}
for _, field in ipairs(order) do
  out[#out + 1] = field
  out[#out + 1] = tostring(sums[field])
end
return out
`;

/** mulberry32: a small seeded generator, so every run has the same tickets. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function makeTickets(count: number): Tickets {
  const random = generator(2026);
  const units = demoStreetDirectory().units.map((unit) => unit.unitId);
  const start = Date.parse(`${FROM}T00:00:00Z`);
  const dayCount = Math.round((Date.parse(`${TO}T00:00:00Z`) - start) / DAY_MS) + 1;
  const days = Array.from({ length: dayCount }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
  // Units are skewed, as the categories are: the first units get most of the tickets.
  const weights = units.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let sum = 0;
  const cumulative = weights.map((w) => (sum += w / total));
  const flags = Object.fromEntries(FLAGS.map((flag) => [flag, new Uint8Array(count)])) as Record<
    Flag,
    Uint8Array
  >;
  const unit = new Uint8Array(count);
  const day = new Uint16Array(count);
  const set = (flag: Flag, i: number, on: boolean) => {
    if (on) flags[flag][i] = 1;
  };
  for (let i = 0; i < count; i += 1) {
    const u = random();
    const index = cumulative.findIndex((c) => u < c);
    unit[i] = index === -1 ? units.length - 1 : index;
    day[i] = Math.floor(random() * dayCount);
    set('returned', i, random() < 0.05);
    set('firstContactOnTime', i, random() < 0.9);
    set('repliedOnTime', i, random() < 0.88);
    const replied = random() < 0.96;
    set('replied', i, replied);
    if (replied) {
      const result = random();
      set(result < 0.7 ? 'resolved' : result < 0.95 ? 'explained' : 'unresolved', i, true);
      const rated = random() < 0.9;
      set('rated', i, rated);
      if (rated) {
        const satisfaction = random();
        set(
          satisfaction < 0.8 ? 'satisfied' : satisfaction < 0.92 ? 'basicallySatisfied' : 'dissatisfied',
          i,
          true,
        );
      }
      set('reopened', i, random() < 0.04);
    }
    set('extended', i, random() < 0.05);
  }
  return { count, units, days, unit, day, flags };
}

type UnitCounts = Map<string, Record<Count, number>>;

/** The bucket hashes of the unit dimension: HINCRBY of each (day and month) hash field, summed per field first. */
async function writeBuckets(
  redis: Redis,
  prefix: string,
  tickets: Tickets,
): Promise<{ keys: number; fields: number }> {
  // Per (day, unit, count) first, in a typed array: a million tickets make ~30 million increments.
  const [units, counts] = [tickets.units.length, COUNTS.length];
  const perDay = new Int32Array(tickets.days.length * units * counts);
  const countIndex = new Map<Count, number>(COUNTS.map((count, i) => [count, i]));
  const everyTicket = EVERY_TICKET.map((count) => countIndex.get(count) as number);
  const flagIndex = FLAGS.map((flag) => countIndex.get(flag) as number);
  for (let i = 0; i < tickets.count; i += 1) {
    const at = ((tickets.day[i] as number) * units + (tickets.unit[i] as number)) * counts;
    const bump = (c: number) => (perDay[at + c] = (perDay[at + c] ?? 0) + 1);
    for (const c of everyTicket) bump(c);
    FLAGS.forEach((flag, f) => {
      if (tickets.flags[flag][i] === 1) bump(flagIndex[f] as number);
    });
  }
  // Then the fields of the day and month hashes (bucketHashes), as the projection's HINCRBYs leave them.
  const sums = new Map<string, number>();
  tickets.days.forEach((day, d) => {
    tickets.units.forEach((unitId, u) => {
      COUNTS.forEach((count, c) => {
        const by = perDay[(d * units + u) * counts + c] as number;
        if (by === 0) return;
        for (const hash of bucketHashes(day, 'unit')) {
          const key = `${hash}\u0000${bucketField(unitId, count)}`;
          sums.set(key, (sums.get(key) ?? 0) + by);
        }
      });
    });
  });
  const store = new RedisProjectionStore(redis, prefix);
  const base = store.base(hotlineRatesProjection, 0);
  const keys = new Set<string>();
  let pipeline = redis.pipeline();
  let queued = 0;
  for (const [key, by] of sums) {
    const [hash, field] = key.split('\u0000') as [string, string];
    keys.add(hash);
    pipeline.hincrby(`${base}ctr:${hash}`, field, by);
    queued += 1;
    if (queued % 10_000 === 0) {
      await pipeline.exec();
      pipeline = redis.pipeline();
    }
  }
  await pipeline.exec();
  // A complete read model, as the worker leaves it after a rebuild.
  await store.markBuilt(hotlineRatesProjection, 0);
  return { keys: keys.size, fields: sums.size };
}

/** What each unit should count: the facts summed in memory (the third opinion when API and SQL disagree). */
function expectedCounts(tickets: Tickets): UnitCounts {
  const result: UnitCounts = new Map();
  for (let i = 0; i < tickets.count; i += 1) {
    const unitId = tickets.units[tickets.unit[i] as number] as string;
    let counts = result.get(unitId);
    if (!counts) {
      counts = Object.fromEntries(COUNTS.map((count) => [count, 0])) as Record<Count, number>;
      result.set(unitId, counts);
    }
    for (const count of EVERY_TICKET) counts[count] += 1;
    for (const flag of FLAGS) counts[flag] += tickets.flags[flag][i] as number;
  }
  return result;
}

function rowsToCounts(rows: readonly Record<string, unknown>[]): UnitCounts {
  return new Map(
    rows.map((row) => [
      String(row.unit_id),
      Object.fromEntries(COUNTS.map((count) => [count, Number(row[column(count)])])) as Record<Count, number>,
    ]),
  );
}

/** Sums keyed by unit and count name (as the in-process reads make them) as UnitCounts. */
function sumsToCounts(sums: ReadonlyMap<string, Readonly<Record<string, number>>>): UnitCounts {
  return new Map(
    [...sums].map(([unitId, counts]) => [
      unitId,
      Object.fromEntries(COUNTS.map((count) => [count, counts[count] ?? 0])) as Record<Count, number>,
    ]),
  );
}

/** Differences between two answers, as text (empty when they agree on every unit and count). */
function differences(a: UnitCounts, b: UnitCounts): string[] {
  const out: string[] = [];
  for (const unit of new Set([...a.keys(), ...b.keys()])) {
    for (const count of COUNTS) {
      const [x, y] = [a.get(unit)?.[count] ?? 0, b.get(unit)?.[count] ?? 0];
      if (x !== y) out.push(`${unit}.${count}: ${x} vs ${y}`);
    }
  }
  return out;
}

async function timed<T>(
  warmup: number,
  runs: number,
  query: () => Promise<T>,
): Promise<{ times: number[]; last: T }> {
  let last = await query();
  for (let i = 1; i < warmup; i += 1) last = await query();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    last = await query();
    times.push(performance.now() - start);
  }
  return { times, last };
}

async function connectPostgres(): Promise<pg.Client> {
  let lastError: unknown;
  for (const database of ['test', 'postgres']) {
    const client = new pg.Client({
      host: process.env.PGHOST ?? '127.0.0.1',
      port: Number(process.env.PGPORT ?? 5432),
      user: process.env.PGUSER ?? 'postgres',
      database,
    });
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL: cannot connect to database test or postgres: ${String(lastError)}`);
}

async function loadPostgres(client: pg.Client, schema: string, tickets: Tickets): Promise<string> {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  await client.query(
    `CREATE TABLE tickets (id integer PRIMARY KEY, unit_id text NOT NULL, received_day date NOT NULL, ${FLAGS.map(
      (flag) => `${column(flag)} smallint NOT NULL`,
    ).join(', ')})`,
  );
  const chunk = 50_000;
  const types = ['integer', 'text', 'date', ...FLAGS.map(() => 'smallint')];
  const insert = `INSERT INTO tickets (id, unit_id, received_day, ${FLAGS.map(column).join(', ')})
    SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`;
  for (let start = 0; start < tickets.count; start += chunk) {
    const end = Math.min(tickets.count, start + chunk);
    const ids = Array.from({ length: end - start }, (_, i) => start + i);
    await client.query(insert, [
      ids,
      ids.map((i) => tickets.units[tickets.unit[i] as number]),
      ids.map((i) => tickets.days[tickets.day[i] as number]),
      ...FLAGS.map((flag) => Array.from(tickets.flags[flag].subarray(start, end))),
    ]);
  }
  await client.query('CREATE INDEX tickets_day_unit ON tickets (received_day, unit_id)');
  await client.query('VACUUM ANALYZE tickets');
  const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${SQL_QUERY((i) => `$${i}`)}`, [
    FROM,
    TO,
  ]);
  return plan.rows
    .map((row) => row['QUERY PLAN'].trim())
    .filter(
      (line) => !line.startsWith('Workers') && !line.startsWith('Group Key') && !line.startsWith('Sort Key'),
    )
    .map((line) => line.replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, ''))
    .join(' / ');
}

function loadSqlite(path: string, tickets: Tickets): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(
    `CREATE TABLE tickets (id INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, received_day TEXT NOT NULL, ${FLAGS.map(
      (flag) => `${column(flag)} INTEGER NOT NULL`,
    ).join(', ')})`,
  );
  const insert = db.prepare(`INSERT INTO tickets VALUES (?, ?, ?, ${FLAGS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (let i = 0; i < tickets.count; i += 1) {
      insert.run(
        i,
        tickets.units[tickets.unit[i] as number],
        tickets.days[tickets.day[i] as number],
        ...FLAGS.map((flag) => tickets.flags[flag][i]),
      );
    }
  })();
  db.exec('CREATE INDEX tickets_day_unit ON tickets (received_day, unit_id); ANALYZE;');
  return db;
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`mode ${MODE}: ${SIZES.tickets.toLocaleString('en')} tickets from ${FROM} to ${TO}`);
  const build = await appBuild(log);
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-rates-'));
  onCleanup('remove the rates data', () => rmSync(dir, { recursive: true, force: true }));
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  onCleanup('close Redis', () => void redis.disconnect());
  const prefix = uniquePrefix('rates');
  onCleanup('drop the rates Redis keys', async () => void (await dropPrefix(redis, prefix)));

  const t0 = performance.now();
  const tickets = makeTickets(SIZES.tickets);
  const expected = expectedCounts(tickets);
  const buckets = await writeBuckets(redis, prefix, tickets);
  log(
    `buckets: ${buckets.keys} hashes, ${buckets.fields.toLocaleString('en')} fields in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  let bucketBytes = 0;
  {
    const base = new RedisProjectionStore(redis, prefix).base(hotlineRatesProjection, 0);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}ctr:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) bucketBytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    } while (cursor !== '0');
  }

  const postgres = await connectPostgres();
  const schema = `bench_rates_${prefix.slice(-8).replace(/[^a-z0-9]/g, '_')}`;
  onCleanup('drop the PostgreSQL schema', async () => {
    await postgres.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await postgres.end();
  });
  const t1 = performance.now();
  const plan = await loadPostgres(postgres, schema, tickets);
  log(`PostgreSQL: loaded and indexed in ${((performance.now() - t1) / 1000).toFixed(1)} s; plan: ${plan}`);
  const pgVersion = (await postgres.query<{ server_version: string }>('SHOW server_version')).rows[0]
    ?.server_version;

  const t2 = performance.now();
  const sqlite = loadSqlite(join(dir, 'tickets.db'), tickets);
  onCleanup('close SQLite', () => void sqlite.close());
  const sqlitePlan = sqlite
    .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${SQL_QUERY(() => '?')}`)
    .all(FROM, TO)
    .map((row) => row.detail)
    .join(' / ');
  log(`SQLite: loaded and indexed in ${((performance.now() - t2) / 1000).toFixed(1)} s; plan: ${sqlitePlan}`);

  const port = await freePort();
  log('starting the API');
  await startApi(build, serviceEnv({ port, dataDir: join(dir, 'api'), prefix }));
  const client = new HttpClient(port, 1);
  onCleanup('close the HTTP agent', () => client.close());
  const path = `/api/v1/stats/hotline?from=${FROM}&to=${TO}&groupBy=unit`;

  log(`API: ${SIZES.apiQueries} queries`);
  const api = await timed(SIZES.apiWarmup, SIZES.apiQueries, async () => {
    const answer = await client.send('GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return answer.body;
  });
  const apiRows = (
    JSON.parse(api.last) as { rows: { group: string; counts: Record<string, number> }[] }
  ).rows.map((row) => ({
    unit_id: row.group,
    ...Object.fromEntries(COUNTS.map((c) => [column(c), row.counts[c]])),
  }));

  // The same reads without HTTP and Nest: the bucket hashes the API reads, one pipeline, summed per unit.
  const base = new RedisProjectionStore(redis, prefix).base(hotlineRatesProjection, 0);
  const hashes = bucketReads(daysBetween(FROM, TO), 'none', 'unit').map((read) => `${base}ctr:${read.hash}`);
  const fieldsRead = (await Promise.all(hashes.map((hash) => redis.hlen(hash)))).reduce(
    (sum, n) => sum + n,
    0,
  );
  log(`Redis only: ${SIZES.apiQueries} pipelines of ${hashes.length} HGETALL (${fieldsRead} fields)`);
  const redisOnly = await timed(SIZES.apiWarmup, SIZES.apiQueries, async () => {
    const pipeline = redis.pipeline();
    for (const hash of hashes) pipeline.hgetall(hash);
    const sums = new Map<string, Record<string, number>>();
    for (const [error, value] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      for (const [field, raw] of Object.entries(value as Record<string, string>)) {
        const [unitId, count] = parseBucketField(field);
        const counts = sums.get(unitId) ?? {};
        counts[count] = (counts[count] ?? 0) + Number(raw);
        sums.set(unitId, counts);
      }
    }
    return sums;
  });
  log(`Redis only, summed by a Lua script in Redis: ${SIZES.apiQueries} EVALSHA over ${hashes.length} keys`);
  const sumSha = (await redis.script('LOAD', SUM_LUA)) as string;
  let serverSumFields = 0;
  const serverSum = await timed(SIZES.apiWarmup, SIZES.apiQueries, async () => {
    const flat = (await redis.evalsha(sumSha, hashes.length, ...hashes)) as string[];
    serverSumFields = flat.length / 2;
    const sums = new Map<string, Record<string, number>>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const [unitId, count] = parseBucketField(flat[i] as string);
      const counts = sums.get(unitId) ?? {};
      counts[count] = (counts[count] ?? 0) + Number(flat[i + 1]);
      sums.set(unitId, counts);
    }
    return sums;
  });

  log(`PostgreSQL: ${SIZES.sqlQueries} queries`);
  const pgQuery = { name: 'hotline-rates-by-unit', text: SQL_QUERY((i) => `$${i}`), values: [FROM, TO] };
  const pgRun = await timed(
    SIZES.sqlWarmup,
    SIZES.sqlQueries,
    async () => (await postgres.query<Record<string, unknown>>(pgQuery)).rows,
  );
  log(`SQLite: ${SIZES.sqlQueries} queries`);
  const sqliteStatement = sqlite.prepare<[string, string], Record<string, unknown>>(SQL_QUERY(() => '?'));
  const sqliteRun = await timed(SIZES.sqlWarmup, SIZES.sqlQueries, () =>
    Promise.resolve(sqliteStatement.all(FROM, TO)),
  );

  const answers = {
    api: rowsToCounts(apiRows),
    postgres: rowsToCounts(pgRun.last),
    sqlite: rowsToCounts(sqliteRun.last),
  };
  const mismatches = [
    ...differences(answers.api, expected).map((d) => `API vs facts ${d}`),
    ...differences(answers.postgres, expected).map((d) => `PostgreSQL vs facts ${d}`),
    ...differences(answers.sqlite, expected).map((d) => `SQLite vs facts ${d}`),
    ...differences(sumsToCounts(redisOnly.last), expected).map((d) => `Redis only vs facts ${d}`),
    ...differences(sumsToCounts(serverSum.last), expected).map((d) => `Lua sum vs facts ${d}`),
  ];
  if (mismatches.length > 0) log(`ANSWERS DIFFER: ${mismatches.slice(0, 10).join('; ')}`);

  const [apiL, pgL, sqliteL] = [latencies(api.times), latencies(pgRun.times), latencies(sqliteRun.times)];
  const redisL = latencies(redisOnly.times);
  const serverSumL = latencies(serverSum.times);
  const speedupVsPostgres = ratio(pgL.p50, apiL.p50);
  const speedupVsSqlite = ratio(sqliteL.p50, apiL.p50);
  const met = {
    p99: apiL.p99 < TARGET_P99_MS,
    speedup: Math.min(speedupVsPostgres, speedupVsSqlite) >= TARGET_SPEEDUP,
  };
  const result: FlatResult = {
    'ratesQuery.mode': MODE,
    'ratesQuery.date': new Date().toISOString(),
    'ratesQuery.tickets': tickets.count,
    'ratesQuery.units': tickets.units.length,
    'ratesQuery.from': FROM,
    'ratesQuery.to': TO,
    'ratesQuery.countsCompared': COUNTS.length,
    'ratesQuery.answersEqual': mismatches.length === 0,
    'ratesQuery.bucketHashes': buckets.keys,
    'ratesQuery.bucketFields': buckets.fields,
    'ratesQuery.bucketBytes': bucketBytes,
    'ratesQuery.queries': apiL.count,
    'ratesQuery.p50Ms': apiL.p50,
    'ratesQuery.p90Ms': apiL.p90,
    'ratesQuery.p99Ms': apiL.p99,
    'ratesQuery.maxMs': apiL.max,
    'ratesQuery.bucketHashesRead': hashes.length,
    'ratesQuery.redisOnlyP50Ms': redisL.p50,
    'ratesQuery.redisOnlyP99Ms': redisL.p99,
    'ratesQuery.fieldsRead': fieldsRead,
    'ratesQuery.serverSumFields': serverSumFields,
    'ratesQuery.serverSumP50Ms': serverSumL.p50,
    'ratesQuery.serverSumP99Ms': serverSumL.p99,
    'ratesQuery.postgresQueries': pgL.count,
    'ratesQuery.postgresP50Ms': pgL.p50,
    'ratesQuery.postgresP99Ms': pgL.p99,
    'ratesQuery.postgresVersion': pgVersion ?? 'unknown',
    'ratesQuery.postgresPlan': plan,
    'ratesQuery.sqliteQueries': sqliteL.count,
    'ratesQuery.sqliteP50Ms': sqliteL.p50,
    'ratesQuery.sqliteP99Ms': sqliteL.p99,
    'ratesQuery.sqlitePlan': sqlitePlan,
    'ratesQuery.speedupVsPostgres': speedupVsPostgres,
    'ratesQuery.speedupVsSqlite': speedupVsSqlite,
    'ratesQuery.speedupVsPostgresP99': ratio(pgL.p99, apiL.p99),
    'ratesQuery.speedupVsSqliteP99': ratio(sqliteL.p99, apiL.p99),
    'ratesQuery.target.p99Ms': TARGET_P99_MS,
    'ratesQuery.target.p99Met': met.p99,
    'ratesQuery.target.speedup': TARGET_SPEEDUP,
    'ratesQuery.target.speedupMet': met.speedup,
    'ratesQuery.totalSeconds': round((performance.now() - started) / 1000, 1),
    ...machine(),
  };
  const row = (label: string, l: LatencySummary, speedup: string): string[] => [
    label,
    cell(l.count),
    cell(l.p50, 2),
    cell(l.p90, 2),
    cell(l.p99, 2),
    cell(l.max, 2),
    speedup,
  ];
  emit(
    [
      `Rates query benchmark (${MODE}): ${tickets.count.toLocaleString('en')} tickets, ${tickets.units.length} units, ` +
        `${FROM} … ${TO} grouped by unit; ${COUNTS.length} counts compared: ` +
        `${mismatches.length === 0 ? 'all equal' : `${mismatches.length} DIFFER`}`,
      '',
      table(
        ['Query', 'runs', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'API faster (p50)'],
        [
          row(`PostgreSQL ${pgVersion ?? ''} GROUP BY (baseline)`, pgL, `${cell(speedupVsPostgres, 1)}x`),
          row('SQLite GROUP BY (baseline)', sqliteL, `${cell(speedupVsSqlite, 1)}x`),
          row('API GET /stats/hotline (Redis buckets)', apiL, '1x'),
          row(`Redis only: ${hashes.length} HGETALL + sum, in-process`, redisL, '-'),
          row(`what-if: summed in Redis by Lua (${serverSumFields} fields back)`, serverSumL, '-'),
        ],
      ),
      '',
      `Buckets: ${buckets.keys} hashes, ${buckets.fields.toLocaleString('en')} fields, ` +
        `${round(bucketBytes / 1024)} KiB in Redis; the query reads ${hashes.length} hashes, ` +
        `${fieldsRead.toLocaleString('en')} fields.`,
      `PostgreSQL plan: ${plan}. SQLite plan: ${sqlitePlan}.`,
      `Targets: p99 < ${TARGET_P99_MS} ms: ${apiL.p99} ms ${verdict(met.p99)}; >= ${TARGET_SPEEDUP}x the SQL ` +
        `baselines (p50): PostgreSQL ${speedupVsPostgres}x, SQLite ${speedupVsSqlite}x ${verdict(met.speedup)}`,
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ],
    result,
  );
}

runMain(main);
