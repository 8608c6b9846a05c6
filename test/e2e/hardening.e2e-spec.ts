import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 24: the findings of the adversarial probe, each held by a test that failed before the fix
 * (docs/security.md lists every promise with its test).
 */
const PASSWORD = 'chengyun-demo';
const PHONE = '13912345678';
const NAME = '韩梅梅';

const intake = (ticketNo: string, caller?: object) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '工地夜间施工',
  address: '威海路100号',
  gridId: 'g2-03',
  ...(caller ? { caller } : {}),
});

describe('issue 24: idempotency keys are bound to their request', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const tokens = new Map<string, string>();
  const http = () => request(api.getHttpServer());
  const auth = (username: string) => ({ authorization: `Bearer ${tokens.get(username) ?? ''}` });
  const stream = async (id: string) => api.get(EventStore).readStream(`ticket-${id}`);

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', AUTH_ACCESS_TTL_S: '86400' }, clock);
    api = system.app;
    for (const username of ['dispatcher', 'supervisor', 'integration']) {
      const answer = await http()
        .post('/api/v1/auth/token')
        .send({ username, password: PASSWORD })
        .expect(200);
      tokens.set(username, answer.body.accessToken as string);
    }
  });
  afterAll(async () => {
    await system.close();
  });

  const newTicket = async (ticketNo: string) => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(auth('integration'))
      .send(intake(ticketNo, { name: NAME, phone: PHONE, confidential: false }))
      .expect(201);
    return created.body.id as string;
  };

  it('never hands a reveal replay to another account: 422, no caller data, nothing written, logged', async () => {
    const id = await newTicket('IDEM-REVEAL-1');
    const first = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(200);
    expect(first.body.caller).toMatchObject({ name: NAME, phone: PHONE });
    const before = await stream(id);
    const stolen = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('supervisor'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(422);
    expect(stolen.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(stolen.text).not.toContain(PHONE);
    expect(stolen.text).not.toContain(NAME);
    expect(await stream(id)).toHaveLength(before.length);
    // The account that made it gets its answer again, and the replay is in the security log.
    const again = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(200);
    expect(again.body).toMatchObject({ replayed: true, caller: { phone: PHONE } });
    expect(system.lines.some((line) => line.includes('"security":"caller.reveal-replayed"'))).toBe(true);
    expect(system.lines.join('\n')).not.toContain(PHONE);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body or route, and writes nothing', async () => {
    const id = await newTicket('IDEM-BODY-1');
    await http()
      .post(`/api/v1/tickets/${id}/sign`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'sign-key-1')
      .expect(200);
    const head = await api.get(EventStore).headPosition();
    const otherRoute = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'sign-key-1')
      .send({ unitId: 'enforcement' })
      .expect(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'enforcement' })
      .expect(200);
    const head2 = await api.get(EventStore).headPosition();
    const otherBody = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'market' })
      .expect(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await api.get(EventStore).headPosition()).toBe(head2);
    expect(head2).not.toBe(head);
    // The same request again is a replay.
    const replay = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'enforcement' })
      .expect(200);
    expect(replay.body.replayed).toBe(true);
  });

  it('gives concurrent first uses of one key exactly one effect; the other bodies get 422', async () => {
    const id = await newTicket('IDEM-RACE-1');
    await http().post(`/api/v1/tickets/${id}/sign`).set(auth('dispatcher')).expect(200);
    const before = (await stream(id)).length;
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        http()
          .post(`/api/v1/tickets/${id}/dispatch`)
          .set(auth('dispatcher'))
          .set('idempotency-key', 'race-key-1')
          .send({ unitId: i % 2 === 0 ? 'enforcement' : 'market' }),
      ),
    );
    const events = (await stream(id)).slice(before);
    expect(events).toHaveLength(1);
    const unit = (events[0]?.data as { unitId: string }).unitId;
    answers.forEach((answer, i) => {
      const mine = i % 2 === 0 ? 'enforcement' : 'market';
      expect(answer.status).toBe(mine === unit ? 200 : 422);
    });
  });
});
