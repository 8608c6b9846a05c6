/**
 * asOf benchmark (issue 17, item 4): how fast a month of the street's statistics is answered as the log stood at
 * a moment, beside the live answer and the naive replay of the whole log, all measured in the same run.
 *
 *   npm run bench -- --only asof [--quick]
 *   node --conditions=chengyun-source --import tsx bench/asof/asof.bench.ts [--quick]
 *
 * 1. A street's 12345 tickets, played by the simulator through the real ticket decider, are written to a SQLite
 *    event store file until 1,000,000 events (100,000 with --quick), in big transactions (bench/asof/log.ts).
 *    BENCH_ASOF_DB=<file> keeps the log there and reuses it on the next run (it is not deleted).
 *    BENCH_ASOF_PROFILE=<dir> writes a CPU profile of the StatsService process there (node --cpu-prof).
 * 2. A child process (bench/asof/build.ts) builds the hotline-rates read model from zero into a fresh Redis prefix
 *    with the projection runner (`catchUp`, one partition, batches of 1000): the buckets and the month index
 *    `cases:<YYYY-MM>`. Its wall time is reported.
 * 3. The month of the log's middle event is asked for, grouped by unit, as of a position inside its cut-off window
 *    (between the end of the month and the scorecard's default cut-off, the third working day after it: the last
 *    event recorded at the window's midpoint). A child process (bench/asof/query.ts, MODE=service) runs the API's
 *    StatsService: (a) the live answer, the Redis buckets (baseline), and (b) the asOf answer, interleaved; then the
 *    asOf answer by ISO time and at the head of the log, and the asOf work taken apart by phase. Another child
 *    (MODE=naive) measures (c): the whole log read with `readAll` and every ticket folded up to the moment.
 * 4. Checks, or the run fails: (b) and (c) give the same counts in every row; (b) by time equals (b) by position;
 *    (b) at the head of the log equals (a) in every figure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { WorkingCalendar } from '#calendar';
import { shanghaiDay } from '#read-models';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { defaultCutoff, monthDays, monthEnd } from '../../apps/api/src/read-side/scorecard/month.js';
import { onCleanup, runMain } from '../support/cleanup.js';
import { machineBusyMs, ownTreeCpuMs, serviceCpuMs, startNode, TSX_ARGS } from '../support/processes.js';
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
import { dropPrefix, REDIS_URL, uniquePrefix } from '../support/services.js';
import type { BuildResult } from './build.js';
import { type LogFacts, writeTicketLog } from './log.js';
import { type CountRows, GROUP_BY, type NaiveResult, type PhaseTimes, type ServiceResult } from './shared.js';

const log = logger('asof');

const SIZES = QUICK
  ? { events: 100_000, runs: 20, naiveRuns: 3 }
  : { events: 1_000_000, runs: 20, naiveRuns: 3 };
/** The target: an asOf month answers within 2 s (judged on the p99 of the runs). */
const TARGET_MS = 2000;

interface Moment {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  /** The window's midpoint, as an ISO time with +08:00. */
  readonly time: string;
  readonly windowFrom: string;
  readonly windowTo: string;
  /** The last event recorded at or before `time`. */
  readonly position: string;
  readonly head: string;
  readonly ticketsReceived: number;
  readonly eventsRecorded: number;
}

interface LogSummary extends LogFacts {
  readonly reused: boolean;
}

