import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * A caller's personal data end to end (docs/domain.md §4, issue 7): masked everywhere by default, hidden from the
 * unit when confidential, revealed only with a reason that the ticket's history records, and erased after the
 * retention period so thoroughly that the number is in no file of the data directory, no Redis key and no log line.
 */
const PHONE = '13912345678';
const MASKED = '*******5678';
const NAME = '韩梅梅';
const CONFIDENTIAL_PHONE = '13687654321';
const RETENTION_DAYS = 30;
const DAY = 86_400_000;

const intake = (ticketNo: string, caller: object) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '工地夜间施工',
  address: '威海路100号',
  gridId: 'g2-03',
  caller,
});

describe('callers’ personal data: masked, revealed with a reason, erased for good', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const tokens = new Map<string, string>();
  /** Every response body of the test except the reveals: none may carry the number or the name. */
  const seen: string[] = [];

  const login = async () => {
    for (const username of ['admin', 'dispatcher', 'supervisor', 'integration', 'handler-enforcement']) {
      const answer = await request(api.getHttpServer())
        .post('/api/v1/auth/token')
        .send({ username, password: 'chengyun-demo' })
        .expect(200);
      tokens.set(username, answer.body.accessToken as string);
    }
  };
  const as = (username: string) => {
    const auth = `Bearer ${tokens.get(username) ?? ''}`;
    const http = request(api.getHttpServer());
    const keep = (response: request.Response) => {
      seen.push(response.text);
      return response;
    };
    return {
      get: async (path: string, status: number) =>
        keep(await http.get(`/api/v1${path}`).set('authorization', auth).expect(status)),
      post: async (path: string, body: object, status: number) =>
        keep(await http.post(`/api/v1${path}`).set('authorization', auth).send(body).expect(status)),
      reveal: (id: string, body: object) =>
        http.post(`/api/v1/tickets/${id}/caller/reveal`).set('authorization', auth).send(body),
    };
  };
  const head = () => api.get(EventStore).headPosition();

  beforeAll(async () => {
    system = await startTestApi(
      {
        DEMO: 'true',
        AUTH_MODE: 'token',
        PERSONAL_DATA_RETENTION_DAYS: String(RETENTION_DAYS),
        AUTH_ACCESS_TTL_S: '86400',
      },
      clock,
      { worker: true },
    );
    api = system.app;
    await login();
  });
  afterAll(() => system.close());

  it('masks, hides, reveals with a recorded reason, and erases after the retention period', async () => {
    const id = (
      await as('integration').post(
        '/tickets',
        intake('PII-1', { name: NAME, phone: PHONE, confidential: false }),
        201,
      )
    ).body.id as string;
    const secret = (
      await as('integration').post(
        '/tickets',
        intake('PII-2', { name: '李雷', phone: CONFIDENTIAL_PHONE, confidential: true }),
        201,
      )
    ).body.id as string;
    let position = '';
    for (const ticket of [id, secret]) {
      await as('dispatcher').post(`/tickets/${ticket}/sign`, {}, 200);
      await as('dispatcher').post(`/tickets/${ticket}/dispatch`, { unitId: 'enforcement' }, 200);
      position = (await as('handler-enforcement').post(`/tickets/${ticket}/accept`, {}, 200)).body.position;
    }

    // Masked for the center, in the detail and the list.
    const detail = await as('dispatcher').get(`/tickets/${id}`, 200);
    expect(detail.body.intake.caller).toMatchObject({ confidential: false, phoneMasked: MASKED });
    const listed = await as('supervisor').get(`/tickets?minPosition=${position}`, 200);
    expect(listed.text).toContain(MASKED);
    // A confidential caller: nothing of them for the unit, not even by asking with a reason.
    const unitView = await as('handler-enforcement').get(`/tickets/${secret}`, 200);
    expect(unitView.body.callerHidden).toBe(true);
    expect(unitView.text).not.toContain('****');
    const before = await head();
    const refused = await as('handler-enforcement').reveal(secret, { reason: '先行联系' }).expect(403);
    expect(refused.body.code).toBe('TICKET.CALLER_CONFIDENTIAL');
    expect(refused.text).not.toContain(CONFIDENTIAL_PHONE);
    // No reason, no number; and nothing written either way.
    const noReason = await as('dispatcher').reveal(id, {}).expect(400);
    expect([...new Set((noReason.body.errors as { field: string }[]).map((error) => error.field))]).toEqual([
      'reason',
    ]);
    expect(await head()).toBe(before);

    // 查看号码: the unit that must call gets the number, and the ticket records who, when and why.
    const revealed = await as('handler-enforcement')
      .reveal(id, { reason: '先行联系，核实施工地点' })
      .expect(200);
    expect(revealed.body.caller).toEqual({ callTicketNo: 'PII-1', name: NAME, phone: PHONE });
    expect(revealed.headers['cache-control']).toBe('no-store');
    const history = (await as('supervisor').get(`/tickets/${id}`, 200)).body.history as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(history.filter((entry) => entry.type === 'CallerContactRevealed')).toEqual([
      expect.objectContaining({
        data: {
          callTicketNo: 'PII-1',
          by: { id: 'handler-enforcement', role: 'handler', unitId: 'enforcement' },
          reason: '先行联系，核实施工地点',
          at: clock.now().toISOString(),
        },
      }),
    ]);

    // The ticket ends; erasure waits for the retention period, and only an admin may ask for it.
    await as('dispatcher').post(`/tickets/${id}/park`, { reason: '长期问题，转入挂账' }, 200);
    await as('dispatcher').post(`/tickets/${id}/close`, { reason: '挂账办结' }, 200);
    await as('dispatcher').post(`/tickets/${id}/caller/erasure`, { reason: '保存期满' }, 403);
    const early = await as('admin').post(`/tickets/${id}/caller/erasure`, { reason: '保存期满' }, 422);
    expect(early.body.code).toBe('TICKET.RETENTION_NOT_OVER');

    clock.advance(RETENTION_DAYS * DAY);
    await login();
    const erased = await as('admin').post(`/tickets/${id}/caller/erasure`, { reason: '保存期满' }, 200);
    expect(erased.body.erasedSubjects).toBe(1);
    const again = await as('admin').post(`/tickets/${id}/caller/erasure`, { reason: '保存期满' }, 200);
    expect(again.body).toMatchObject({ erasedSubjects: 1, revision: erased.body.revision });

    // Every view shows the caller as erased: the detail, its history, the lists; a reveal has nothing to show.
    const after = await as('dispatcher').get(`/tickets/${id}`, 200);
    expect(after.body.intake.caller).toEqual({
      subjectId: expect.any(String) as string,
      confidential: false,
      erased: true,
    });
    expect(after.body.callerErasedAt).toBe(clock.now().toISOString());
    expect(after.text).not.toContain(MASKED);
    const list = await as('dispatcher').get(`/tickets?minPosition=${erased.body.position}`, 200);
    const doc = (list.body.items as { id: string }[]).find((item) => item.id === id);
    expect(doc).toMatchObject({ phoneMasked: null, callerErased: true, hasCaller: true });
    expect(list.text).not.toContain(MASKED);
    const gone = await as('dispatcher').reveal(id, { reason: '回访' }).expect(409);
    expect(gone.body.code).toBe('TICKET.CALLER_ERASED');

    // And the number is nowhere: no response of the test (but the reveal), no file, no Redis key, no log line.
    for (const text of [...seen, gone.text]) {
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(NAME);
    }
    const places = await everywhere(system);
    const found = places.filter(({ text }) => text.includes(PHONE) || text.includes(NAME));
    expect(found.map(({ place }) => place)).toEqual([]);
    // The confidential caller of the other ticket is still kept in the vault, encrypted at rest (issue 24): in no
    // file, key or log in clear, and still there for a reveal.
    const kept = places.filter(({ text }) => text.includes(CONFIDENTIAL_PHONE)).map(({ place }) => place);
    expect(kept).toEqual([]);
    const stillKept = await as('dispatcher').reveal(secret, { reason: '核实来电人身份' });
    expect(stillKept.status).toBe(200);
    expect(stillKept.body.caller.phone).toBe(CONFIDENTIAL_PHONE);
    process.stdout.write(
      `[privacy] after erasure ${PHONE.slice(0, 3)}… found in 0 of ${places.length} places ` +
        '(data-directory files, Redis keys, API and worker logs)\n',
    );
  });
});

/** Every place the system keeps bytes: each file of the data directory, each Redis key of the prefix, each log. */
async function everywhere(system: TestApi): Promise<{ place: string; text: string }[]> {
  const places: { place: string; text: string }[] = [];
  const dir = system.config.dataDir;
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, file);
    if (existsSync(path) && !file.endsWith('/')) {
      try {
        places.push({
          place: `file ${file}`,
          text: readFileSync(path).toString('latin1') + readFileSync(path, 'utf8'),
        });
      } catch {
        // a directory
      }
    }
  }
  const redis = new Redis(system.config.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${system.config.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) places.push({ place: `redis ${key}`, text: await redisText(redis, key) });
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  places.push({ place: 'api log', text: system.lines.join('\n') });
  places.push({ place: 'worker log', text: system.workerLines.join('\n') });
  return places;
}

async function redisText(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
