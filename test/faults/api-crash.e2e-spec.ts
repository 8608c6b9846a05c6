import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordedEvent, SqliteEventStore, START } from '#event-store';
import { Rng } from '#simulator';
import type { Launched } from '../support/processes.js';
import { freePort } from '../support/processes.js';
import { dropRedisPrefix } from '../support/test-env.js';
import { faultPlace, KILLS, kill, launchApp, REDIS_URL, sleep } from './support/fault-env.js';

/*
 * Issue 10, scenario 1: the API is killed with SIGKILL at random moments under load and restarted, again and again.
 * Clients do what a careful client does: when a request gets no answer they send the same request again — the same
 * ticketNo for an intake, the same Idempotency-Key for a command — until they get one. Afterwards the event store
 * must hold exactly one effect of every acknowledged request: nothing lost, nothing twice.
 */
const CLIENTS = 6;
const SEED = Number(process.env.FAULT_SEED ?? 10_001);

interface Acked {
  /** ticketNo → ticket id, for every acknowledged intake. */
  readonly tickets: Map<string, string>;
  /** Ticket ids whose sign was acknowledged. */
  readonly signed: Set<string>;
  /** Ticket id → acknowledged urges (each with its own Idempotency-Key). */
  readonly urges: Map<string, number>;
  /** Requests answered only after being sent again (a connection reset or refused, or a 503). */
  retried: number;
  /** Of those, the ones whose earlier attempt had taken effect: the answer was the replay of the first. */
  replayed: number;
  /** Answers other than 2xx: none is expected. */
  readonly failures: string[];
}

