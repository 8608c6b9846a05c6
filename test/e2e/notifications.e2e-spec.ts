import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore, type RecordedEvent } from '#event-store';
import { JsonLogger, type LogLevel, QUEUES, queuePrefix } from '#platform';
import { Queue } from 'bullmq';
import request from 'supertest';
import { freePort } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { eventually } from '../support/test-env.js';

/*
 * The notifications reactor end to end: the real API and worker (deadline sweep every 200 ms on a ManualClock),
 * a real HTTP receiver on a free port, webhooks from a file. A ticket received at 16:50 on 30 September 2026 has
 * its sign stage due at 10:20 on 8 October (国庆节 in between), its warning at about 09:40.
 */

const CALLER = { name: '王先生', phone: '13812345678', confidential: false };
const ADDRESS = '威海路100号';
const intake = (ticketNo: string, receivedAt: string) => ({
  ticketNo,
  receivedAt,
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '楼下工地每晚施工到凌晨',
  address: ADDRESS,
  channel: 'phone',
  gridId: 'g2-03',
  caller: CALLER,
});

const ALERT_TYPES = [
  'TicketDeadlineWarning',
  'TicketOverdue',
  'TicketEscalated',
  'FindingDeadlineWarning',
  'FindingOverdue',
  'FindingEscalated',
];

/** How a receiver path answers: `flaky` 500 to the first two POSTs of each event id, then 200. */
type Behaviour = 'ok' | 'flaky' | 'broken' | 'stuck';

interface Post {
  readonly hook: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly status: number | undefined;
  readonly at: number;
}