const shanghai = (instant: Date): string =>
  `${new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

/** The facts of a log file already written (when BENCH_ASOF_DB is reused). */
function logFactsOf(path: string): LogFacts {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare<[], { events: number; tickets: number; firstAt: string; lastAt: string }>(
        `SELECT count(*) AS events, sum(revision = 0) AS tickets, min(recorded_at) AS firstAt, max(recorded_at) AS lastAt FROM events`,
      )
      .get();
    if (!row || row.events === 0) throw new Error(`${path} holds no events`);
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return { ...row, steps: Number.NaN, seconds: 0, fileBytes: pages * pageSize };
  } finally {
    db.close();
  }
}

/** The month of the log's middle event (or an earlier one, if its cut-off window is not in the log), and the moment. */
function chooseMoment(path: string): Moment {
  const db = new Database(path, { readonly: true });
  try {
    const head =
      db.prepare<[], { head: number }>('SELECT max(global_position) AS head FROM events').get()?.head ?? 0;
    const at = (position: number) =>
      db
        .prepare<[number], { at: string }>(
          'SELECT recorded_at AS at FROM events WHERE global_position >= ? ORDER BY global_position LIMIT 1',
        )
        .get(position)?.at ?? '';
    const [firstAt, lastAt] = [at(0), at(head)];
    const calendar = WorkingCalendar.builtIn();
    let month = shanghaiDay(at(Math.floor(head / 2))).slice(0, 7);
    for (;;) {
      const start = monthEnd(month);
      const cutoff = defaultCutoff(month, calendar);
      const middle = new Date(Math.floor((start.getTime() + cutoff.getTime()) / 2 / 60_000) * 60_000);
      const { from, to } = monthDays(month);
      if (middle.toISOString() >= lastAt) {
        // The window is past the end of the log: the month before.
        if (from <= shanghaiDay(firstAt)) throw new Error('the log is too short for a cut-off window');
        month = shanghaiDay(new Date(Date.parse(`${from}T00:00:00+08:00`) - 1).toISOString()).slice(0, 7);
        continue;
      }
      const position =
        db
          .prepare<[string], { position: number | null }>(
            'SELECT max(global_position) AS position FROM events WHERE recorded_at <= ?',
          )
          .get(middle.toISOString())?.position ?? 0;
      const monthFrom = new Date(`${from}T00:00:00+08:00`).toISOString();
      const counts = db
        .prepare<[string, string], { events: number; received: number }>(
          `SELECT count(*) AS events, sum(type = 'TicketReceived') AS received FROM events
           WHERE recorded_at >= ? AND recorded_at < ?`,
        )
        .get(monthFrom, start.toISOString());
      return {
        month,
        from,
        to,
        time: shanghai(middle),
        windowFrom: shanghai(start),
        windowTo: shanghai(cutoff),
        position: String(position),
        head: String(head),
        ticketsReceived: counts?.received ?? 0,
        eventsRecorded: counts?.events ?? 0,
      };
    }
  } finally {
    db.close();
  }
}

/**
 * Runs a child script of this directory to its end; answers the JSON it wrote to OUT, and the cores that other
 * processes (not this run, not Redis) kept busy meanwhile, as bench/run.ts counts them.
 */
async function child<T>(
  name: string,
  script: string,
  out: string,
  extra: NodeJS.ProcessEnv,
): Promise<{ result: T; otherCores: number; redisCores: number }> {
  const started = performance.now();
  const [busy0, own0, services0] = [machineBusyMs(), ownTreeCpuMs(), serviceCpuMs()];
  const profile = process.env.BENCH_ASOF_PROFILE;
  const flags = profile && name === 'service' ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const proc = startNode(name, [...flags, ...TSX_ARGS, `bench/asof/${script}`], {
    PATH: process.env.PATH,
    REDIS_URL,
    OUT: out,
    ...extra,
  });
  const code = await proc.exited();
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${proc.output()}`);
  const ms = performance.now() - started;
  const services = serviceCpuMs() - services0;
  const others = Math.max(0, machineBusyMs() - busy0 - (ownTreeCpuMs() - own0) - services);
  const [otherCores, redisCores] = [round(others / ms, 2), round(services / ms, 2)];
  log(`${name}: done in ${(ms / 1000).toFixed(1)} s; meanwhile other processes used ${otherCores} cores`);
  return { result: JSON.parse(readFileSync(out, 'utf8')) as T, otherCores, redisCores };
}

/** Rows of a StatsService answer as counts per group. */
const countsOf = (rows: ServiceResult['asOfRows']): CountRows =>
  Object.fromEntries(rows.map((row) => [row.group, { ...row.counts }]));

/** The groups and counts where two sets of rows differ, as text. */
function differences(a: CountRows, b: CountRows): string[] {
  const out: string[] = [];
  for (const group of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[group], b[group]];
    if (!x || !y) {
      out.push(`${group}: only in ${x ? 'the first' : 'the second'}`);
      continue;
    }
    for (const count of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (x[count] !== y[count]) out.push(`${group}.${count}: ${x[count]} vs ${y[count]}`);
    }
  }
  return out;
}

const median = (values: readonly number[]): number => latencies(values).p50;

