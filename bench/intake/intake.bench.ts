/**
 * Intake benchmark: 12345 tickets accepted over HTTP (POST /api/v1/tickets, validated, one TicketReceived appended
 * at SQLite FULL) by the real API, beside two ceilings measured in the same run:
 *
 *   (a) store — the SQLite adapter itself, 64 concurrent appenders of the same TicketReceived event (in-process);
 *   (b) bare  — a bare node:http server that parses the same JSON and appends through the same adapter at FULL
 *               (bench/intake/bare-server.ts: no Nest, no validation, no decider).
 *
 *   npm run bench -- --only intake [--quick]
 *   node --conditions=chengyun-source --import tsx bench/intake/intake.bench.ts [--quick]
 *
 * Throughput: 64 clients in a closed loop over keep-alive connections, in windows that take turns round-robin
 * with the ceilings (so a drift in fsync latency hits all three alike). Latency: an open loop at half the API's
 * measured rate, for the API and, at the same rate, for the bare server. The API and the bare server are child
 * processes (the API compiled, see bench/support/app-build.ts); the load generator shares the two cores with them.
 * Progress on stderr; stdout a table and, last, one flat JSON object.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '#event-store';
import { Redis } from 'ioredis';
import { appBuild } from '../support/app-build.js';
import { onCleanup, runMain } from '../support/cleanup.js';
import { closedLoop, HttpClient, openLoop, type OpenLoopResult } from '../support/http-load.js';
import { cpuMsOf, freePort, ownCpuMs, startNode, TSX_ARGS, waitForHttp } from '../support/processes.js';
import {
  cell,
  emit,
  type FlatResult,
  latencies,
  logger,
  machine,
  MODE,
  QUICK,
  ratio,
  round,
  table,
  verdict,
} from '../support/report.js';
import {
  dropPrefix,
  INTEGRATION_HEADERS,
  intakeBody,
  REDIS_URL,
  serviceEnv,
  startApi,
  ticketNumbers,
  uniquePrefix,
} from '../support/services.js';

const log = logger('intake');

const SIZES = QUICK
  ? { warmupMs: 1500, rounds: 3, windowMs: 1500, openLoopMs: 5000, clients: 64 }
  : { warmupMs: 3000, rounds: 6, windowMs: 3000, openLoopMs: 15_000, clients: 64 };

/** Targets of issue 9. */
const TARGET_RATIO_TO_BARE = 0.5;
const TARGET_P99_MS = 50;

interface Window {
  readonly ok: number;
  readonly errors: number;
  readonly ms: number;
  /** CPU time of the process doing the work (the API, the bare server, or this one for the store). */
  readonly serverCpuMs: number;
  /** CPU time of this process (the load generator; for the store scenario, the same as serverCpuMs). */
  readonly loadCpuMs: number;
  readonly firstError: string | undefined;
}

interface Scenario {
  readonly key: 'store' | 'bare' | 'api';
  readonly label: string;
  run(ms: number): Promise<Window>;
}

interface Summary {
  readonly perSec: number;
  readonly ok: number;
  readonly errors: number;
  readonly minPerSec: number;
  readonly maxPerSec: number;
  /** Cores busy in the serving process (CPU ms per wall ms). */
  readonly serverCores: number;
  readonly loadCores: number;
  readonly serverCpuMsPerOp: number;
}

function summarise(windows: readonly Window[]): Summary {
  const sum = (pick: (w: Window) => number) => windows.reduce((total, w) => total + pick(w), 0);
  const ok = sum((w) => w.ok);
  const ms = sum((w) => w.ms);
  const rates = windows.map((w) => (w.ok * 1000) / w.ms);
  return {
    perSec: (ok * 1000) / ms,
    ok,
    errors: sum((w) => w.errors),
    minPerSec: Math.min(...rates),
    maxPerSec: Math.max(...rates),
    serverCores: sum((w) => w.serverCpuMs) / ms,
    loadCores: sum((w) => w.loadCpuMs) / ms,
    serverCpuMsPerOp: ok === 0 ? 0 : sum((w) => w.serverCpuMs) / ok,
  };
}

