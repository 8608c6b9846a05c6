import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { openEventStream } from '../support/sse.js';
import { actingAs, signIn } from '../support/signed-in.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Scoping with real tokens: a handler sees and acts only on the cases dispatched to its unit, an inspector only on
 * the findings of its grids, the integration account delivers but does not read. A case outside one's scope answers
 * 404 (its existence is none of the caller's business); a case one may see but not act on, 403.
 */
const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '占道经营',
  content: '内容',
  address: '威海路100号',
  gridId: 'g2-03',
});
const report = (gridId: string) => ({
  gridId,
  category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
  description: '暴露垃圾',
  location: { lat: 31.23, lng: 121.46 },
  source: 'patrol',
});

describe('scopes: own unit, own grids, no reading for the integration account', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    system = await startTestApi(
      { DEMO: 'true', AUTH_MODE: 'token' },
      new ManualClock('2026-03-02T09:20:00+08:00'),
      { worker: true },
    );
    api = system.app;
    await signIn(
      api,
      [
        'dispatcher',
        'integration',
        'handler-enforcement',
        'handler-market',
        'inspector-g2-03',
        'inspector-g1-01',
      ],
      tokens,
    );
  });
  afterAll(() => system.close());

  const as = actingAs(() => api, tokens);

  it('keeps each handler to the tickets of its unit, in lists, details and commands', async () => {
    const ids: string[] = [];
    let position = '';
    for (const [no, unitId] of [
      ['SCOPE-1', 'enforcement'],
      ['SCOPE-2', 'market'],
    ] as const) {
      const id = (await as('integration').post('/tickets', intake(no)).expect(201)).body.id as string;
      await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
      position = (await as('dispatcher').post(`/tickets/${id}/dispatch`, { unitId }).expect(200)).body
        .position;
      ids.push(id);
    }
    const [mine, theirs] = ids as [string, string];
    const listed = await as('handler-enforcement').get(`/tickets?minPosition=${position}`).expect(200);
    expect(listed.body.items.map((doc: { id: string }) => doc.id)).toEqual([mine]);
    const all = await as('dispatcher').get(`/tickets?minPosition=${position}`).expect(200);
    expect(all.body.items).toHaveLength(2);

    await as('handler-enforcement').get(`/tickets/${mine}`).expect(200);
    await as('handler-enforcement').get(`/tickets/${theirs}`).expect(404);
    await as('handler-enforcement').post(`/tickets/${theirs}/accept`).expect(404);
    await as('handler-enforcement').post(`/tickets/${mine}/accept`).expect(200);
    await as('handler-market').post(`/tickets/${theirs}/accept`).expect(200);
    // The integration account delivers tickets and 12345 callbacks; it neither reads nor records street callbacks.
    await as('integration').get(`/tickets/${mine}`).expect(403);
    await as('integration').get('/tickets').expect(403);
    const street = await as('integration')
      .post(`/tickets/${mine}/callbacks`, { by: 'street', outcome: 'reached' })
      .expect(403);
    expect(street.body.code).toBe('TICKET.CALLBACK_NOT_YOURS');
  });

  it('hides a confidential caller from the unit entirely, and shows the center only the masked number', async () => {
    const body = {
      ...intake('SCOPE-CONF'),
      caller: { name: '王先生', phone: '13812341234', confidential: true },
    };
    const id = (await as('integration').post('/tickets', body).expect(201)).body.id as string;
    await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
    const dispatched = await as('dispatcher')
      .post(`/tickets/${id}/dispatch`, { unitId: 'enforcement' })
      .expect(200);
    const center = await as('dispatcher').get(`/tickets/${id}`).expect(200);
    expect(center.body.intake.caller).toMatchObject({ confidential: true, phoneMasked: '*******1234' });
    const unit = await as('handler-enforcement').get(`/tickets/${id}`).expect(200);
    expect(unit.body.callerHidden).toBe(true);
    expect(JSON.stringify(unit.body)).not.toMatch(/1381|1234|subject|王先生/);
    const listed = await as('handler-enforcement')
      .get(`/tickets?minPosition=${dispatched.body.position}`)
      .expect(200);
    const doc = (
      listed.body.items as { id: string; phoneMasked: string | null; confidential: boolean }[]
    ).find((item) => item.id === id);
    expect(doc).toMatchObject({ confidential: true, phoneMasked: null });
    // Nowhere does the full number travel: not to the center either.
    expect(JSON.stringify(center.body)).not.toContain('13812341234');
  });

  it('keeps each inspector to the findings of its grids', async () => {
    await as('inspector-g2-03').post('/findings', report('g1-01')).expect(403);
    const own = (await as('inspector-g2-03').post('/findings', report('g2-03')).expect(201)).body;
    const other = (await as('inspector-g1-01').post('/findings', report('g1-01')).expect(201)).body;
    await as('inspector-g2-03').get(`/findings/${own.id}`).expect(200);
    await as('inspector-g2-03').get(`/findings/${other.id}`).expect(404);
    const tasks = await as('inspector-g2-03').get(`/findings?minPosition=${other.position}`).expect(200);
    expect(tasks.body.items.map((doc: { id: string }) => doc.id)).toEqual([own.id]);
    // A handler sees a finding only once it is dispatched to its unit.
    await as('handler-enforcement').get(`/findings/${own.id}`).expect(404);
    await as('dispatcher').post(`/findings/${own.id}/file`).expect(200);
    await as('dispatcher').post(`/findings/${own.id}/dispatch`, { unitId: 'enforcement' }).expect(200);
    await as('handler-enforcement').get(`/findings/${own.id}`).expect(200);
    await as('handler-market')
      .post(`/findings/${own.id}/handled`, { note: '已清运', photos: ['a'] })
      .expect(404);
    await as('handler-enforcement')
      .post(`/findings/${own.id}/handled`, { note: '已清运', photos: ['a'] })
      .expect(200);
    await as('inspector-g1-01').post(`/findings/${own.id}/check`, { passed: true }).expect(404);
    await as('inspector-g2-03').post(`/findings/${own.id}/check`, { passed: true }).expect(200);
  });

  it('narrows the live stream the same way: a handler hears only of its unit’s cases', async () => {
    await api.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.getHttpServer().address() as { port: number };
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/stream`, {
      authorization: `Bearer ${tokens.get('handler-market') ?? ''}`,
    });
    expect(stream.status).toBe(200);
    expect(await stream.readUntil(/: connected/)).toBe(true);
    const ids: string[] = [];
    for (const [no, unitId] of [
      ['SCOPE-SSE-1', 'enforcement'],
      ['SCOPE-SSE-2', 'market'],
    ] as const) {
      const id = (await as('integration').post('/tickets', intake(no)).expect(201)).body.id as string;
      await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
      await as('dispatcher').post(`/tickets/${id}/dispatch`, { unitId }).expect(200);
      ids.push(id);
    }
    const [theirs, mine] = ids as [string, string];
    expect(await stream.readUntil(new RegExp(`"id":"${mine}","type":"TicketDispatched"`))).toBe(true);
    expect(stream.text()).not.toContain(theirs);
    stream.close();
  });
});
