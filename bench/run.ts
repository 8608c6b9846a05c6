/**
 * Runs the benchmarks of issue 9, each in its own process, one after the other, and sums them up.
 *
 *   npm run bench                      full sizes (about 10-15 minutes on two cores)
 *   npm run bench:quick                small sizes (under 3 minutes)
 *   npm run bench -- --only intake,lag one or more of: intake, projection, lag, rates, asof
 *
 * The API and the worker are compiled once (bench/support/app-build.ts) and shared through BENCH_APP_BUILD.
 * Every benchmark cleans up after itself (temp files, Redis keys under its own prefix, its PostgreSQL schema, its
 * child processes), also when it fails; a failed benchmark is reported and the others still run. Stdout gets each
 * benchmark's table, then a summary table of every target figure with its baseline and ratio, and as its last
 * line one flat JSON object with every figure (dotted keys, e.g. `intake.ratioToBare`). Progress on stderr.
 * The event-store benchmark has its own script (npm run bench:event-store).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileApps } from './support/app-build.js';
import { onCleanup, runMain } from './support/cleanup.js';
import { machineBusyMs, ownTreeCpuMs, ROOT, serviceCpuMs, TSX_ARGS } from './support/processes.js';
import {
  cell,
  emit,
  type Figure,
  type FlatResult,
  logger,
  machine,
  MODE,
  QUICK,
  round,
  table,
} from './support/report.js';

const log = logger('run');

const BENCHMARKS = ['intake', 'projection', 'lag', 'rates', 'asof'] as const;
type Benchmark = (typeof BENCHMARKS)[number];
const NEEDS_BUILD: readonly Benchmark[] = ['intake', 'lag', 'rates'];

function selected(): Benchmark[] {
  const at = process.argv.indexOf('--only');
  if (at === -1) return [...BENCHMARKS];
  const names = (process.argv[at + 1] ?? '').split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of ${BENCHMARKS.join(', ')}; got ${names.join(',')}`,
    );
  }
  return names as Benchmark[];
}

interface Outcome {
  readonly name: Benchmark;
  readonly code: number | null;
  readonly text: string[];
  readonly result: FlatResult | undefined;
  readonly seconds: number;
}

/** Runs one benchmark script; its stderr goes straight to ours, its stdout is kept. */
async function runOne(name: Benchmark, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const started = performance.now();
  const args = [...TSX_ARGS, `bench/${name}/${name}.bench.ts`, ...(QUICK ? ['--quick'] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = onCleanup(`stop the ${name} benchmark`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  await stop();
  const lines = stdout.trimEnd().split('\n');
  let result: FlatResult | undefined;
  try {
    const last = lines.at(-1) ?? '';
    if (last.startsWith('{')) result = JSON.parse(last) as FlatResult;
  } catch {
    result = undefined;
  }
  return {
    name,
    code,
    text: result ? lines.slice(0, -1) : lines,
    result,
    seconds: (performance.now() - started) / 1000,
  };
}

const num = (result: FlatResult, key: string): number | undefined => {
  const value = result[key];
  return typeof value === 'number' ? value : undefined;
};

/** The summary: every target figure beside its baseline, the ratio, the target and whether it was met. */
function summary(all: FlatResult): string {
  const rows: string[][] = [];
  const add = (
    label: string,
    value: string,
    baseline: string,
    ratioText: string,
    target: string,
    met: Figure | undefined,
  ) =>
    rows.push([label, value, baseline, ratioText, target, met === undefined ? '-' : met ? 'met' : 'MISSED']);
  const v = (key: string, digits = 0) => cell(num(all, key), digits);
  if (all['intake.ticketsPerSec'] !== undefined) {
    add(
      'intake tickets/s, 64 clients',
      v('intake.ticketsPerSec'),
      `bare ${v('intake.barePerSec')}`,
      v('intake.ratioToBare', 2),
      '>= 0.5x bare',
      all['intake.target.ratioToBareMet'],
    );
    add(
      'intake tickets/s, 64 clients',
      v('intake.ticketsPerSec'),
      `store ${v('intake.storePerSec')}`,
      v('intake.ratioToStore', 2),
      '-',
      undefined,
    );
    add(
      `intake p50 ms at ${v('intake.latencyRatePerSec')}/s`,
      v('intake.p50Ms', 2),
      `bare ${v('intake.bareP50Ms', 2)}`,
      v('intake.p50RatioToBare', 2),
      '-',
      undefined,
    );
    add(
      `intake p99 ms at ${v('intake.latencyRatePerSec')}/s`,
      v('intake.p99Ms', 2),
      `bare ${v('intake.bareP99Ms', 2)}`,
      v('intake.p99RatioToBare', 2),
      '< 50 ms',
      all['intake.target.p99Met'],
    );
  }
  if (all['projection.eventsPerSec'] !== undefined) {
    add(
      'projection events/s (rebuild)',
      v('projection.eventsPerSec'),
      `raw ${v('projection.rawEventsPerSec')}`,
      v('projection.ratioToRaw', 2),
      '>= 0.5x raw',
      all['projection.target.ratioToRawMet'],
    );
    const raw1M = num(all, 'projection.rawEventsPerSec');
    add(
      `projection s for 1M events${all['projection.secondsFor1MMeasured'] === true ? '' : ' (extrapolated)'}`,
      v('projection.secondsFor1M', 1),
      `raw ${raw1M ? cell(round(1_000_000 / raw1M, 1), 1) : '-'}`,
      '-',
      '< 60 s',
      all['projection.target.secondsFor1MMet'],
    );
    add('memory Redis bytes/ticket', v('memory.redisBytesPerTicket'), '-', '-', '-', undefined);
    add('memory rebuild RSS MiB', v('memory.workerRssMb', 1), '-', '-', '-', undefined);
  }
  if (all['lag.p99Ms'] !== undefined) {
    add(`lag p50 ms at ${v('lag.ratePerSec')}/s`, v('lag.p50Ms', 1), '-', '-', '-', undefined);
    add(
      `lag p99 ms at ${v('lag.ratePerSec')}/s`,
      v('lag.p99Ms', 1),
      '-',
      '-',
      '< 250 ms at 1,000/s',
      all['lag.target.p99Met'],
    );
  }
  if (all['ratesQuery.p50Ms'] !== undefined) {
    add(
      'rates query p50 ms',
      v('ratesQuery.p50Ms', 2),
      `PostgreSQL ${v('ratesQuery.postgresP50Ms', 1)}`,
      `${v('ratesQuery.speedupVsPostgres', 1)}x faster`,
      '>= 100x',
      num(all, 'ratesQuery.speedupVsPostgres') !== undefined
        ? (num(all, 'ratesQuery.speedupVsPostgres') ?? 0) >= 100
        : undefined,
    );
    add(
      'rates query p50 ms',
      v('ratesQuery.p50Ms', 2),
      `SQLite ${v('ratesQuery.sqliteP50Ms', 1)}`,
      `${v('ratesQuery.speedupVsSqlite', 1)}x faster`,
      '>= 100x',
      num(all, 'ratesQuery.speedupVsSqlite') !== undefined
        ? (num(all, 'ratesQuery.speedupVsSqlite') ?? 0) >= 100
        : undefined,
    );
    add(
      'rates query p99 ms',
      v('ratesQuery.p99Ms', 2),
      `PostgreSQL ${v('ratesQuery.postgresP99Ms', 1)}`,
      `${v('ratesQuery.speedupVsPostgresP99', 1)}x faster`,
      '< 5 ms',
      all['ratesQuery.target.p99Met'],
    );
  }
  if (all['asof.p99Ms'] !== undefined) {
    add(
      `asOf month p99 ms (${v('asof.runs')} runs)`,
      v('asof.p99Ms', 1),
      `live ${v('asof.liveP50Ms', 2)} (p50)`,
      `${v('asof.ratioToLive')}x live (p50)`,
      '< 2,000 ms',
      all['asof.target.met'],
    );
  }
  return table(['Figure', 'value', 'baseline (same run)', 'ratio', 'target', 'met'], rows);
}

async function main(): Promise<void> {
  const started = performance.now();
  const benchmarks = selected();
  const load = loadavg()[0] ?? 0;
  log(`mode ${MODE}: ${benchmarks.join(', ')}; load average ${load.toFixed(2)}`);
  if (load > 0.5) log('the machine is not idle: other work competes for the cores and lowers every figure');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (benchmarks.some((name) => NEEDS_BUILD.includes(name)) && !process.env.BENCH_APP_BUILD) {
    const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-build-'));
    onCleanup('remove the app build', () => rmSync(dir, { recursive: true, force: true }));
    env.BENCH_APP_BUILD = (await compileApps(dir, log)).dir;
  }
  const outcomes: Outcome[] = [];
  const loads: FlatResult = {};
  for (const name of benchmarks) {
    log(`--- ${name}`);
    loads[`bench.loadAverageBefore.${name}`] = round(loadavg()[0] ?? 0, 2);
    const [busy0, own0, services0] = [machineBusyMs(), ownTreeCpuMs(), serviceCpuMs()];
    const outcome = await runOne(name, env);
    // Cores kept busy meanwhile by Redis and PostgreSQL (for this run or anyone else), and by everything else
    // that is not this run's own processes: other people's work on the machine.
    const ms = outcome.seconds * 1000;
    const services = serviceCpuMs() - services0;
    const others = Math.max(0, machineBusyMs() - busy0 - (ownTreeCpuMs() - own0) - services);
    loads[`bench.serviceCores.${name}`] = round(services / ms, 2);
    loads[`bench.otherCores.${name}`] = round(others / ms, 2);
    log(
      `--- ${name}: meanwhile Redis and PostgreSQL used ${round(services / ms, 2)} cores, ` +
        `other processes ${round(others / ms, 2)}`,
    );
    outcomes.push(outcome);
    log(
      `--- ${name}: ${outcome.code === 0 ? 'done' : `FAILED (exit ${outcome.code})`} in ${outcome.seconds.toFixed(1)} s`,
    );
    process.stdout.write(`${outcome.text.join('\n')}\n\n`);
  }
  const failed = outcomes.filter((o) => o.code !== 0 || !o.result).map((o) => o.name);
  const all: FlatResult = {
    'bench.mode': MODE,
    'bench.date': new Date().toISOString(),
    'bench.benchmarks': benchmarks.join(','),
    'bench.failed': failed.join(','),
    ...Object.fromEntries(outcomes.map((o) => [`bench.seconds.${o.name}`, round(o.seconds, 1)])),
    ...loads,
    ...outcomes.reduce<FlatResult>((merged, o) => ({ ...merged, ...o.result }), {}),
    ...machine(),
    'bench.totalSeconds': round((performance.now() - started) / 1000, 1),
  };
  emit(
    [
      `Summary (${MODE}), ${new Date().toISOString()}, ${all['machine.cpus']} cores ${all['machine.cpuModel']}, ` +
        `Node ${all['machine.node']}; ${((performance.now() - started) / 1000).toFixed(0)} s in total` +
        (failed.length > 0 ? `; FAILED: ${failed.join(', ')}` : ''),
      `Cores used meanwhile by other people's processes (not Redis, PostgreSQL or this run): ${outcomes
        .map((o) => `${o.name} ${cell(loads[`bench.otherCores.${o.name}`], 2)}`)
        .join(', ')}; by Redis and PostgreSQL: ${outcomes
        .map((o) => `${o.name} ${cell(loads[`bench.serviceCores.${o.name}`], 2)}`)
        .join(', ')}`,
      '',
      summary(all),
    ],
    all,
  );
  if (failed.length > 0) process.exitCode = 1;
}

runMain(main);
