import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import { comparePositions, runCommand, SqliteEventStore } from '#event-store';
import { calendarDeadlinePolicy, type TicketCommand, ticketDecider, ticketStream } from '#hotline';
import { catchUp, PROJECTIONS, RedisProjectionStore } from '#read-models';
import { Redis } from 'ioredis';
import { launch, type Launched } from '../support/processes.js';
import { eventually } from '../support/test-env.js';

const root = new URL('../..', import.meta.url).pathname;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICKETS = 1500;

/**
 * The read-side properties with real worker processes: two processes sharing three partitions build the same read
 * models as one in-process rebuild, and a worker killed with SIGKILL in the middle of a rebuild, then restarted,
 * converges to the same digest.
 */
describe('projection workers as OS processes', () => {
  let dir: string;
  let redis: Redis;
  const prefixes: string[] = [];
  const running: Launched[] = [];
  let reference: Map<string, string>;
  let head: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-projections-'));
    redis = new Redis(REDIS_URL);
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const deadlines = calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => WorkingCalendar.builtIn());
    const now = new Date('2026-03-02T01:30:00Z');
    const units = ['enforcement', 'market', 'housing'];
    const run = (id: string, command: TicketCommand) =>
      runCommand(store, {
        stream: ticketStream(id),
        decider: ticketDecider,
        command,
        context: () => ({ now, deadlines }),
        metadata: {
          correlationId: 'seed',
          causationId: 'seed',
          actor: { id: 'seed', role: 'system' },
          source: 'test',
        },
      });
    await Promise.all(
      Array.from({ length: TICKETS }, async (_, i) => {
        const id = randomUUID();
        await run(id, {
          type: 'ReceiveTicket',
          data: {
            ticketId: id,
            ticketNo: `P-${i}`,
            receivedAt: '2026-03-02T09:00:00+08:00',
            type: i % 3 === 0 ? 'complaint' : 'consultation',
            urgency: 'normal',
            category: { code: `0${i % 5}`, path: [] },
            title: `诉求${i}`,
            content: '内容',
            address: '地址',
            gridId: `g1-0${(i % 9) + 1}`,
          },
        });
        if (i % 4 === 3) return;
        await run(id, { type: 'SignTicket', data: {} });
        const unitId = units[i % units.length] ?? 'enforcement';
        await run(id, { type: 'DispatchTicket', data: { unitId, coUnitIds: [] } });
        if (i % 2 === 0) await run(id, { type: 'AcceptTicket', data: { unitId } });
      }),
    );
    head = await store.headPosition();
    // The reference: one in-process rebuild on one partition.
    const refPrefix = `proj-ref-${randomUUID().slice(0, 6)}`;
    prefixes.push(refPrefix);
    const projections = new RedisProjectionStore(redis, refPrefix);
    reference = new Map();
    for (const projection of PROJECTIONS) {
      await catchUp(store, projections, projection, { partition: 0, partitions: 1, limit: 1000 });
      reference.set(projection.name, await projections.digest(projection.name, projection.version, 1));
    }
    await store.close();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(
      running.splice(0).map(async (worker) => {
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
        worker.child.kill('SIGKILL');
        await worker.exited();
      }),
    );
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = (prefix: string, partitions: number): Launched => {
    const worker = launch(
      process.execPath,
      ['--conditions=chengyun-source', '--import', 'tsx', 'apps/worker/src/main.ts'],
      {
        ...process.env,
        DATA_DIR: dir,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        PROJECTION_PARTITIONS: String(partitions),
        // The generated history's deadlines are long past: timers would record alerts into the log under test.
        WORKER_DEADLINES: 'false',
        LOG_LEVEL: 'warn',
      },
      root,
    );
    running.push(worker);
    return worker;
  };

  async function caughtUp(prefix: string, partitions: number): Promise<void> {
    const store = new RedisProjectionStore(redis, prefix);
    for (const projection of PROJECTIONS) {
      for (let p = 0; p < partitions; p += 1) {
        const checkpoint = await store.checkpoint({ ...projection, partitions }, p);
        if (comparePositions(checkpoint, head) < 0)
          throw new Error(`${projection.name} p${p} at ${checkpoint} of ${head}`);
      }
    }
  }

  async function digests(prefix: string, partitions: number): Promise<Map<string, string>> {
    const store = new RedisProjectionStore(redis, prefix);
    const result = new Map<string, string>();
    for (const projection of PROJECTIONS) {
      result.set(projection.name, await store.digest(projection.name, projection.version, partitions));
    }
    return result;
  }

  it('builds with two worker processes on three partitions the same read models as one rebuild', async () => {
    const prefix = `proj-two-${randomUUID().slice(0, 6)}`;
    prefixes.push(prefix);
    startWorker(prefix, 3);
    startWorker(prefix, 3);
    await eventually(() => caughtUp(prefix, 3), 90_000, 200);
    expect(await digests(prefix, 3)).toEqual(reference);
  }, 120_000);

  it('converges after a worker is killed with SIGKILL in the middle of a rebuild, three times', async () => {
    const prefix = `proj-kill-${randomUUID().slice(0, 6)}`;
    prefixes.push(prefix);
    const store = new RedisProjectionStore(redis, prefix);
    let kills = 0;
    let midway = 0;
    for (let round = 0; round < 3; round += 1) {
      // Each round rebuilds from nothing, and the kill lands as soon as any projection has applied a batch.
      for (const projection of PROJECTIONS) await store.drop(projection.name, projection.version);
      const worker = startWorker(prefix, 1);
      const checkpoints = () =>
        Promise.all(PROJECTIONS.map((projection) => store.checkpoint({ ...projection, partitions: 1 }, 0)));
      await eventually(
        async () => {
          if ((await checkpoints()).every((checkpoint) => checkpoint === '0')) throw new Error('not started');
        },
        60_000,
        2,
      );
      worker.child.kill('SIGKILL');
      await worker.exited();
      kills += 1;
      if ((await checkpoints()).some((checkpoint) => comparePositions(checkpoint, head) < 0)) midway += 1;
    }
    process.stdout.write(
      `[projection workers] ${kills} SIGKILLs during rebuilds, ${midway} with work left undone\n`,
    );
    startWorker(prefix, 1);
    await eventually(() => caughtUp(prefix, 1), 90_000, 200);
    expect(kills).toBe(3);
    expect(await digests(prefix, 1)).toEqual(reference);
  }, 180_000);
});
