import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { comparePositions, EventStore } from '#event-store';
import { catchUp, PROJECTIONS, RedisProjectionStore } from '#read-models';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { dropRedisPrefix, eventually } from '../support/test-env.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-redis.js';
import { ticketIntake } from '../support/fixtures.js';

/*
 * Issue 10, scenario 3: Redis loses everything while work goes on — a FLUSHALL, then a restart of a server without
 * persistence, then another FLUSHALL after the alerts were raised. The system runs on a Redis of the test's own (never
 * the shared one). After each loss the worker rebuilds the read models from the log and its sweep re-arms the
 * deadlines; at the end the read models equal a clean rebuild digest for digest, and every ticket past its sign
 * deadline has exactly one overdue alert, in the log and in the alerts list.
 */
const PER_PHASE = 50;
const PHASES = 3;
const TICKETS = PER_PHASE * PHASES;

const intake = ticketIntake;

describe('fault: Redis lost (FLUSHALL, restart without persistence) while work continues', () => {
  let redisServer: PrivateRedis;
  let system: TestApi | undefined;
  let admin: Redis;
  let clock: ManualClock;
  const refPrefix = `fault-redis-lost-ref-${process.pid}`;

  beforeAll(async () => {
    redisServer = await startPrivateRedis();
    admin = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await system?.close();
    await dropRedisPrefix({ redisUrl: redisServer.url, redisPrefix: refPrefix }).catch(() => undefined);
    admin.disconnect();
    await redisServer.stop();
  });

  it(`rebuilds the read models and re-arms the timers after ${PHASES} losses, each alert once`, async () => {
    clock = new ManualClock('2026-09-30T16:50:00+08:00'); // Wednesday before 国庆节: sign due 10:20 on 8 October
    system = await startTestApi({ REDIS_URL: redisServer.url, DEADLINE_SWEEP_MS: '200' }, clock, {
      worker: true,
    });
    const api: NestFastifyApplication = system.app;
    const http = () => request(api.getHttpServer());
    const store = api.get(EventStore);
    let refused = 0;
    /** One intake, resent with its Idempotency-Key until it is acknowledged (a client's retry). */
    const receive = (no: string) =>
      eventually(async () => {
        const answer = await http()
          .post('/api/v1/tickets')
          .set('idempotency-key', `intake-${no}`)
          .send(intake(no, clock.now().toISOString()));
        if (answer.status !== 201) {
          refused += 1;
          throw new Error(`intake ${no}: ${answer.status}`);
        }
        return answer.body.id as string;
      }, 20_000);
    const ids: string[] = [];
    const phase = async (n: number) => {
      for (let i = 0; i < PER_PHASE; i += 10) {
        ids.push(...(await Promise.all([...Array(10).keys()].map((k) => receive(`RL-${n}-${i + k}`)))));
      }
    };
    /** Every item of a paged list. */
    const all = async (path: string) => {
      const items: { id?: string; caseId?: string; kind?: string }[] = [];
      let cursor: string | undefined;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page = (
          await http()
            .get(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
            .expect(200)
        ).body as { items: typeof items; nextCursor?: string };
        items.push(...page.items);
        cursor = page.items.length > 0 ? page.nextCursor : undefined;
      } while (cursor);
      return items;
    };
    const listed = (count: number) =>
      eventually(async () => expect(await all('/api/v1/tickets')).toHaveLength(count), 30_000, 200);

    // Loss 1: FLUSHALL in the middle of a burst of intake.
    await phase(0);
    await listed(PER_PHASE);
    await Promise.all([
      phase(1),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => admin.flushall()),
    ]);
    await listed(2 * PER_PHASE);
    // Loss 2: the server dies and comes back empty while intake goes on.
    await Promise.all([phase(2), redisServer.restart()]);
    await listed(TICKETS);

    // Every sign stage is overdue now: the sweep (the timers armed before were lost) raises each alert.
    clock.set('2026-10-08T11:00:00+08:00');
    const overdueListed = async () => {
      const overdue = await all('/api/v1/alerts?kind=overdue');
      expect(new Set(overdue.map((alert) => alert.caseId)).size).toBe(TICKETS);
      expect(overdue).toHaveLength(TICKETS);
    };
    await eventually(overdueListed, 40_000, 250);
    // Loss 3: FLUSHALL after the alerts: the list comes back from the log, and no alert is raised again.
    await admin.flushall();
    await eventually(overdueListed, 40_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a few more sweeps, which must add nothing
    await overdueListed();
    let overdueEvents = 0;
    for (const id of ids) {
      const types = (await store.readStream(`ticket-${id}`)).map((event) => event.type);
      expect(types.filter((type) => type === 'TicketOverdue')).toHaveLength(1);
      overdueEvents += 1;
    }

    // The read models equal a clean rebuild of the same log.
    const head = await store.headPosition();
    const live = new RedisProjectionStore(admin, system.config.redisPrefix);
    const partitions = system.config.projectionPartitions;
    await eventually(
      async () => {
        for (const projection of PROJECTIONS) {
          for (let partition = 0; partition < partitions; partition += 1) {
            const at = await live.checkpoint({ ...projection, partitions }, partition);
            if (comparePositions(at, head) < 0) throw new Error(`${projection.name} at ${at} < ${head}`);
          }
        }
      },
      30_000,
      100,
    );
    const reference = new RedisProjectionStore(admin, refPrefix);
    for (const projection of PROJECTIONS) {
      await catchUp(store, reference, projection, { partition: 0, partitions: 1, limit: 1000 });
    }
    const digests = async (projections: RedisProjectionStore, n: number) =>
      new Map(
        await Promise.all(
          PROJECTIONS.map(async (p) => [p.name, await projections.digest(p.name, p.version, n)] as const),
        ),
      );
    expect(await digests(live, partitions)).toEqual(await digests(reference, 1));

    process.stdout.write(
      `[fault redis-lost] 3 losses (FLUSHALL, restart without persistence, FLUSHALL after the alerts), ` +
        `${TICKETS} tickets (${refused} intake answers refused and retried), ${head} events; read models equal to ` +
        `a clean rebuild (${PROJECTIONS.length} digests); ${overdueEvents} overdue alerts each once (log and list)\n`,
    );
  }, 120_000);
});
