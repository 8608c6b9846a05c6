/**
 * Event-store benchmark: the SQLite adapter against raw better-sqlite3 baselines, all in one run.
 *
 *   npm run bench:event-store             default sizes (about 2-3 minutes)
 *   npm run bench:event-store -- --quick  small sizes (well under a minute)
 *
 * Every append scenario has its own database file and is measured in several short windows, interleaved
 * round-robin with the other scenarios, so a drift in the disk's fsync latency (common on VMs) hits all of
 * them alike. Progress goes to stderr; stdout is a table and, as its last line, one JSON object with every
 * figure. Every database is a temp file under os.tmpdir(), removed at the end.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import {
  type ExpectedRevision,
  type Position,
  SQLITE_EVENTS_SCHEMA,
  SqliteEventStore,
  type SqliteSynchronous,
  START,
} from '#event-store';
import { EVENTS_PER_STREAM, eventJsonBytes, newTicketStream, ticketEvent } from './ticket-event.js';

interface Sizes {
  readonly mode: 'quick' | 'default';
  /** Untimed warm-up window of each append scenario, on its own file and configuration. */
  readonly warmupMs: number;
  /** Measured rounds; each scenario runs one window per round. */
  readonly rounds: number;
  /** One measured window of an append scenario. */
  readonly windowMs: number;
  /** One measured window of the raw batched-insert ceiling (it writes far more rows per second). */
  readonly rawBatchWindowMs: number;
  readonly rawBatchSize: number;
  readonly concurrency: number;
  readonly readBatch: number;
}

const QUICK = process.argv.includes('--quick');
const SIZES: Sizes = QUICK
  ? {
      mode: 'quick',
      warmupMs: 300,
      rounds: 3,
      windowMs: 1000,
      rawBatchWindowMs: 300,
      rawBatchSize: 1000,
      concurrency: 64,
      readBatch: 1000,
    }
  : {
      mode: 'default',
      warmupMs: 1000,
      rounds: 6,
      windowMs: 2500,
      rawBatchWindowMs: 1000,
      rawBatchSize: 1000,
      concurrency: 64,
      readBatch: 1000,
    };

