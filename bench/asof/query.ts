/**
 * The measured side of the asOf benchmark, in a process of its own so that its peak RSS is the queries' alone.
 *
 *   MODE=service: the API's own StatsService (apps/api/src/read-side/stats/stats.service.ts), constructed with a
 *     ReadModelsService, the SQLite event store and the configuration as the API builds them, answers the month
 *     grouped by unit live (the Redis buckets: baseline) and `asOf` the moment (the month index, the cases' streams,
 *     the fold). Then the asOf answer is taken apart, phase by phase, with the same library calls.
 *   MODE=naive: the design `asOf` replaces: read the log from the start with `readAll` and fold every ticket up to
 *     the moment through the same projection.
 *
 *   DB=… DIR=… PREFIX=… OUT=… MODE=service|naive FROM=… TO=… MONTH=… POSITION=… MOMENT_TIME=… HEAD=… RUNS=…
 *   node --conditions=chengyun-source --import tsx bench/asof/query.ts
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordedEvent, type SqliteEventRow, SqliteEventStore } from '#event-store';
import { loadConfig } from '#platform';
import {
  bucketGroupingOf,
  daysBetween,
  groupDeltas,
  type HotlineRatesDoc,
  hotlineRatesProjection,
  monthCases,
  readsFor,
  replayCase,
  type ReplayedCase,
  standsAt,
  type TracedDelta,
} from '#read-models';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { ReadModelsService } from '../../apps/api/src/read-side/read-models.service.js';
import { type StatsRow, StatsService } from '../../apps/api/src/read-side/stats/stats.service.js';
import { ROOT } from '../support/processes.js';
import {
  countRows,
  type CountRows,
  GROUP_BY,
  type NaiveResult,
  type PhaseTimes,
  type ServiceResult,
} from './shared.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`query: ${name} is required`);
  return value;
};

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** A row as the adapter turns it into a RecordedEvent (sqlite-event-store.ts, toRecorded). */
type EventRow = SqliteEventRow;

const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  stream: row.stream,
  revision: row.revision,
  position: String(row.global_position),
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  recordedAt: row.recorded_at,
});

