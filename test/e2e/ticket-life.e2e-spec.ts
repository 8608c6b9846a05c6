import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, ManualClock } from '#core';
import { EventStore } from '#event-store';
import { PersonalDataVault } from '#platform';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** A 12345 ticket as the district platform delivers it. */
const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02', path: ['城市管理', '噪声污染', '建筑施工噪声'] },
  title: '夜间施工噪声扰民',
  content: '市民反映威海路某工地每晚22点后仍在施工，噪声很大，要求处理。',
  address: '静安区威海路100号',
  channel: 'phone',
  gridId: 'g2-03',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
});

describe('a 12345 ticket over HTTP, on the SQLite store', () => {
  let testApi: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;
  let lines: string[];

  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:20:00+08:00'); // a Monday
    testApi = await startTestApi({ DEMO: 'true' }, clock);
    api = testApi.app;
    lines = testApi.lines;
  });

  afterEach(() => testApi.close());

  const http = () => request(api.getHttpServer());
  const post = (id: string, action: string, body: object = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('x-actor-id', 'tester').send(body);

  it('walks its whole life: intake to close, with a rework and a reopen, every stage with its deadline', async () => {
    const received = await http().post('/api/v1/tickets').send(intake('HL2026030200001')).expect(201);
    const id: string = received.body.id;
    expect(received.headers.location).toBe(`/api/v1/tickets/${id}`);

    await post(id, 'sign').expect(200);
    await post(id, 'dispatch', { unitId: 'enforcement', coUnitIds: ['market'] }).expect(200);
    clock.advance(30 * 60_000);
    await post(id, 'accept').expect(200);
    await post(id, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' }).expect(200);
    await post(id, 'contacts', { phase: 'before-reply', channel: 'phone', outcome: 'reached' }).expect(200);
    clock.advance(24 * 3600_000);
    await post(id, 'reply', { result: 'resolved', summary: '已责令工地22点后停止施工。' }).expect(200);
    await post(id, 'review', { approved: true }).expect(200);
    // 街道回访: dissatisfied → 预警工单, rework back to the unit.
    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'dissatisfied' }).expect(
      200,
    );
    let ticket = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    expect(ticket.warning).toBe(true);

    await post(id, 'contacts', { phase: 'before-reply', channel: 'visit', outcome: 'reached' }).expect(200);
    await post(id, 'reply', { result: 'resolved', summary: '已现场督促整改，夜间停工。' }).expect(200);
    await post(id, 'review', { approved: true }).expect(200);
    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' }).expect(200);
    await post(id, 'reply-upstream').expect(200);
    // 12345 回访: dissatisfied → reopen (重办) with a new 3-working-day stage.
    await post(id, 'callbacks', {
      by: 'hotline',
      outcome: 'reached',
      satisfaction: 'dissatisfied',
      resolved: false,
    }).expect(200);
    await post(id, 'reopen', { kind: 'redo', reason: '市民仍不满意' }).expect(200);
    await post(id, 'contacts', { phase: 'before-reply', channel: 'phone', outcome: 'reached' }).expect(200);
    await post(id, 'reply', { result: 'resolved', summary: '工地已停工整改。' }).expect(200);
    await post(id, 'review', { approved: true }).expect(200);
    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' }).expect(200);
    await post(id, 'reply-upstream').expect(200);
    const closing = await post(id, 'callbacks', {
      by: 'hotline',
      outcome: 'reached',
      satisfaction: 'satisfied',
      resolved: true,
    });
    expect(closing.status).toBe(200);

    const final = await http().get(`/api/v1/tickets/${id}`).expect(200);
    ticket = final.body;
    expect(ticket.status).toBe('closed');
    expect(final.headers.etag).toBe(`"${ticket.revision}"`);
    expect(ticket.ticketNo).toBe('HL2026030200001');
    expect(ticket.unitId).toBe('enforcement');
    // Every stage shows its recorded deadline with the calendar version it was computed on.
    for (const stage of ['sign', 'firstContact'] as const) {
      expect(ticket.deadlines[stage]).toMatchObject({
        dueAt: expect.any(String),
        warnAt: expect.any(String),
        limit: expect.any(String),
        calendarVersion: expect.stringMatching(/^official-2020-2026/),
        provisional: false,
      });
    }
    expect(ticket.deadlines.sign.limit).toBe('2wh');
    expect(ticket.history.map((e: { type: string }) => e.type)).toContain('TicketReopened');
    expect(ticket.history[0]).toMatchObject({
      revision: 0,
      type: 'TicketReceived',
      actor: { id: 'anonymous' },
    });
    expect(ticket.history.at(-1).actor).toEqual({ id: 'tester', role: 'anonymous' });
    // The caller's name and number are not in the ticket, only the masked number.
    const text = JSON.stringify(ticket);
    expect(text).not.toContain('13812341234');
    expect(text).not.toContain('王先生');
    expect(text).toContain('*******1234');
  });

  it('keeps exactly one ticket when the same 12345 ticket is delivered 100 times', async () => {
    const first = await http().post('/api/v1/tickets').send(intake('HL2026030200002')).expect(201);
    const deliveries = [];
    for (let i = 0; i < 99; i += 1)
      deliveries.push(http().post('/api/v1/tickets').send(intake('HL2026030200002')));
    const responses = await Promise.all(deliveries);
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([first.body.id]));

    const store = api.get(EventStore);
    const events = await store.readStream(`ticket-${first.body.id}`);
    expect(events.map((e) => e.type)).toEqual(['TicketReceived']);
    const all = await store.readAll({ limit: 10_000, categories: ['ticket'] });
    expect(all.events).toHaveLength(1);
    const caller = (events[0]?.data as { caller: { subjectId: string } }).caller;
    expect(await api.get(PersonalDataVault).read(caller.subjectId)).toEqual({
      status: 'present',
      data: { name: '王先生', phone: '13812341234' },
    });
  });

  it('answers 409 when the same number arrives with other content, changing nothing', async () => {
    const first = await http().post('/api/v1/tickets').send(intake('HL2026030200003')).expect(201);
    const other = await http()
      .post('/api/v1/tickets')
      .send({ ...intake('HL2026030200003'), title: '另一件事' })
      .expect(409);
    expect(other.body).toMatchObject({ code: 'TICKET.INTAKE_CONFLICT' });
    const events = await api.get(EventStore).readStream(`ticket-${first.body.id}`);
    expect(events).toHaveLength(1);
  });

  it('answers 412 to a stale If-Match and applies a fresh one', async () => {
    const { id } = (await http().post('/api/v1/tickets').send(intake('HL2026030200004')).expect(201)).body;
    await post(id, 'sign').set('if-match', '"5"').expect(412);
    const signed = await post(id, 'sign').set('if-match', '"0"').expect(200);
    expect(signed.headers.etag).toBe('"1"');
  });

  it('answers 409 naming the state for a transition it does not allow, 404 for an unknown ticket, 422 for an unknown unit', async () => {
    const { id } = (await http().post('/api/v1/tickets').send(intake('HL2026030200005')).expect(201)).body;
    const early = await post(id, 'reply', { result: 'resolved', summary: '...' }).expect(409);
    expect(early.body.detail).toContain('received');
    await post('00000000-0000-5000-8000-000000000000', 'sign').expect(404);
    await post('not-a-ticket', 'sign').expect(404);
    await post(id, 'sign').expect(200);
    const unknown = await post(id, 'dispatch', { unitId: 'no-such-unit' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'TICKET.UNKNOWN_UNIT', unitId: 'no-such-unit' });
  });

  it.each([
    ['a missing field', (b: Record<string, unknown>) => ({ ...b, title: undefined }), 'title'],
    ['a missing nested object', (b: Record<string, unknown>) => ({ ...b, category: undefined }), 'category'],
    ['a wrong type', (b: Record<string, unknown>) => ({ ...b, urgency: 1 }), 'urgency'],
    ['an unknown field', (b: Record<string, unknown>) => ({ ...b, priority: 'high' }), 'priority'],
    [
      'an unknown nested field',
      (b: Record<string, unknown>) => ({ ...b, category: { code: 'x', colour: 1 } }),
      'category.colour',
    ],
    [
      'a time without offset',
      (b: Record<string, unknown>) => ({ ...b, receivedAt: '2026-03-02T09:15:00' }),
      'receivedAt',
    ],
    [
      'a bad phone',
      (b: Record<string, unknown>) => ({ ...b, caller: { phone: 'call me', confidential: false } }),
      'caller.phone',
    ],
    [
      'an oversized content',
      (b: Record<string, unknown>) => ({ ...b, content: '长'.repeat(10_001) }),
      'content',
    ],
  ])('answers 400 for %s at intake, naming the field, writing nothing', async (_case, change, field) => {
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const response = await http()
      .post('/api/v1/tickets')
      .send(change(intake('HL2026030200006')))
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await store.headPosition()).toBe(before);
  });

  it('merges a repeat call into a ticket, keeping its caller masked', async () => {
    const { id } = (await http().post('/api/v1/tickets').send(intake('HL2026030200008')).expect(201)).body;
    await post(id, 'merge', {
      callTicketNo: 'HL2026030200099',
      receivedAt: '2026-03-02T11:00:00+08:00',
      caller: { name: '李女士', phone: '13955556666', confidential: true },
    }).expect(200);
    const ticket = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    expect(ticket.calls.map((c: { callTicketNo: string }) => c.callTicketNo)).toEqual([
      'HL2026030200008',
      'HL2026030200099',
    ]);
    expect(ticket.calls[1].caller).toMatchObject({ confidential: true, phoneMasked: '*******6666' });
    expect(JSON.stringify(ticket)).not.toContain('13955556666');
  });

  it.each([
    ['contacts', { phase: 'third', channel: 'phone', outcome: 'reached' }, 'phase'],
    ['contacts', { phase: 'first', channel: 'phone', outcome: 'reached', at: 'yesterday' }, 'at'],
    ['extension-requests', { reason: '复杂', workingDays: 0 }, 'workingDays'],
    ['reply', { result: 'done', summary: 'x' }, 'result'],
    ['callbacks', { by: 'street', outcome: 'reached', satisfaction: 'happy' }, 'satisfaction'],
    ['reopen', { kind: 'redo' }, 'reason'],
    ['dispatch', { unitId: 'enforcement', extra: true }, 'extra'],
  ])('answers 400 for a bad %s body, naming the field, writing nothing', async (action, body, field) => {
    const { id } = (await http().post('/api/v1/tickets').send(intake('HL2026030200009')).expect(201)).body;
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const response = await post(id, action, body).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await store.headPosition()).toBe(before);
  });

  it('never logs the caller', async () => {
    await http().post('/api/v1/tickets').send(intake('HL2026030200007')).expect(201);
    await http()
      .post('/api/v1/tickets')
      .send({ ...intake('HL2026030200007'), title: 'x' })
      .expect(409);
    expect(lines.join('\n')).not.toContain('13812341234');
  });

  it('uses the injected clock for deadlines', () => {
    expect(api.get(Clock)).toBe(clock);
  });
});
