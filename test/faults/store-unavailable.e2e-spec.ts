import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '#event-store';
import request from 'supertest';
import { freePort } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { eventually } from '../support/test-env.js';
import { lockSqliteFile, type SqliteLocker } from './support/sqlite-locker.js';
import { ticketIntake } from '../support/fixtures.js';

/*
 * Issue 10, scenario 4: the event store is unavailable. (a) Another OS process holds the SQLite file's write lock
 * (BEGIN EXCLUSIVE): every command answers 503 with Retry-After within a few seconds, nothing is written, and once
 * the lock is let go the same commands, retried with the same Idempotency-Key, take effect exactly once; the worker
 * in the same process carries on and the read models show every ticket. (b) EVENT_STORE=eventstoredb with nobody
 * listening: the API starts, commands answer 503 with Retry-After at once, health says the store is down.
 */
const intake = (ticketNo: string) => ticketIntake(ticketNo, '2026-11-27T02:00:00.000Z');
const COMMANDS = 6;

describe('fault: the event store unavailable or locked', () => {
  let system: TestApi | undefined;
  let locker: SqliteLocker | undefined;
  afterEach(async () => {
    await locker?.release();
    locker = undefined;
    await system?.close();
    system = undefined;
  });

  it('answers 503 + Retry-After while the SQLite file is locked by another process, writes nothing, then recovers', async () => {
    system = await startTestApi({}, undefined, { worker: true });
    const api: NestFastifyApplication = system.app;
    const http = () => request(api.getHttpServer());
    const store = api.get(EventStore);
    const ids: string[] = [];
    for (let i = 0; i < COMMANDS; i += 1) {
      ids.push(
        (
          await http()
            .post('/api/v1/tickets')
            .send(intake(`SU-PRE-${i}`))
            .expect(201)
        ).body.id as string,
      );
    }
    // Every command of the fault, as one client would send and resend it: the same Idempotency-Key each time.
    const commands = [
      ...ids.map(
        (id, i) => () =>
          http()
            .post(`/api/v1/tickets/${id}/sign`)
            .set('x-actor-id', 'tester')
            .set('idempotency-key', `su-sign-${i}`)
            .send({}),
      ),
      ...ids.map(
        (_, i) => () =>
          http()
            .post('/api/v1/tickets')
            .set('idempotency-key', `su-intake-${i}`)
            .send(intake(`SU-LOCK-${i}`)),
      ),
    ];
    const head = await store.headPosition();

    locker = await lockSqliteFile(system.config.sqliteFile);
    // The event loop stays free while appends wait for the lock (better-sqlite3 waits synchronously).
    let loopGapMs = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      loopGapMs = Math.max(loopGapMs, Date.now() - last);
      last = Date.now();
    }, 10);
    const started = Date.now();
    const together = await Promise.all(commands.map((command) => command()));
    const togetherMs = Date.now() - started;
    const one = Date.now();
    const alone = await commands[0]!();
    const aloneMs = Date.now() - one;
    const health = await http().get('/api/v1/health');
    clearInterval(ticker);
    for (const answer of [...together, alone]) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toMatchObject({ status: 503, type: 'urn:chengyun:problem:unavailable' });
    }
    expect(togetherMs).toBeLessThan(10_000);
    expect(aloneMs).toBeLessThan(10_000);
    expect(await store.headPosition()).toBe(head);

    await locker.release();
    locker = undefined;
    const first = await Promise.all(commands.map((command) => command()));
    const again = await Promise.all(commands.map((command) => command()));
    expect(first.map((answer) => [answer.status, answer.body.replayed])).toEqual(
      commands.map((_, i) => [i < COMMANDS ? 200 : 201, false]),
    );
    expect(again.map((answer) => answer.body.replayed)).toEqual(commands.map(() => true));
    for (const id of ids) {
      const types = (await store.readStream(`ticket-${id}`)).map((event) => event.type);
      expect(types.filter((type) => type === 'TicketSigned')).toHaveLength(1);
    }
    const created = first.slice(COMMANDS).map((answer) => answer.body.id as string);
    for (const id of created) expect(await store.readStream(`ticket-${id}`)).toHaveLength(1);
    // The worker lived through it: the read model lists every ticket.
    const total = await eventually(async () => {
      const list = (await http().get('/api/v1/tickets?limit=100').expect(200)).body.items as unknown[];
      expect(list).toHaveLength(2 * COMMANDS);
      return list.length;
    }, 20_000);
    process.stdout.write(
      `[fault store-unavailable] SQLite locked by another process: ${together.length + 1} commands answered 503 ` +
        `+ Retry-After (${together.length} together in ${togetherMs} ms, one alone in ${aloneMs} ms, longest ` +
        `event-loop stall ${loopGapMs} ms), 0 events written (head ${head}); health during the lock: ` +
        `${health.status} (eventStore ${String(health.body?.checks?.eventStore?.status)}); after release ` +
        `${first.length} retries with the same keys applied once, ${again.length} re-retries replayed, ` +
        `${total} tickets in the read model\n`,
    );
  }, 60_000);

  it('starts against an unreachable EventStoreDB, answers 503 + Retry-After at once and reports the store down', async () => {
    const port = await freePort();
    const booting = Date.now();
    system = await startTestApi({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false`,
    });
    const bootMs = Date.now() - booting;
    const http = () => request(system!.app.getHttpServer());
    const sent = Date.now();
    const answers = await Promise.all(
      [0, 1, 2].map((i) =>
        http()
          .post('/api/v1/tickets')
          .set('idempotency-key', `es-${i}`)
          .send(intake(`ES-${i}`)),
      ),
    );
    const commandMs = Date.now() - sent;
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
    }
    expect(commandMs).toBeLessThan(10_000);
    const health = await http().get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'down', checks: { eventStore: { status: 'down' } } });
    process.stdout.write(
      `[fault store-unavailable] EventStoreDB unreachable (esdb://127.0.0.1:${port}): API up in ${bootMs} ms, ` +
        `${answers.length} commands answered 503 + Retry-After in ${commandMs} ms, health 503 (eventStore down: ` +
        `${String(health.body.checks.eventStore.error).slice(0, 80)})\n`,
    );
  }, 60_000);
});