async function service(): Promise<ServiceResult> {
  const [db, dir, prefix, from, to, month, position, momentTime, head] = [
    'DB',
    'DIR',
    'PREFIX',
    'FROM',
    'TO',
    'MONTH',
    'POSITION',
    'MOMENT_TIME',
    'HEAD',
  ].map(env) as [string, string, string, string, string, string, string, string, string];
  const runs = Number(env('RUNS'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      AUTH_MODE: 'off',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dir,
      EVENT_STORE: 'sqlite',
      SQLITE_FILE: db,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      PROJECTION_PARTITIONS: '1',
    },
    ROOT,
  );
  const redis = new Redis(config.redisUrl);
  const store = new SqliteEventStore({ path: config.sqliteFile, synchronous: config.sqliteSynchronous });
  const raw = new Database(db, { readonly: true });
  try {
    const readModels = new ReadModelsService(redis, config);
    const stats = new StatsService(readModels, store, config);
    const ask = (asOf?: string, groupBy = GROUP_BY) =>
      stats.answer('hotline', { from, to, groupBy, ...(asOf === undefined ? {} : { asOf }) });
    const startRssMb = rssMb();

    // Warm-up: the code paths, Redis's connection, SQLite's statements and the file's pages in the OS cache.
    for (let i = 0; i < 20; i += 1) await ask();
    for (let i = 0; i < 2; i += 1) await ask(position);

    // Interleaved, so drift on the shared machine touches both alike: one asOf answer, then ten live ones.
    const liveMs: number[] = [];
    const asOfMs: number[] = [];
    let asOfRows: readonly StatsRow[] = [];
    let liveRows: readonly StatsRow[] = [];
    // How long the event loop stood still (nothing else the API does runs meanwhile): the longest gap between the
    // ticks of a 5 ms timer, over the rounds (a live answer takes a few ms, so long gaps are the asOf answers').
    let [lastTick, longestGap] = [performance.now(), 0];
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - lastTick);
      lastTick = now;
    }, 5);
    for (let round = 0; round < runs; round += 1) {
      const asOf = await timed(() => ask(position));
      await sleep(20); // lets the ticker see the gap the answer made
      asOfMs.push(asOf.ms);
      asOfRows = asOf.value.rows;
      for (let i = 0; i < 10; i += 1) {
        const live = await timed(() => ask());
        liveMs.push(live.ms);
        liveRows = live.value.rows;
      }
    }
    clearInterval(ticker);
    const asOfNoneMs: number[] = [];
    for (let i = 0; i < Math.min(runs, 5); i += 1)
      asOfNoneMs.push((await timed(() => ask(position, 'none'))).ms);
    const byTime = await timed(() => ask(momentTime));
    const asOfHeadRows = (await ask(head)).rows;
    const queriesRssMb = maxRssMb();

    // The asOf answer taken apart, with the calls StatsService makes (replayMonths, replayStreams).
    const ref = await readModels.serving(hotlineRatesProjection);
    const days = daysBetween(from, to);
    const grouping = bucketGroupingOf(GROUP_BY);
    const reads = readsFor(days, grouping);
    const keepSet = new Set(reads.map((read) => read.hash));
    const keep = (hash: string) => keepSet.has(hash);
    const stands = standsAt({ position });
    const select = raw.prepare<[string, number, number], EventRow>(
      'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    const phases: PhaseTimes[] = [];
    let facts: ServiceResult['facts'] | undefined;
    let asOfCounts: CountRows = {};
    for (let run = 0; run < Math.max(3, Math.min(runs, 10)); run += 1) {
      const t0 = performance.now();
      const [index] = await readModels.store.sumCounterHashes(ref, [monthCases(month)]);
      const streams = Object.keys(index ?? {}).sort();
      const t1 = performance.now();
      const rows = streams.map((stream) => select.all(stream, 0, -1));
      const t2 = performance.now();
      const events = rows.map((one) => one.map(toRecorded));
      const t3 = performance.now();
      const cases: ReplayedCase<HotlineRatesDoc>[] = streams.map((stream, i) =>
        replayCase(hotlineRatesProjection, stream, events[i] ?? [], stands, keep),
      );
      const t4 = performance.now();
      const deltas: TracedDelta[] = cases.flatMap((one) => one.deltas);
      const groups = groupDeltas(reads, deltas, grouping);
      const t5 = performance.now();
      for (const stream of streams) await store.readStream(stream);
      const t6 = performance.now();
      // What-if: the same fold with evolve only (no counter deltas at all): the floor of any counters change.
      streams.forEach((_, i) => {
        let doc: HotlineRatesDoc | undefined;
        for (const event of events[i] ?? []) {
          if (!stands(event)) break;
          doc = hotlineRatesProjection.evolve(doc, event);
        }
      });
      const t7 = performance.now();
      phases.push({
        indexMs: t1 - t0,
        sqliteMs: t2 - t1,
        parseMs: t3 - t2,
        foldMs: t4 - t3,
        groupMs: t5 - t4,
        readStreamMs: t6 - t5,
        evolveOnlyMs: t7 - t6,
      });
      if (!facts) {
        asOfCounts = countRows(groups);
        const flat = events.flat();
        const inMonth = (at: string) => {
          const day = new Date(Date.parse(at) + 8 * 3_600_000).toISOString();
          return day.startsWith(month);
        };
        // Every delta the fold computes, before the keep filter drops those of hashes the answer does not read.
        const generated = streams.reduce(
          (sum, stream, i) =>
            sum + replayCase(hotlineRatesProjection, stream, events[i] ?? [], stands).deltas.length,
          0,
        );
        const changed = events.filter((one) => one.some((event) => !stands(event)));
        facts = {
          streams: streams.length,
          casesChangedAfter: changed.length,
          eventsOfCasesChangedAfter: changed.reduce((sum, one) => sum + one.length, 0),
          deltasGenerated: generated,
          eventsRead: flat.length,
          eventsFolded: flat.filter(stands).length,
          deltasKept: deltas.length,
          indexFields: streams.length,
          indexBytes: Number(
            await redis.call(
              'MEMORY',
              'USAGE',
              `${readModels.store.base(ref, 0)}ctr:${monthCases(month)}`,
              'SAMPLES',
              '0',
            ),
          ),
          receivedInMonth: flat.filter(
            (event) => event.type === 'TicketReceived' && inMonth(event.recordedAt),
          ).length,
        };
      }
    }
    if (!facts) throw new Error('query: no breakdown run');
    return {
      mode: 'service',
      liveMs,
      asOfMs,
      asOfNoneMs,
      asOfTimeMs: byTime.ms,
      liveRows,
      asOfRows,
      asOfTimeRows: byTime.value.rows,
      asOfHeadRows,
      asOfCounts,
      phases,
      facts,
      startRssMb,
      queriesRssMb,
      asOfLoopBlockedMaxMs: longestGap,
      maxRssMb: maxRssMb(),
    };
  } finally {
    raw.close();
    redis.disconnect();
    await store.close();
  }
}