/** A real HTTP receiver: POST /hooks/<webhook id>, answering as the webhook's behaviour says; records every POST. */
async function startReceiver(behaviours: Readonly<Record<string, Behaviour>>) {
  const posts: Post[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hook = (req.url ?? '').replace(/^\/hooks\//, '');
      const eventId = String(req.headers['x-chengyun-event-id']);
      const count = (seen.get(`${hook}|${eventId}`) ?? 0) + 1;
      seen.set(`${hook}|${eventId}`, count);
      const behaviour = behaviours[hook] ?? 'broken';
      const status =
        behaviour === 'stuck'
          ? undefined
          : behaviour === 'broken' || (behaviour === 'flaky' && count <= 2)
            ? 500
            : 200;
      posts.push({ hook, headers: req.headers, raw: Buffer.concat(chunks), status, at: Date.now() });
      if (status !== undefined) res.writeHead(status).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (hook: string) => `http://127.0.0.1:${port}/hooks/${hook}`,
    posts,
    delivered: (hook?: string) =>
      posts.filter((post) => post.status === 200 && (hook === undefined || post.hook === hook)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** `eventually` for a check of what the receiver recorded (synchronous). */
const until = <T>(check: () => T, timeoutMs?: number) =>
  eventually(() => Promise.resolve().then(check), timeoutMs);

const bodyOf = (post: Post) => JSON.parse(post.raw.toString('utf8')) as Record<string, unknown>;
const eventIdOf = (post: Post) => String(post.headers['x-chengyun-event-id']);

describe('notifications: deadline alerts delivered to webhooks', () => {
  let dir: string;
  let receiver: Receiver;
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  const start = async (
    hooks: readonly {
      id: string;
      behaviour: Behaviour;
      units?: string[];
      roles?: string[];
      kinds?: string[];
    }[],
    env: Record<string, string> = {},
  ) => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-notify-'));
    receiver = await startReceiver(Object.fromEntries(hooks.map((hook) => [hook.id, hook.behaviour])));
    const file = join(dir, 'webhooks.json');
    writeFileSync(
      file,
      JSON.stringify(
        hooks.map(({ behaviour: _, ...hook }) => ({
          ...hook,
          url: receiver.url(hook.id),
          secret: `secret-${hook.id}`,
        })),
      ),
    );
    clock = new ManualClock('2026-09-30T16:50:00+08:00'); // Wednesday before 国庆节
    system = await startTestApi(
      {
        DEMO: 'true',
        DEADLINE_SWEEP_MS: '200',
        NOTIFY_WEBHOOKS_FILE: file,
        NOTIFY_RETRY_BASE_MS: '50',
        ...env,
      },
      clock,
      { worker: true },
    );
    api = system.app;
  };
  afterEach(async () => {
    // The receiver first: a delivery waiting for a stuck receiver fails at once instead of holding the shutdown.
    await receiver?.close();
    await system?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(api.getHttpServer());
  const post = (id: string, action: string, body: object = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('x-actor-id', 'tester').send(body).expect(200);
  const receive = async (no: string) =>
    (await http().post('/api/v1/tickets').send(intake(no, clock.now().toISOString())).expect(201)).body
      .id as string;
  const deadlines = async (id: string) =>
    (await http().get(`/api/v1/tickets/${id}`).expect(200)).body.deadlines as Record<
      string,
      { dueAt: string; warnAt: string }
    >;
  const alertEvents = async (): Promise<RecordedEvent[]> => {
    const read = await api.get(EventStore).readAll({ limit: 10_000, categories: ['ticket', 'finding'] });
    return read.events.filter((event) => ALERT_TYPES.includes(event.type));
  };
  /** The one alert of a type for a stage of a case (the district's stage runs beside every other). */
  const ofType = async (type: string, caseId: string, stage: string) => {
    const found = (await alertEvents()).filter(
      (event) =>
        event.type === type &&
        event.stream.endsWith(caseId) &&
        (event.data as { stage?: string }).stage === stage,
    );
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('delivers every alert once to each matching webhook, signed, through failures, without personal data', async () => {
    await start([
      { id: 'supervisors', behaviour: 'flaky', roles: ['supervisor'] },
      { id: 'enforcement-duty', behaviour: 'flaky', units: ['enforcement'] },
      { id: 'housing-duty', behaviour: 'flaky', units: ['housing'] },
      {
        id: 'supervisors-urgent',
        behaviour: 'flaky',
        roles: ['supervisor'],
        kinds: ['overdue', 'supervision'],
      },
    ]);
    const signOnly = await receive('NT-SIGN');
    const handled = await receive('NT-HANDLE');
    await post(handled, 'sign');
    await post(handled, 'dispatch', { unitId: 'enforcement' });
    await post(handled, 'accept');
    await post(handled, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' });

    // The warning of the sign stage (no unit yet): the supervisors only.
    const sign = (await deadlines(signOnly)).sign!;
    clock.set(new Date(Date.parse(sign.warnAt) + 60_000));
    const warning = await eventually(() => ofType('TicketDeadlineWarning', signOnly, 'sign'));
    await until(() =>
      expect(receiver.delivered().map((p) => [p.hook, eventIdOf(p)])).toEqual([['supervisors', warning.id]]),
    );

    // Overdue: the supervisors and their overdue-only webhook.
    clock.set('2026-10-08T10:21:00+08:00');
    const overdue = await eventually(() => ofType('TicketOverdue', signOnly, 'sign'));
    await until(() =>
      expect(
        receiver
          .delivered()
          .filter((p) => eventIdOf(p) === overdue.id)
          .map((p) => p.hook)
          .sort(),
      ).toEqual(['supervisors', 'supervisors-urgent']),
    );

    // The handling stage of the enforcement unit goes overdue (and the sign stage escalates to 督办 meanwhile).
    const handle = (await deadlines(handled)).handle!;
    clock.set(new Date(Date.parse(handle.dueAt) + 60_000));
    const late = await eventually(() => ofType('TicketOverdue', handled, 'handle'));
    expect(late.data).toMatchObject({ stage: 'handle', unitId: 'enforcement' });
    await sleep(700); // a few sweeps: every alert that is due is in the log

    // Exactly what each webhook should get, from the log, and each delivered once (after two 500s).
    const events = await alertEvents();
    const data = (event: RecordedEvent) => event.data as { unitId?: string; reason?: string };
    const expected: Record<string, string[]> = {
      supervisors: events.map((e) => e.id),
      'enforcement-duty': events.filter((e) => data(e).unitId === 'enforcement').map((e) => e.id),
      'housing-duty': [],
      'supervisors-urgent': events
        .filter((e) => e.type.endsWith('Overdue') || data(e).reason === 'overdue')
        .map((e) => e.id),
    };
    expect(expected['enforcement-duty']).toContain(late.id);
    expect(expected.supervisors).toEqual(expect.arrayContaining([warning.id, overdue.id, late.id]));
    expect(events.some((e) => e.type === 'TicketEscalated')).toBe(true);
    const deliveries = () =>
      Object.fromEntries(
        Object.keys(expected).map((hook) => [hook, receiver.delivered(hook).map(eventIdOf).sort()]),
      );
    const wanted = Object.fromEntries(Object.entries(expected).map(([hook, ids]) => [hook, [...ids].sort()]));
    await until(() => expect(deliveries()).toEqual(wanted));
    await sleep(1000); // nothing more comes: no second delivery of anything
    expect(deliveries()).toEqual(wanted);
    for (const delivered of receiver.delivered()) {
      const attempts = receiver.posts.filter(
        (p) => p.hook === delivered.hook && eventIdOf(p) === eventIdOf(delivered),
      );
      expect(attempts.map((p) => p.status)).toEqual([500, 500, 200]);
    }

    for (const delivered of receiver.delivered()) {
      // Signed over the exact raw body with the webhook's own secret.
      const signature = createHmac('sha256', `secret-${delivered.hook}`).update(delivered.raw).digest('hex');
      expect(delivered.headers['x-chengyun-signature']).toBe(`sha256=${signature}`);
      expect(delivered.headers['content-type']).toBe('application/json');
      // The payload: ids, kind and times; nothing of the caller, the address or the texts.
      const body = bodyOf(delivered);
      expect(Object.keys(body).sort()).toEqual(
        ['at', 'caseId', 'caseType', 'dueAt', 'id', 'kind', 'position', 'stage', 'type', 'unitId'].sort(),
      );
      expect(body.id).toBe(eventIdOf(delivered));
      const text = delivered.raw.toString('utf8');
      for (const personal of [CALLER.name, CALLER.phone, CALLER.phone.slice(-4), ADDRESS, '威海路', '施工']) {
        expect(text).not.toContain(personal);
      }
    }
    const lateBody = bodyOf(receiver.delivered('enforcement-duty').find((p) => eventIdOf(p) === late.id)!);
    expect(lateBody).toEqual({
      id: late.id,
      type: 'TicketOverdue',
      caseType: 'ticket',
      caseId: handled,
      kind: 'overdue',
      stage: 'handle',
      dueAt: handle.dueAt,
      unitId: 'enforcement',
      at: (late.data as { at: string }).at,
      position: late.position,
    });
  });

  it('holds warnings back in quiet hours while overdue goes at once; a stuck or failing receiver holds up no other', async () => {
    // The stuck and the failing receivers come first: with one delivery at a time, they would hold the others up.
    await start(
      [
        { id: 'stuck', behaviour: 'stuck', roles: ['supervisor'] },
        { id: 'broken', behaviour: 'broken', roles: ['supervisor'], kinds: ['overdue'] },
        { id: 'supervisors', behaviour: 'ok', roles: ['supervisor'] },
      ],
      { NOTIFY_QUIET_HOURS: '09:00-11:00', NOTIFY_RETRY_BASE_MS: '10' },
    );
    const logged: { level: LogLevel; msg: string; fields: Readonly<Record<string, unknown>> }[] = [];
    const logger = system.worker!.get(JsonLogger);
    const event = logger.event.bind(logger);
    logger.event = (level, msg, fields = {}, context) => {
      logged.push({ level, msg, fields });
      event(level, msg, fields, context);
    };
    const queue = new Queue(QUEUES.notifications, {
      connection: { url: system.config.redisUrl },
      prefix: queuePrefix(system.config),
    });
    try {
      const id = await receive('NT-QUIET');
      const { warnAt } = (await deadlines(id)).sign!;
      const warnedAt = new Date(Date.parse(warnAt) + 60_000);
      expect(warnedAt.toISOString()).toMatch(/^2026-10-08T0[12]:/); // 09:00–11:00 in Shanghai

      // The warning is recorded at once, but its deliveries wait until 11:00 in Shanghai.
      clock.set(warnedAt);
      const warning = await eventually(() => ofType('TicketDeadlineWarning', id, 'sign'));
      expect((warning.data as { at: string }).at).toBe(warnedAt.toISOString());
      const held = await eventually(async () => {
        const job = await queue.getJob(`supervisors|${warning.id}`);
        expect(job).toBeDefined();
        return job!;
      });
      expect(await held.getState()).toBe('delayed');
      expect(held.opts.delay).toBe(Date.parse('2026-10-08T11:00:00+08:00') - warnedAt.getTime());
      expect(await queue.getJob(`broken|${warning.id}`)).toBeUndefined(); // overdue only

      // The overdue goes out at once, in quiet hours, while the stuck receiver has not answered its copy.
      clock.set('2026-10-08T10:21:00+08:00');
      const overdue = await eventually(() => ofType('TicketOverdue', id, 'sign'));
      const raisedAt = Date.now();
      const delivered = await until(() => {
        const found = receiver.delivered('supervisors').filter((p) => eventIdOf(p) === overdue.id);
        expect(found).toHaveLength(1);
        return found[0]!;
      });
      expect(delivered.at - raisedAt).toBeLessThan(2500); // well before the stuck receiver's 5 s timeout
      expect(receiver.posts.filter((p) => p.hook === 'stuck').map(eventIdOf)).toEqual([overdue.id]);
      expect(receiver.posts.some((p) => eventIdOf(p) === warning.id)).toBe(false);

      // The broken receiver gets every attempt (10 ms, 20 ms, … backoff), then the job stays failed, with a warning.
      const failed = await eventually(async () => {
        const job = await queue.getJob(`broken|${overdue.id}`);
        expect(await job?.getState()).toBe('failed');
        // Read again once failed: the copy read before the state may predate the last attempt.
        return (await queue.getJob(`broken|${overdue.id}`))!;
      }, 20_000);
      expect(failed.attemptsMade).toBeGreaterThanOrEqual(8);
      // (Counted for this alert only: the broken receiver may still be getting retries of other alerts.)
      expect(receiver.posts.filter((p) => p.hook === 'broken' && eventIdOf(p) === overdue.id)).toHaveLength(
        failed.attemptsMade,
      );
      expect(failed.failedReason).toBe('answered 500');
      await until(() =>
        expect(logged).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            msg: expect.stringContaining('gave up'),
            fields: expect.objectContaining({ webhook: 'broken', event: overdue.id }),
          }),
        ),
      );
      expect(receiver.delivered().map((p) => [p.hook, eventIdOf(p)])).toEqual([['supervisors', overdue.id]]);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