describe('fault: the API killed with SIGKILL under load', () => {
  const { dir, prefix } = faultPlace('api-crash');
  let api: Launched | undefined;
  let port = 0;

  afterAll(async () => {
    if (api) await kill(api);
    await dropRedisPrefix({ redisUrl: REDIS_URL, redisPrefix: prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  const startApi = async (): Promise<Launched> => {
    const launched = launchApp('api', {
      PORT: String(port),
      DATA_DIR: dir,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      AUTH_MODE: 'off',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (health.status < 500 || health.status === 503) return launched;
      } catch {
        // not listening yet
      }
      if (launched.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the API did not start:\n${launched.output()}`);
      }
      await sleep(50);
    }
  };

  it(`keeps exactly one effect of every acknowledged command across ${KILLS} kills`, async () => {
    port = await freePort();
    api = await startApi();
    const rng = new Rng(SEED, 'api-crash');
    const acked: Acked = {
      tickets: new Map(),
      signed: new Set(),
      urges: new Map(),
      retried: 0,
      replayed: 0,
      failures: [],
    };
    let stop = false;
    let ackedSinceStart = 0;
    let inFlight = 0;

    /** Sends one request until it gets an answer; answers the status and body of that answer. */
    const deliver = async (method: string, path: string, body: object, key?: string) => {
      for (let attempt = 1; ; attempt += 1) {
        inFlight += 1;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
            method,
            headers: {
              'content-type': 'application/json',
              'x-actor-id': 'load',
              'x-actor-role': 'dispatcher',
              ...(key ? { 'idempotency-key': key } : {}),
            },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(20_000),
          });
          const text = await response.text();
          if (response.status === 503) throw new Error('unavailable');
          if (response.status >= 200 && response.status < 300) ackedSinceStart += 1;
          const answer = JSON.parse(text) as Record<string, unknown>;
          if (attempt > 1) {
            acked.retried += 1;
            if (answer.replayed === true || (key === undefined && response.status === 200))
              acked.replayed += 1;
          }
          return { status: response.status, body: answer };
        } catch {
          await sleep(25);
        } finally {
          inFlight -= 1;
        }
      }
    };

    const client = async (c: number) => {
      const own: string[] = [];
      for (let n = 0; !stop; n += 1) {
        const unsigned = own.find((id) => !acked.signed.has(id));
        if (unsigned) {
          const answer = await deliver('POST', `/tickets/${unsigned}/sign`, {}, `sign-${unsigned}`);
          if (answer.status === 200) acked.signed.add(unsigned);
          else acked.failures.push(`sign ${unsigned} → ${answer.status} ${JSON.stringify(answer.body)}`);
        } else if (own.length > 0 && n % 3 === 2) {
          const id = own[n % own.length] as string;
          const answer = await deliver('POST', `/tickets/${id}/urge`, { note: '催办' }, `urge-${c}-${n}`);
          if (answer.status === 200) acked.urges.set(id, (acked.urges.get(id) ?? 0) + 1);
          else acked.failures.push(`urge ${id} → ${answer.status} ${JSON.stringify(answer.body)}`);
        } else {
          const ticketNo = `CRASH-${c}-${n}`;
          const answer = await deliver('POST', '/tickets', {
            ticketNo,
            receivedAt: '2026-03-02T09:15:00+08:00',
            type: 'complaint',
            urgency: 'normal',
            category: { code: '01.03.02' },
            title: '噪声扰民',
            content: '夜间施工',
            address: '威海路100号',
          });
          if (answer.status === 200 || answer.status === 201) {
            acked.tickets.set(ticketNo, answer.body.id as string);
            own.push(answer.body.id as string);
          } else acked.failures.push(`intake ${ticketNo} → ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      }
    };

    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    let kills = 0;
    let underLoad = 0;
    for (; kills < KILLS; kills += 1) {
      // A random moment once the restarted API is serving again.
      ackedSinceStart = 0;
      while (ackedSinceStart < 3) await sleep(10);
      await sleep(rng.between(0, 400));
      if (inFlight > 0) underLoad += 1;
      await kill(api);
      api = await startApi();
    }
    stop = true;
    await load;
    await kill(api);
    api = undefined;

    // Every acknowledged request has exactly one effect in the store; nothing else is there.
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const streams = new Map<string, RecordedEvent[]>();
    let position = START;
    let total = 0;
    for (;;) {
      const page = await store.readAll({ after: position, limit: 2000, categories: ['ticket'] });
      for (const event of page.events) {
        streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
        total += 1;
      }
      position = page.next;
      if (page.atEnd) break;
    }
    await store.close();
    const problems: string[] = [...acked.failures];
    const count = (events: readonly RecordedEvent[], type: string) =>
      events.filter((event) => event.type === type).length;
    for (const [ticketNo, id] of acked.tickets) {
      const events = streams.get(`ticket-${id}`) ?? [];
      if (count(events, 'TicketReceived') !== 1)
        problems.push(`${ticketNo}: ${count(events, 'TicketReceived')} intakes`);
      const signs = count(events, 'TicketSigned');
      if (signs !== (acked.signed.has(id) ? 1 : 0)) problems.push(`${ticketNo}: ${signs} signs`);
      const urges = count(events, 'TicketUrged');
      if (urges !== (acked.urges.get(id) ?? 0)) {
        problems.push(`${ticketNo}: ${urges} urges stored, ${acked.urges.get(id) ?? 0} acknowledged`);
      }
    }
    const known = new Set([...acked.tickets.values()].map((id) => `ticket-${id}`));
    for (const stream of streams.keys())
      if (!known.has(stream)) problems.push(`${stream}: never acknowledged`);
    expect(problems).toEqual([]);
    expect(kills).toBe(KILLS);
    const urged = [...acked.urges.values()].reduce((sum, n) => sum + n, 0);
    const commands = acked.tickets.size + acked.signed.size + urged;
    process.stdout.write(
      `[fault api-crash] ${kills} SIGKILLs under load (${underLoad} with requests in flight), ${commands} acknowledged ` +
        `commands (${acked.tickets.size} intakes, ${acked.signed.size} signs, ${urged} urges), ${acked.retried} ` +
        `answered only after a resend, ${acked.replayed} of them replays of an effect already stored; ${total} events checked: every acknowledged command exactly once, nothing else\n`,
    );
  }, 600_000);
});