/** The adapter's own table, for the raw baselines. */
const RAW_SCHEMA = SQLITE_EVENTS_SCHEMA;
const RAW_INSERT = `INSERT INTO events (event_id, stream, category, revision, type, data, metadata, recorded_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const RAW_SELECT = 'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?';

type RawRow = [string, string, string, number, string, string, string, string];

interface RawSelectRow {
  readonly global_position: number;
  readonly type: string;
}

/** One window's tally. `commits` counts transactions (raw) or completion turns (adapter). */
interface Window {
  readonly count: number;
  readonly commits: number;
  readonly ms: number;
}

interface Figures {
  readonly perSec: number;
  readonly count: number;
  readonly seconds: number;
  /** Events per commit. */
  readonly avgBatch: number;
  /** The slowest and fastest measured window. */
  readonly minPerSec: number;
  readonly maxPerSec: number;
}

interface Scenario {
  readonly key: string;
  readonly label: string;
  readonly windowMs: number;
  run(ms: number): Promise<Window>;
  close(): Promise<void>;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function ratio(value: number, base: number): number {
  return base === 0 ? 0 : round(value / base, 2);
}

function summarise(windows: readonly Window[]): Figures {
  const count = windows.reduce((sum, w) => sum + w.count, 0);
  const commits = windows.reduce((sum, w) => sum + w.commits, 0);
  const ms = windows.reduce((sum, w) => sum + w.ms, 0);
  const rates = windows.map((w) => (w.count * 1000) / w.ms);
  return {
    perSec: (count * 1000) / ms,
    count,
    seconds: ms / 1000,
    avgBatch: commits === 0 ? 0 : count / commits,
    minPerSec: Math.min(...rates),
    maxPerSec: Math.max(...rates),
  };
}

/**
 * Counts the commits the completions came in. The adapter resolves every append of one transaction
 * synchronously, so their continuations run in one microtask drain; the reset microtask queued by the first
 * of them runs after the rest, so each transaction counts once.
 */
class BatchMeter {
  completions = 0;
  turns = 0;
  private open = false;

  record(): void {
    this.completions += 1;
    if (!this.open) {
      this.open = true;
      this.turns += 1;
      queueMicrotask(() => {
        this.open = false;
      });
    }
  }
}

/** One appender: one event per append, to its own ticket streams, with the expected revision checked. */
async function appender(store: SqliteEventStore, deadline: number, meter: BatchMeter): Promise<void> {
  let stream = newTicketStream();
  let expected: ExpectedRevision = 'no-stream';
  let sequence = 0;
  while (performance.now() < deadline) {
    const result = await store.append(stream, [ticketEvent(stream, sequence)], {
      expectedRevision: expected,
    });
    meter.record();
    sequence += 1;
    if (sequence % EVENTS_PER_STREAM === 0) {
      stream = newTicketStream();
      expected = 'no-stream';
    } else {
      expected = result.nextRevision;
    }
  }
}

function adapterScenario(
  key: string,
  label: string,
  path: string,
  options: { synchronous: SqliteSynchronous; groupCommit: boolean; concurrency: number },
): Scenario {
  const store = new SqliteEventStore({
    path,
    synchronous: options.synchronous,
    groupCommit: options.groupCommit,
  });
  return {
    key,
    label,
    windowMs: SIZES.windowMs,
    async run(ms) {
      const meter = new BatchMeter();
      const start = performance.now();
      const deadline = start + ms;
      await Promise.all(Array.from({ length: options.concurrency }, () => appender(store, deadline, meter)));
      return { count: meter.completions, commits: meter.turns, ms: performance.now() - start };
    },
    close: () => store.close(),
  };
}

/** Rows with the same event shape, streams and revisions as the adapter's appenders write. */
function rawRows(): () => RawRow {
  let stream = newTicketStream();
  let sequence = 0;
  return () => {
    const event = ticketEvent(stream, sequence);
    const row: RawRow = [
      event.id,
      stream,
      'ticket',
      sequence % EVENTS_PER_STREAM,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      new Date().toISOString(),
    ];
    sequence += 1;
    if (sequence % EVENTS_PER_STREAM === 0) stream = newTicketStream();
    return row;
  };
}

/** Raw better-sqlite3 inserts, `perTransaction` rows per BEGIN IMMEDIATE … COMMIT, synchronous FULL, WAL. */
function rawScenario(
  key: string,
  label: string,
  path: string,
  perTransaction: number,
  windowMs: number,
): Scenario {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  const insert = db.prepare<RawRow>(RAW_INSERT);
  const commit = db.transaction((rows: readonly RawRow[]) => {
    for (const row of rows) insert.run(...row);
  });
  const next = rawRows();
  return {
    key,
    label,
    windowMs,
    run(ms) {
      let count = 0;
      let commits = 0;
      const start = performance.now();
      const deadline = start + ms;
      while (performance.now() < deadline) {
        const rows = Array.from({ length: perTransaction }, next);
        commit.immediate(rows);
        count += rows.length;
        commits += 1;
      }
      return Promise.resolve({ count, commits, ms: performance.now() - start });
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/** readAll from the start to the head (or maxEvents), in batches; returns the events read. */
async function readAllOnce(store: SqliteEventStore, maxEvents: number): Promise<number> {
  let after: Position = START;
  let events = 0;
  let checksum = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: SIZES.readBatch });
    events += batch.events.length;
    for (const event of batch.events) checksum += event.revision;
    after = batch.next;
    if (batch.atEnd || events >= maxEvents) break;
  }
  if (checksum < 0) throw new Error('unreachable');
  return events;
}

/** The same paging with a prepared SELECT: rows as better-sqlite3 returns them, no JSON parsing. */
function rawSelectOnce(db: Database.Database, maxEvents: number): number {
  const select = db.prepare<[number, number], RawSelectRow>(RAW_SELECT);
  let after = 0;
  let events = 0;
  let checksum = 0;
  for (;;) {
    const rows = select.all(after, SIZES.readBatch);
    events += rows.length;
    for (const row of rows) checksum += row.type.length;
    const last = rows.at(-1);
    if (!last || rows.length < SIZES.readBatch || events >= maxEvents) break;
    after = last.global_position;
  }
  if (checksum < 0) throw new Error('unreachable');
  return events;
}

async function readScenario(paths: readonly string[]): Promise<{ adapter: Figures; raw: Figures }> {
  const warmupEvents = 20 * SIZES.readBatch;
  const adapter: Window[] = [];
  const raw: Window[] = [];
  for (const path of paths) {
    const store = new SqliteEventStore({ path });
    try {
      await readAllOnce(store, warmupEvents);
      const start = performance.now();
      const count = await readAllOnce(store, Number.POSITIVE_INFINITY);
      adapter.push({ count, commits: Math.ceil(count / SIZES.readBatch), ms: performance.now() - start });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      rawSelectOnce(db, warmupEvents);
      const start = performance.now();
      const count = rawSelectOnce(db, Number.POSITIVE_INFINITY);
      raw.push({ count, commits: Math.ceil(count / SIZES.readBatch), ms: performance.now() - start });
    } finally {
      db.close();
    }
  }
  const figures = { adapter: summarise(adapter), raw: summarise(raw) };
  log(
    `readAll ${round(figures.adapter.perSec)} events/s, raw SELECT ${round(figures.raw.perSec)} rows/s ` +
      `over ${figures.adapter.count} events`,
  );
  return figures;
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? 'unknown';
  } finally {
    db.close();
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

async function measureAppends(scenarios: readonly Scenario[]): Promise<Map<string, Figures>> {
  for (const scenario of scenarios) {
    log(`warm-up: ${scenario.label}`);
    await scenario.run(SIZES.warmupMs);
  }
  const windows = new Map<string, Window[]>(scenarios.map((s) => [s.key, []]));
  for (let r = 0; r < SIZES.rounds; r += 1) {
    // Rotate the order each round, so no scenario always follows the same one.
    const order = scenarios.map((_, i) => scenarios[(i + r) % scenarios.length] as Scenario);
    for (const scenario of order) {
      const window = await scenario.run(scenario.windowMs);
      windows.get(scenario.key)?.push(window);
    }
    log(`round ${r + 1}/${SIZES.rounds} done`);
  }
  const figures = new Map<string, Figures>();
  for (const scenario of scenarios) {
    const summary = summarise(windows.get(scenario.key) ?? []);
    figures.set(scenario.key, summary);
    log(`${scenario.label}: ${round(summary.perSec)}/s (avg batch ${round(summary.avgBatch, 1)})`);
  }
  return figures;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-'));
  const started = performance.now();
  const c = SIZES.concurrency;
  const sample = ticketEvent(newTicketStream(), 0);
  const eventBytes = eventJsonBytes(sample);
  log(
    `mode ${SIZES.mode}; ${SIZES.rounds} rounds of ${SIZES.windowMs} ms; event ${eventBytes} bytes; in ${dir}`,
  );
  const scenarios: Scenario[] = [];
  try {
    const file = (name: string): string => join(dir, `${name}.db`);
    scenarios.push(
      rawScenario('rawOne', 'raw FULL, 1 insert/txn (floor)', file('raw-one'), 1, SIZES.windowMs),
      rawScenario(
        'rawBatch',
        `raw FULL, ${SIZES.rawBatchSize} inserts/txn (ceiling)`,
        file('raw-batch'),
        SIZES.rawBatchSize,
        SIZES.rawBatchWindowMs,
      ),
      adapterScenario('fullSeq', 'adapter FULL, sequential', file('full-seq'), {
        synchronous: 'FULL',
        groupCommit: true,
        concurrency: 1,
      }),
      adapterScenario('fullConc', `adapter FULL, ${c} concurrent`, file('full-conc'), {
        synchronous: 'FULL',
        groupCommit: true,
        concurrency: c,
      }),
      adapterScenario('fullNoGroup', `adapter FULL, ${c} concurrent, no group`, file('full-nogroup'), {
        synchronous: 'FULL',
        groupCommit: false,
        concurrency: c,
      }),
      adapterScenario('normalSeq', 'adapter NORMAL, sequential', file('normal-seq'), {
        synchronous: 'NORMAL',
        groupCommit: true,
        concurrency: 1,
      }),
      adapterScenario('normalConc', `adapter NORMAL, ${c} concurrent`, file('normal-conc'), {
        synchronous: 'NORMAL',
        groupCommit: true,
        concurrency: c,
      }),
    );
    const appends = await measureAppends(scenarios);
    for (const scenario of scenarios.splice(0)) await scenario.close();

    const adapterFiles = ['full-seq', 'full-conc', 'full-nogroup', 'normal-seq', 'normal-conc'].map(file);
    const adapterFileBytes = adapterFiles.reduce((sum, path) => sum + statSync(path).size, 0);
    const read = await readScenario(adapterFiles);

    const get = (key: string): Figures => {
      const figures = appends.get(key);
      if (!figures) throw new Error(`no figures for ${key}`);
      return figures;
    };
    const rawOne = get('rawOne');
    const rawBatch = get('rawBatch');
    const fullSeq = get('fullSeq');
    const fullConc = get('fullConc');
    const fullNoGroup = get('fullNoGroup');
    const normalSeq = get('normalSeq');
    const normalConc = get('normalConc');
    const floor = rawOne.perSec;
    const ceiling = rawBatch.perSec;
    const groupCommitRatio = ratio(fullConc.perSec, fullSeq.perSec);

    const appendLine = (name: string, f: Figures): string =>
      `${pad(name, 42)}${pad(String(round(f.perSec)), 9, true)}${pad(`${round(f.minPerSec)}-${round(f.maxPerSec)}`, 14, true)}` +
      `${pad(String(f.count), 9, true)}${pad(f.avgBatch.toFixed(1), 8, true)}` +
      `${pad(ratio(f.perSec, floor).toFixed(2), 9, true)}${pad(ratio(f.perSec, ceiling).toFixed(2), 11, true)}`;
    const readLine = (name: string, f: Figures): string =>
      `${pad(name, 42)}${pad(String(round(f.perSec)), 9, true)}${pad(String(f.count), 9, true)}` +
      `${pad(f.seconds.toFixed(1), 7, true)}${pad(ratio(f.perSec, read.raw.perSec).toFixed(2), 8, true)}`;

    const out: string[] = [
      `Event store benchmark (${SIZES.mode}): event JSON ${eventBytes} bytes; SQLite ${sqliteVersion()}; ` +
        `Node ${process.version}; ${SIZES.rounds} x ${SIZES.windowMs} ms per append scenario`,
      '',
      `${pad('Appends, one event each', 42)}${pad('per s', 9, true)}${pad('window range', 14, true)}` +
        `${pad('count', 9, true)}${pad('batch', 8, true)}${pad('x floor', 9, true)}${pad('x ceiling', 11, true)}`,
      appendLine('raw FULL, 1 insert/txn (floor)', rawOne),
      appendLine(`raw FULL, ${SIZES.rawBatchSize} inserts/txn (ceiling)`, rawBatch),
      appendLine('adapter FULL, sequential', fullSeq),
      appendLine(`adapter FULL, ${c} concurrent`, fullConc),
      appendLine(`adapter FULL, ${c} concurrent, no group`, fullNoGroup),
      appendLine('adapter NORMAL, sequential', normalSeq),
      appendLine(`adapter NORMAL, ${c} concurrent`, normalConc),
      '',
      `${pad(`Global log read, pages of ${SIZES.readBatch}`, 42)}${pad('per s', 9, true)}` +
        `${pad('events', 9, true)}${pad('s', 7, true)}${pad('x raw', 8, true)}`,
      readLine('raw SELECT (ceiling)', read.raw),
      readLine('adapter readAll', read.adapter),
      '',
      `Group commit, FULL: ${c} concurrent / sequential = ${groupCommitRatio.toFixed(2)}x ` +
        `(target >= 3x: ${groupCommitRatio >= 3 ? 'met' : 'NOT met'}); ` +
        `${c} concurrent with / without group commit = ${ratio(fullConc.perSec, fullNoGroup.perSec).toFixed(2)}x`,
      `Total run ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ];

    const spread = (f: Figures): { min: number; max: number } => ({
      min: round(f.minPerSec),
      max: round(f.maxPerSec),
    });
    const result = {
      mode: SIZES.mode,
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        sqlite: sqliteVersion(),
        platform: `${platform()} ${release()}`,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(totalmem() / 2 ** 30, 1),
      },
      sizes: SIZES,
      eventJsonBytes: eventBytes,
      sqlite: {
        full: {
          sequentialPerSec: round(fullSeq.perSec),
          concurrent64PerSec: round(fullConc.perSec),
          concurrent64NoGroupPerSec: round(fullNoGroup.perSec),
          groupCommitRatio,
          groupCommitVsNoGroupRatio: ratio(fullConc.perSec, fullNoGroup.perSec),
          sequentialAvgBatch: round(fullSeq.avgBatch, 2),
          concurrent64AvgBatch: round(fullConc.avgBatch, 2),
          concurrent64NoGroupAvgBatch: round(fullNoGroup.avgBatch, 2),
          sequentialVsRawFloor: ratio(fullSeq.perSec, floor),
          concurrent64VsRawFloor: ratio(fullConc.perSec, floor),
          concurrent64NoGroupVsRawFloor: ratio(fullNoGroup.perSec, floor),
          sequentialVsRawCeiling: ratio(fullSeq.perSec, ceiling),
          concurrent64VsRawCeiling: ratio(fullConc.perSec, ceiling),
          concurrent64NoGroupVsRawCeiling: ratio(fullNoGroup.perSec, ceiling),
          sequentialWindowRange: spread(fullSeq),
          concurrent64WindowRange: spread(fullConc),
          concurrent64NoGroupWindowRange: spread(fullNoGroup),
        },
        normal: {
          sequentialPerSec: round(normalSeq.perSec),
          concurrent64PerSec: round(normalConc.perSec),
          groupCommitRatio: ratio(normalConc.perSec, normalSeq.perSec),
          sequentialAvgBatch: round(normalSeq.avgBatch, 2),
          concurrent64AvgBatch: round(normalConc.avgBatch, 2),
          sequentialVsRawFloor: ratio(normalSeq.perSec, floor),
          concurrent64VsRawFloor: ratio(normalConc.perSec, floor),
          sequentialVsRawCeiling: ratio(normalSeq.perSec, ceiling),
          concurrent64VsRawCeiling: ratio(normalConc.perSec, ceiling),
          sequentialVsFullSequential: ratio(normalSeq.perSec, fullSeq.perSec),
          concurrent64VsFullConcurrent64: ratio(normalConc.perSec, fullConc.perSec),
          sequentialWindowRange: spread(normalSeq),
          concurrent64WindowRange: spread(normalConc),
        },
        read: {
          readAllPerSec: round(read.adapter.perSec),
          events: read.adapter.count,
          seconds: round(read.adapter.seconds, 2),
          vsRawSelect: ratio(read.adapter.perSec, read.raw.perSec),
        },
      },
      raw: {
        fullOnePerTxnPerSec: round(floor),
        fullBatchedPerSec: round(ceiling),
        batchSize: SIZES.rawBatchSize,
        ceilingVsFloor: ratio(ceiling, floor),
        onePerTxnWindowRange: spread(rawOne),
        batchedWindowRange: spread(rawBatch),
        selectPerSec: round(read.raw.perSec),
        selectSeconds: round(read.raw.seconds, 2),
      },
      target: {
        metric: 'sqlite.full.groupCommitRatio',
        required: 3,
        value: groupCommitRatio,
        met: groupCommitRatio >= 3,
      },
      adapterFileBytes,
      totalSeconds: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(`${out.join('\n')}\n${JSON.stringify(result)}\n`);
  } finally {
    for (const scenario of scenarios) await scenario.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