async function main(): Promise<void> {
  const started = performance.now();
  log(`mode ${MODE}: ${SIZES.events.toLocaleString('en')} ticket events`);
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-asof-'));
  onCleanup('remove the asof data', () => rmSync(dir, { recursive: true, force: true }));
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  onCleanup('close Redis', () => void redis.disconnect());
  const prefix = uniquePrefix('asof');
  onCleanup('drop the asof Redis keys', async () => void (await dropPrefix(redis, prefix)));

  // 1. The log.
  const kept = process.env.BENCH_ASOF_DB;
  const dbPath = kept ?? join(dir, 'events.db');
  let facts: LogSummary;
  if (kept && existsSync(kept)) {
    facts = { ...logFactsOf(kept), reused: true };
    log(`log: reusing ${kept}`);
  } else {
    facts = { ...(await writeTicketLog(dbPath, SIZES.events, log)), reused: false };
  }
  log(
    `log: ${facts.events.toLocaleString('en')} events, ${facts.tickets.toLocaleString('en')} tickets ` +
      `(${facts.firstAt} … ${facts.lastAt}), ${round(facts.fileBytes / 2 ** 20)} MiB` +
      (facts.reused ? '' : `, written in ${facts.seconds.toFixed(1)} s`),
  );
  const moment = chooseMoment(dbPath);
  log(
    `month ${moment.month}: ${moment.ticketsReceived.toLocaleString('en')} tickets received, ` +
      `${moment.eventsRecorded.toLocaleString('en')} events recorded; asOf ${moment.time} = position ` +
      `${moment.position} (window ${moment.windowFrom} … ${moment.windowTo}); head ${moment.head}`,
  );

  // 2. The read model.
  log('building hotline-rates in a child process');
  const { result: build } = await child<BuildResult>('build', 'build.ts', join(dir, 'build.json'), {
    DB: dbPath,
    PREFIX: prefix,
  });
  const buildEventsPerSec = (build.applied * 1000) / build.ms;
  log(
    `build: ${(build.ms / 1000).toFixed(1)} s, ${round(buildEventsPerSec)} events/s, RSS ${round(build.maxRssMb)} MiB`,
  );

  // 3. The answers.
  const queryEnv = {
    DB: dbPath,
    DIR: join(dir, 'api'),
    PREFIX: prefix,
    FROM: moment.from,
    TO: moment.to,
    MONTH: moment.month,
    POSITION: moment.position,
    MOMENT_TIME: moment.time,
    HEAD: moment.head,
  };
  log(
    `StatsService: ${SIZES.runs} asOf answers interleaved with ${SIZES.runs * 10} live ones, then the phases`,
  );
  const service = await child<ServiceResult>('service', 'query.ts', join(dir, 'service.json'), {
    ...queryEnv,
    MODE: 'service',
    RUNS: String(SIZES.runs),
  });
  log(`naive: 1 warm-up and ${SIZES.naiveRuns} replays of the whole log`);
  const naiveRun = await child<NaiveResult>('naive', 'query.ts', join(dir, 'naive.json'), {
    ...queryEnv,
    MODE: 'naive',
    RUNS: String(SIZES.naiveRuns),
  });

  const [svc, naive] = [service.result, naiveRun.result];

  // 4. The checks.
  const asOfCounts = countsOf(svc.asOfRows);
  const mismatches = [
    ...differences(asOfCounts, naive.counts).map((d) => `asOf vs naive ${d}`),
    ...differences(asOfCounts, svc.asOfCounts).map((d) => `asOf vs its phases ${d}`),
    ...(isDeepStrictEqual(svc.asOfTimeRows, svc.asOfRows)
      ? []
      : ['asOf by time differs from asOf by position']),
    ...(isDeepStrictEqual(svc.asOfHeadRows, svc.liveRows) ? [] : ['asOf at the head differs from live']),
    ...(svc.asOfRows.length === 0 ? ['the asOf answer has no rows'] : []),
  ];
  const differsFromLive = differences(asOfCounts, countsOf(svc.liveRows)).length;

  const [liveL, asOfL, naiveL, noneL] = [
    latencies(svc.liveMs),
    latencies(svc.asOfMs),
    latencies(naive.ms),
    latencies(svc.asOfNoneMs),
  ];
  const phase = (key: keyof PhaseTimes) => round(median(svc.phases.map((p) => p[key])), 1);
  const phases = {
    index: phase('indexMs'),
    sqlite: phase('sqliteMs'),
    parse: phase('parseMs'),
    fold: phase('foldMs'),
    group: phase('groupMs'),
    readStream: phase('readStreamMs'),
    evolveOnly: phase('evolveOnlyMs'),
  };
  const phaseSum = round(phases.index + phases.sqlite + phases.parse + phases.fold + phases.group, 1);
  const asOfVsLive = ratio(asOfL.p50, liveL.p50);
  const naiveVsAsOf = ratio(naiveL.p50, asOfL.p50);
  const met = asOfL.p99 < TARGET_MS;

  const result: FlatResult = {
    'asof.mode': MODE,
    'asof.date': new Date().toISOString(),
    'asof.logEvents': facts.events,
    'asof.logTickets': facts.tickets,
    'asof.logFirstAt': facts.firstAt,
    'asof.logLastAt': facts.lastAt,
    'asof.logMiB': round(facts.fileBytes / 2 ** 20),
    'asof.logSeconds': facts.reused ? null : round(facts.seconds, 1),
    'asof.buildSeconds': round(build.ms / 1000, 1),
    'asof.buildEventsPerSec': round(buildEventsPerSec),
    'asof.buildBatches': build.batches,
    'asof.buildRssMb': round(build.maxRssMb, 1),
    'asof.month': moment.month,
    'asof.groupBy': GROUP_BY,
    'asof.momentTime': moment.time,
    'asof.momentPosition': moment.position,
    'asof.head': moment.head,
    'asof.monthTicketsReceived': moment.ticketsReceived,
    'asof.monthEventsRecorded': moment.eventsRecorded,
    'asof.indexCases': svc.facts.streams,
    'asof.indexBytes': svc.facts.indexBytes,
    'asof.eventsRead': svc.facts.eventsRead,
    'asof.eventsFolded': svc.facts.eventsFolded,
    'asof.deltasKept': svc.facts.deltasKept,
    'asof.deltasGenerated': svc.facts.deltasGenerated,
    'asof.otherCores.service': service.otherCores,
    'asof.otherCores.naive': naiveRun.otherCores,
    'asof.redisCores.service': service.redisCores,
    'asof.rows': svc.asOfRows.length,
    'asof.countsDifferingFromLive': differsFromLive,
    'asof.answersEqual': mismatches.length === 0,
    'asof.liveP50Ms': liveL.p50,
    'asof.liveP99Ms': liveL.p99,
    'asof.liveRuns': liveL.count,
    'asof.p50Ms': asOfL.p50,
    'asof.p90Ms': asOfL.p90,
    'asof.p99Ms': asOfL.p99,
    'asof.maxMs': asOfL.max,
    'asof.runs': asOfL.count,
    'asof.byTimeMs': round(svc.asOfTimeMs, 2),
    'asof.groupByNoneP50Ms': noneL.p50,
    'asof.naiveP50Ms': naiveL.p50,
    'asof.naiveMaxMs': naiveL.max,
    'asof.naiveRuns': naiveL.count,
    'asof.naiveReadP50Ms': round(median(naive.readMs), 1),
    'asof.naiveFoldP50Ms': round(median(naive.foldMs), 1),
    'asof.naiveEventsRead': naive.eventsRead,
    'asof.naiveEventsFolded': naive.eventsFolded,
    'asof.ratioToLive': asOfVsLive,
    'asof.naiveRatio': naiveVsAsOf,
    'asof.phase.indexMs': phases.index,
    'asof.phase.sqliteMs': phases.sqlite,
    'asof.phase.parseMs': phases.parse,
    'asof.phase.foldMs': phases.fold,
    'asof.phase.groupMs': phases.group,
    'asof.phase.sumMs': phaseSum,
    'asof.phase.readStreamMs': phases.readStream,
    'asof.phase.evolveOnlyMs': phases.evolveOnly,
    'asof.casesChangedAfter': svc.facts.casesChangedAfter,
    'asof.eventsOfCasesChangedAfter': svc.facts.eventsOfCasesChangedAfter,
    'asof.loopBlockedMaxMs': round(svc.asOfLoopBlockedMaxMs, 1),
    'asof.rss.startMb': round(svc.startRssMb, 1),
    'asof.rss.queriesPeakMb': round(svc.queriesRssMb, 1),
    'asof.rss.naivePeakMb': round(naive.maxRssMb, 1),
    'asof.target.ms': TARGET_MS,
    'asof.target.met': met,
    'asof.totalSeconds': round((performance.now() - started) / 1000, 1),
    ...machine(),
  };
  const row = (label: string, l: LatencySummary): string[] => [
    label,
    cell(l.count),
    cell(l.p50, 2),
    cell(l.p90, 2),
    cell(l.p99, 2),
    cell(l.max, 2),
    cell(ratio(l.p50, liveL.p50), 2),
    l.p50 < asOfL.p50 / 100 ? '< 0.01' : cell(ratio(l.p50, asOfL.p50), 2),
  ];
  const pct = (ms: number) => `${round((100 * ms) / phaseSum)} %`;
  emit(
    [
      `asOf benchmark (${MODE}): ${facts.events.toLocaleString('en')} ticket events, ` +
        `${facts.tickets.toLocaleString('en')} tickets (${facts.firstAt.slice(0, 10)} … ${facts.lastAt.slice(0, 10)}); ` +
        `month ${moment.month} by ${GROUP_BY} as of ${moment.time} (position ${moment.position} of ${moment.head})`,
      `Month: ${moment.ticketsReceived.toLocaleString('en')} tickets received, ${moment.eventsRecorded.toLocaleString('en')} ` +
        `events recorded in it; its index lists ${svc.facts.streams.toLocaleString('en')} cases ` +
        `(${round(svc.facts.indexBytes / 1024)} KiB), whose streams hold ${svc.facts.eventsRead.toLocaleString('en')} events, ` +
        `${svc.facts.eventsFolded.toLocaleString('en')} of them at or before the moment; the fold computes ` +
        `${svc.facts.deltasGenerated.toLocaleString('en')} counter deltas and keeps ${svc.facts.deltasKept.toLocaleString('en')}`,
      `Read model: hotline-rates built in ${(build.ms / 1000).toFixed(1)} s (${round(buildEventsPerSec).toLocaleString('en')} ` +
        `events/s, ${build.batches} batches, peak RSS ${round(build.maxRssMb)} MiB)`,
      '',
      table(
        ['Answer', 'runs', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'x live', 'x asOf'],
        [
          row('(a) live: Redis buckets (baseline)', liveL),
          row('(b) asOf position: month index + streams + fold', asOfL),
          row('(b) the same, groupBy none', noneL),
          row('(c) naive: readAll from the start + fold all', naiveL),
        ],
      ),
      `(b) asOf as an ISO time: ${cell(svc.asOfTimeMs, 1)} ms (one run)`,
      '',
      table(
        ['asOf taken apart (p50 of ' + String(svc.phases.length) + ' runs)', 'ms', 'share'],
        [
          ['HGETALL cases:<month> (index read)', cell(phases.index, 1), pct(phases.index)],
          [
            `SQLite SELECT of ${svc.facts.streams} streams (no parse)`,
            cell(phases.sqlite, 1),
            pct(phases.sqlite),
          ],
          ['JSON.parse + RecordedEvent', cell(phases.parse, 1), pct(phases.parse)],
          ['fold: replayCase (evolve, counters, keep)', cell(phases.fold, 1), pct(phases.fold)],
          ['groupDeltas', cell(phases.group, 1), pct(phases.group)],
          ['sum', cell(phaseSum, 1), '100 %'],
        ],
      ),
      `EventStore.readStream of the same streams (SELECT + parse): ${cell(phases.readStream, 1)} ms. ` +
        `What-if, the fold with evolve only (no counters): ${cell(phases.evolveOnly, 1)} ms. ` +
        `${svc.facts.casesChangedAfter.toLocaleString('en')} of the ${svc.facts.streams.toLocaleString('en')} cases ` +
        `have events after the moment (${svc.facts.eventsOfCasesChangedAfter.toLocaleString('en')} events in all).`,
      `The event loop stood still for up to ${cell(svc.asOfLoopBlockedMaxMs, 0)} ms during an asOf answer.`,
      `Naive: readAll ${cell(median(naive.readMs), 0)} ms + fold ${cell(median(naive.foldMs), 0)} ms of ` +
        `${naive.eventsFolded.toLocaleString('en')} events (${naive.tickets.toLocaleString('en')} tickets).`,
      `Peak RSS: StatsService process ${round(svc.queriesRssMb)} MiB after the answers (${round(svc.startRssMb)} MiB ` +
        `loaded), naive process ${round(naive.maxRssMb)} MiB.`,
      `Checks: asOf = naive in every count: ${differences(asOfCounts, naive.counts).length === 0 ? 'yes' : 'NO'}; ` +
        `asOf by time = by position: ${isDeepStrictEqual(svc.asOfTimeRows, svc.asOfRows) ? 'yes' : 'NO'}; ` +
        `asOf at the head = live: ${isDeepStrictEqual(svc.asOfHeadRows, svc.liveRows) ? 'yes' : 'NO'}; ` +
        `${differsFromLive} counts of the month differ between the moment and now`,
      `Target: asOf p99 < ${TARGET_MS} ms: ${cell(asOfL.p99, 1)} ms ${verdict(met)}; asOf = ${cell(asOfVsLive, 1)} x live, ` +
        `naive = ${cell(naiveVsAsOf, 1)} x asOf`,
      `Other processes on the machine used ${service.otherCores} cores during the StatsService runs and ` +
        `${naiveRun.otherCores} during the naive ones (Redis ${service.redisCores}).`,
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ],
    result,
  );
  if (mismatches.length > 0) throw new Error(`ANSWERS DIFFER: ${mismatches.slice(0, 10).join('; ')}`);
}

runMain(main);