/** The stored TicketReceived of the first intake, for the store ceiling (same data and metadata, new ids). */
function readTemplate(path: string): {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  bytes: number;
} {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare<[], { data: string; metadata: string }>(
        "SELECT data, metadata FROM events WHERE type = 'TicketReceived' ORDER BY global_position LIMIT 1",
      )
      .get();
    if (!row) throw new Error(`no TicketReceived in ${path}`);
    return {
      data: JSON.parse(row.data) as Record<string, unknown>,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      bytes: Buffer.byteLength(row.data) + Buffer.byteLength(row.metadata),
    };
  } finally {
    db.close();
  }
}

function eventBytes(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare<[], { bytes: number }>(
        "SELECT avg(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))) AS bytes FROM events WHERE type = 'TicketReceived'",
      )
      .get();
    return round(row?.bytes ?? 0);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`mode ${MODE}: ${SIZES.rounds} rounds of ${SIZES.windowMs} ms, ${SIZES.clients} clients`);
  const build = await appBuild(log);
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-intake-'));
  onCleanup('remove the intake data', () => rmSync(dir, { recursive: true, force: true }));
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  onCleanup('close Redis', () => void redis.disconnect());
  const prefix = uniquePrefix('intake');
  onCleanup('drop the intake Redis keys', async () => void (await dropPrefix(redis, prefix)));

  const [apiPort, barePort] = [await freePort(), await freePort()];
  log('starting the API and the bare server');
  const apiDir = join(dir, 'api');
  const api = await startApi(build, serviceEnv({ port: apiPort, dataDir: apiDir, prefix }));
  mkdirSync(join(dir, 'bare'));
  const bare = startNode('bare-server', [...TSX_ARGS, 'bench/intake/bare-server.ts'], {
    PATH: process.env.PATH,
    PORT: String(barePort),
    DB: join(dir, 'bare', 'events.db'),
  });
  await waitForHttp(bare, `http://127.0.0.1:${barePort}/api/v1/health`);

  const apiClient = new HttpClient(apiPort, SIZES.clients);
  const bareClient = new HttpClient(barePort, SIZES.clients);
  onCleanup('close the HTTP agents', () => {
    apiClient.close();
    bareClient.close();
  });
  const nextTicketNo = ticketNumbers();
  let firstFailure: string | undefined;
  const post = async (client: HttpClient): Promise<boolean> => {
    const answer = await client.send(
      'POST',
      '/api/v1/tickets',
      intakeBody(nextTicketNo()),
      INTEGRATION_HEADERS,
    );
    if (answer.status !== 201) firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
    return answer.status === 201;
  };
  if (!(await post(apiClient))) throw new Error(`the API refused the intake: ${firstFailure}`);
  const template = readTemplate(join(apiDir, 'events.db'));
  log(`TicketReceived as the API stores it: ${template.bytes} bytes of JSON`);

  const store = new SqliteEventStore({ path: join(dir, 'store', 'events.db'), synchronous: 'FULL' });
  onCleanup('close the store', () => store.close());
  const storeAppend = async (): Promise<boolean> => {
    const ticketId = randomUUID();
    await store.append(
      `ticket-${ticketId}`,
      [
        {
          id: randomUUID(),
          type: 'TicketReceived',
          data: { ...template.data, ticketId },
          metadata: { ...template.metadata, correlationId: randomUUID(), causationId: randomUUID() },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    return true;
  };

  const httpScenario = (key: 'bare' | 'api', label: string, client: HttpClient, pid: number): Scenario => ({
    key,
    label,
    async run(ms) {
      const [server0, load0] = [cpuMsOf(pid), ownCpuMs()];
      const result = await closedLoop(SIZES.clients, ms, () => post(client));
      return {
        ...result,
        serverCpuMs: cpuMsOf(pid) - server0,
        loadCpuMs: ownCpuMs() - load0,
        firstError: result.firstError ?? firstFailure,
      };
    },
  });
  const scenarios: Scenario[] = [
    {
      key: 'store',
      label: `(a) adapter, ${SIZES.clients} concurrent appenders`,
      async run(ms) {
        const cpu0 = ownCpuMs();
        const result = await closedLoop(SIZES.clients, ms, storeAppend);
        const cpu = ownCpuMs() - cpu0;
        return { ...result, serverCpuMs: cpu, loadCpuMs: cpu };
      },
    },
    httpScenario('bare', '(b) bare node:http + adapter', bareClient, bare.pid),
    httpScenario('api', 'API POST /api/v1/tickets', apiClient, api.pid),
  ];

  for (const scenario of scenarios) {
    log(`warm-up: ${scenario.label}`);
    await scenario.run(SIZES.warmupMs);
  }
  const windows = new Map<string, Window[]>(scenarios.map((s) => [s.key, []]));
  for (let r = 0; r < SIZES.rounds; r += 1) {
    const order = scenarios.map((_, i) => scenarios[(i + r) % scenarios.length] as Scenario);
    for (const scenario of order) {
      const window = await scenario.run(SIZES.windowMs);
      if (window.errors > 0) log(`${scenario.label}: ${window.errors} errors, first: ${window.firstError}`);
      windows.get(scenario.key)?.push(window);
    }
    log(`round ${r + 1}/${SIZES.rounds} done`);
  }
  const figures = new Map(scenarios.map((s) => [s.key, summarise(windows.get(s.key) ?? [])]));
  const get = (key: Scenario['key']): Summary => figures.get(key) as Summary;
  const [storeFig, bareFig, apiFig] = [get('store'), get('bare'), get('api')];
  for (const scenario of scenarios) {
    log(`${scenario.label}: ${round(get(scenario.key).perSec)}/s`);
  }

  // Latency: open loop at half the API's throughput, the API first, then the bare server at the same rate.
  const rate = Math.max(10, Math.round(apiFig.perSec / 2));
  const openRun = async (label: string, client: HttpClient): Promise<OpenLoopResult> => {
    log(`open loop: ${label} at ${rate}/s for ${SIZES.openLoopMs} ms`);
    const result = await openLoop(rate, SIZES.openLoopMs, () => post(client));
    if (result.errors > 0)
      log(`${label}: ${result.errors} errors, first: ${result.firstError ?? firstFailure}`);
    return result;
  };
  const apiOpen = await openRun('API', apiClient);
  const bareOpen = await openRun('bare', bareClient);
  const apiLatency = latencies(apiOpen.latencies);
  const bareLatency = latencies(bareOpen.latencies);

  const sizes = {
    api: template.bytes,
    apiAverage: eventBytes(join(apiDir, 'events.db')),
    bare: eventBytes(join(dir, 'bare', 'events.db')),
  };

  const ratioToBare = ratio(apiFig.perSec, bareFig.perSec);
  const ratioToStore = ratio(apiFig.perSec, storeFig.perSec);
  const result: FlatResult = {
    'intake.mode': MODE,
    'intake.date': new Date().toISOString(),
    'intake.ticketsPerSec': round(apiFig.perSec),
    'intake.barePerSec': round(bareFig.perSec),
    'intake.storePerSec': round(storeFig.perSec),
    'intake.ratioToBare': ratioToBare,
    'intake.ratioToStore': ratioToStore,
    'intake.bareRatioToStore': ratio(bareFig.perSec, storeFig.perSec),
    'intake.windowRange': `${round(apiFig.minPerSec)}-${round(apiFig.maxPerSec)}`,
    'intake.bareWindowRange': `${round(bareFig.minPerSec)}-${round(bareFig.maxPerSec)}`,
    'intake.storeWindowRange': `${round(storeFig.minPerSec)}-${round(storeFig.maxPerSec)}`,
    'intake.errors': apiFig.errors + apiOpen.errors,
    'intake.bareErrors': bareFig.errors + bareOpen.errors,
    'intake.apiCores': round(apiFig.serverCores, 2),
    'intake.apiCpuMsPerTicket': round(apiFig.serverCpuMsPerOp, 3),
    'intake.bareCores': round(bareFig.serverCores, 2),
    'intake.bareCpuMsPerTicket': round(bareFig.serverCpuMsPerOp, 3),
    'intake.storeCpuMsPerAppend': round(storeFig.serverCpuMsPerOp, 3),
    'intake.loadGeneratorCores': round(apiFig.loadCores, 2),
    'intake.latencyRatePerSec': rate,
    'intake.latencyRequests': apiOpen.sent,
    'intake.p50Ms': apiLatency.p50,
    'intake.p90Ms': apiLatency.p90,
    'intake.p99Ms': apiLatency.p99,
    'intake.maxMs': apiLatency.max,
    'intake.bareP50Ms': bareLatency.p50,
    'intake.bareP99Ms': bareLatency.p99,
    'intake.p50RatioToBare': ratio(apiLatency.p50, bareLatency.p50),
    'intake.p99RatioToBare': ratio(apiLatency.p99, bareLatency.p99),
    'intake.eventBytes': sizes.api,
    'intake.bareEventBytes': sizes.bare,
    'intake.clients': SIZES.clients,
    'intake.rounds': SIZES.rounds,
    'intake.windowMs': SIZES.windowMs,
    'intake.openLoopMs': SIZES.openLoopMs,
    'intake.target.ratioToBare': TARGET_RATIO_TO_BARE,
    'intake.target.ratioToBareMet': ratioToBare >= TARGET_RATIO_TO_BARE,
    'intake.target.p99Ms': TARGET_P99_MS,
    'intake.target.p99Met': apiLatency.p99 < TARGET_P99_MS,
    'intake.totalSeconds': round((performance.now() - started) / 1000, 1),
    ...machine(),
  };

  const rateRow = (label: string, f: Summary): string[] => [
    label,
    cell(round(f.perSec)),
    `${cell(round(f.minPerSec))}-${cell(round(f.maxPerSec))}`,
    cell(ratio(f.perSec, bareFig.perSec), 2),
    cell(ratio(f.perSec, storeFig.perSec), 2),
    cell(round(f.serverCores, 2), 2),
    cell(round(f.serverCpuMsPerOp, 3), 3),
    cell(f.errors),
  ];
  const latencyRow = (label: string, l: ReturnType<typeof latencies>, open: OpenLoopResult): string[] => [
    label,
    cell(l.p50, 2),
    cell(l.p90, 2),
    cell(l.p99, 2),
    cell(l.max, 2),
    cell(open.ok),
    cell(open.errors),
    cell(open.maxInFlight),
  ];
  emit(
    [
      `Intake benchmark (${MODE}): ${SIZES.clients} clients, ${SIZES.rounds} x ${SIZES.windowMs} ms windows per ` +
        `scenario; TicketReceived ${sizes.api} bytes (bare ${sizes.bare}); no caller (no vault write); SQLite FULL`,
      '',
      table(
        ['Intake, closed loop', 'per s', 'window range', 'x bare', 'x store', 'cores', 'CPU ms/op', 'errors'],
        [
          rateRow(`(a) adapter, ${SIZES.clients} appenders (ceiling)`, storeFig),
          rateRow('(b) bare node:http + adapter (ceiling)', bareFig),
          rateRow('API POST /api/v1/tickets', apiFig),
        ],
      ),
      '',
      table(
        [`Latency, open loop at ${rate}/s (ms)`, 'p50', 'p90', 'p99', 'max', 'ok', 'errors', 'max in flight'],
        [
          latencyRow('bare node:http + adapter', bareLatency, bareOpen),
          latencyRow('API', apiLatency, apiOpen),
        ],
      ),
      '',
      `Targets: API >= ${TARGET_RATIO_TO_BARE * 100} % of bare: ${ratioToBare.toFixed(2)} ` +
        `${verdict(ratioToBare >= TARGET_RATIO_TO_BARE)}; p99 < ${TARGET_P99_MS} ms: ${apiLatency.p99} ms ` +
        `${verdict(apiLatency.p99 < TARGET_P99_MS)}. Load generator used ${round(apiFig.loadCores, 2)} cores ` +
        `while the API used ${round(apiFig.serverCores, 2)}.`,
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ],
    result,
  );
}

runMain(main);