/** The naive answer: every ticket of the log folded from the start up to the moment. */
async function naive(): Promise<NaiveResult> {
  const [db, from, to, position] = ['DB', 'FROM', 'TO', 'POSITION'].map(env) as [
    string,
    string,
    string,
    string,
  ];
  const runs = Number(env('RUNS'));
  const store = new SqliteEventStore({ path: db, synchronous: 'NORMAL' });
  try {
    const startRssMb = rssMb();
    const grouping = bucketGroupingOf(GROUP_BY);
    const reads = readsFor(daysBetween(from, to), grouping);
    const keep = new Set(reads.map((read) => read.hash));
    const stands = standsAt({ position });
    const once = async () => {
      const docs = new Map<string, HotlineRatesDoc | undefined>();
      const deltas: TracedDelta[] = [];
      let [readMs, foldMs, eventsRead, eventsFolded] = [0, 0, 0, 0];
      let after = '0';
      for (let done = false; !done;) {
        const r0 = performance.now();
        const batch = await store.readAll({
          after,
          limit: 1000,
          categories: hotlineRatesProjection.categories,
        });
        const r1 = performance.now();
        readMs += r1 - r0;
        eventsRead += batch.events.length;
        for (const event of batch.events) {
          if (!stands(event)) {
            done = true;
            break;
          }
          const before = docs.get(event.stream);
          const doc = hotlineRatesProjection.evolve(before, event);
          for (const delta of hotlineRatesProjection.counters?.(before, doc, event) ?? []) {
            if (keep.has(delta.hash)) deltas.push({ stream: event.stream, delta, event });
          }
          docs.set(event.stream, doc);
          eventsFolded += 1;
        }
        foldMs += performance.now() - r1;
        if (batch.atEnd) done = true;
        after = batch.next;
      }
      return {
        readMs,
        foldMs,
        eventsRead,
        eventsFolded,
        tickets: docs.size,
        groups: groupDeltas(reads, deltas, grouping),
      };
    };
    await once(); // warm-up: the whole file's pages into the OS cache
    const ms: number[] = [];
    const readMs: number[] = [];
    const foldMs: number[] = [];
    let last: Awaited<ReturnType<typeof once>> | undefined;
    for (let run = 0; run < runs; run += 1) {
      const one = await timed(once);
      ms.push(one.ms);
      readMs.push(one.value.readMs);
      foldMs.push(one.value.foldMs);
      last = one.value;
    }
    if (!last) throw new Error('query: no naive run');
    return {
      mode: 'naive',
      ms,
      readMs,
      foldMs,
      eventsRead: last.eventsRead,
      eventsFolded: last.eventsFolded,
      tickets: last.tickets,
      counts: countRows(last.groups),
      startRssMb,
      maxRssMb: maxRssMb(),
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const mode = env('MODE');
  const result = mode === 'service' ? await service() : mode === 'naive' ? await naive() : undefined;
  if (!result) throw new Error(`query: MODE must be service or naive, not ${mode}`);
  writeFileSync(env('OUT'), JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
