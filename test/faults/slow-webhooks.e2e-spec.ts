import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { comparePositions, EventStore } from '#event-store';
import { QUEUES, queuePrefix } from '#platform';
import { PROJECTIONS, RedisProjectionStore } from '#read-models';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { eventually } from '../support/test-env.js';
import { type Receivers, startReceivers } from './support/webhook-receivers.js';
import { ticketIntake } from '../support/fixtures.js';

/*
 * Issue 10, scenario 6: every alert goes to two webhooks, one whose receiver never answers and one that answers 500.
 * While their deliveries hang, fail and wait for their retries, a wave of overdue alerts and a second burst of intake
 * go through: every intake is acknowledged, the projections reach the head of the log, the lists show every ticket
 * and every alert, and all the deliveries are queued, many still pending. A third webhook that answers 200 gets every
 * alert meanwhile: the two bad receivers do not take all the delivery slots.
 */
const TICKETS_PER_WAVE = 60;

const intake = ticketIntake;

describe('fault: slow or failing webhook receivers', () => {
  let dir: string;
  let receivers: Receivers | undefined;
  let system: TestApi | undefined;
  let queue: Queue | undefined;
  let redis: Redis | undefined;

  afterAll(async () => {
    // The receivers first: a delivery waiting for the hanging one ends at once instead of holding the shutdown.
    await receivers?.close();
    await queue?.close();
    redis?.disconnect();
    await system?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps intake and projections going while deliveries hang and fail', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-fault-webhooks-'));
    receivers = await startReceivers({ hang: 'hang', fail: 'fail', ok: 'ok' });
    const file = join(dir, 'webhooks.json');
    writeFileSync(
      file,
      JSON.stringify(
        ['hang', 'fail', 'ok'].map((id) => ({
          id,
          url: receivers!.url(id),
          secret: `secret-${id}-0123456789`,
          roles: ['supervisor'],
        })),
      ),
    );
    const clock = new ManualClock('2026-09-30T16:50:00+08:00'); // sign stages due at 10:20 on 8 October
    system = await startTestApi({ DEADLINE_SWEEP_MS: '200', NOTIFY_WEBHOOKS_FILE: file }, clock, {
      worker: true,
    });
    const api: NestFastifyApplication = system.app;
    const config = system.config;
    const http = () => request(api.getHttpServer());
    const store = api.get(EventStore);
    redis = new Redis(config.redisUrl);
    queue = new Queue(QUEUES.notifications, {
      connection: { url: config.redisUrl },
      prefix: queuePrefix(config),
    });

    let acknowledged = 0;
    let slowestMs = 0;
    const wave = async (name: string) => {
      for (let i = 0; i < TICKETS_PER_WAVE; i += 10) {
        await Promise.all(
          [...Array(10).keys()].map(async (k) => {
            const sent = Date.now();
            await http()
              .post('/api/v1/tickets')
              .send(intake(`WH-${name}-${i + k}`, clock.now().toISOString()))
              .expect(201);
            slowestMs = Math.max(slowestMs, Date.now() - sent);
            acknowledged += 1;
          }),
        );
      }
    };
    const all = async (path: string) => {
      const items: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = (
          await http()
            .get(
              `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            )
            .expect(200)
        ).body as { items: unknown[]; nextCursor?: string };
        items.push(...page.items);
        cursor = page.items.length > 0 ? page.nextCursor : undefined;
      } while (cursor);
      return items;
    };
    const pending = async () => {
      const counts = await queue!.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    };

    // Wave 1: tickets, then all of them overdue: 2 deliveries per alert, to receivers that hang or fail.
    await wave('A');
    clock.set('2026-10-08T11:00:00+08:00');
    await eventually(
      async () => expect(await all('/api/v1/alerts?kind=overdue')).toHaveLength(TICKETS_PER_WAVE),
      30_000,
      200,
    );
    await eventually(() => Promise.resolve(expect(receivers!.posts('hang')).toBeGreaterThan(0)), 20_000);
    await eventually(() => Promise.resolve(expect(receivers!.posts('fail')).toBeGreaterThan(0)), 20_000);
    const pendingDuring = await pending();
    expect(pendingDuring).toBeGreaterThan(0);

    // Wave 2 while the deliveries hang and retry: intake, then these tickets overdue too.
    await wave('B');
    clock.set('2026-10-09T11:00:00+08:00');
    const alerts = 2 * TICKETS_PER_WAVE;
    await eventually(
      async () => expect(await all('/api/v1/alerts?kind=overdue')).toHaveLength(alerts),
      30_000,
      200,
    );
    await eventually(
      async () => expect(await all('/api/v1/tickets')).toHaveLength(2 * TICKETS_PER_WAVE),
      30_000,
      200,
    );

    // The projections reach the head of the log while the deliveries are still pending.
    const head = await store.headPosition();
    const projections = new RedisProjectionStore(redis, config.redisPrefix);
    const partitions = config.projectionPartitions;
    const lag = async () => {
      let behind = 0;
      for (const projection of PROJECTIONS) {
        for (let partition = 0; partition < partitions; partition += 1) {
          const at = await projections.checkpoint({ ...projection, partitions }, partition);
          if (comparePositions(at, head) < 0) behind = Math.max(behind, Number(head) - Number(at));
        }
      }
      return behind;
    };
    await eventually(async () => expect(await lag()).toBe(0), 30_000, 100);
    // Every delivery is queued (the notifications lane is not held up either), none delivered, many still pending.
    const deliveries = 3 * alerts;
    const completed = await eventually(
      async () => {
        const counts = await queue!.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'completed',
          'failed',
        );
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(deliveries);
        return counts.completed ?? 0;
      },
      30_000,
      200,
    );
    const pendingAtConvergence = await pending();
    expect(pendingAtConvergence).toBeGreaterThan(0);
    expect(acknowledged).toBe(2 * TICKETS_PER_WAVE);

    // The healthy receiver is not starved by the other two: it gets every alert while theirs still hang and retry.
    await eventually(
      async () => expect((await queue!.getJobCounts('completed')).completed).toBe(alerts),
      40_000,
      200,
    );
    const pendingAtEnd = await pending();
    expect(pendingAtEnd).toBeGreaterThan(0);

    process.stdout.write(
      `[fault slow-webhooks] 3 receivers on every alert (one never answers, one answers 500, one 200): ` +
        `${acknowledged} tickets acknowledged (slowest intake ${slowestMs} ms), ${alerts} overdue alerts listed, ` +
        `projection lag 0 events at head ${head} with ${pendingAtConvergence} of ${deliveries} deliveries pending ` +
        `(${completed} delivered); then the healthy receiver got all ${alerts} while ${pendingAtEnd} deliveries ` +
        `to the others were still pending or retrying (POSTs: hang ${receivers.posts('hang')}, ` +
        `fail ${receivers.posts('fail')}, ok ${receivers.posts('ok')})\n`,
    );
  }, 90_000);
});
