import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { actingAs, signIn } from '../support/signed-in.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * 考核剔除 through HTTP (issue 17): the lead unit's handler asks to take a ticket out of chosen rates, a supervisor
 * decides; the ticket's view and history show it, the actions follow it, and bad requests say which field is wrong.
 */
const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '要求拆除邻居合法搭建',
  content: '市民要求街道拆除邻居经审批的阳光房。',
  address: '威海路100号',
  gridId: 'g2-03',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
});

interface Action {
  name: string;
}
interface HistoryEntry {
  type: string;
  data: Record<string, unknown>;
  actor?: { id?: string; role?: string };
}
interface Problem {
  status: number;
  code?: string;
  errors?: { field: string; message: string }[];
}

const REASON = '诉求人要求拆除经审批的合法搭建，超出街道职权';

describe('考核剔除: exclusion requests and decisions', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    const clock = new ManualClock('2026-03-02T09:20:00+08:00');
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token' }, clock);
    api = system.app;
    await signIn(
      api,
      ['dispatcher', 'supervisor', 'integration', 'handler-enforcement', 'handler-market'],
      tokens,
    );
  });
  afterAll(() => system.close());

  const as = actingAs(() => api, tokens);
  const actionsOf = async (username: string, id: string): Promise<string[]> =>
    ((await as(username).get(`/tickets/${id}`).expect(200)).body.actions as Action[]).map((a) => a.name);

  /** A ticket dispatched to enforcement (market co-handling) and accepted. */
  async function acceptedTicket(ticketNo: string): Promise<string> {
    const id = (await as('integration').post('/tickets', intake(ticketNo)).expect(201)).body.id as string;
    await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
    await as('dispatcher')
      .post(`/tickets/${id}/dispatch`, { unitId: 'enforcement', coUnitIds: ['market'] })
      .expect(200);
    await as('handler-enforcement').post(`/tickets/${id}/accept`).expect(200);
    return id;
  }

  it('a handler asks, the supervisor approves, and the view and history show it', async () => {
    const id = await acceptedTicket('EXCL-1');
    expect(await actionsOf('handler-enforcement', id)).toContain('exclusion-requests');
    expect(await actionsOf('supervisor', id)).not.toContain('exclusion-decision');

    const asked = await as('handler-enforcement')
      .post(`/tickets/${id}/exclusion-requests`, {
        kind: 'outside-powers',
        reason: REASON,
        rates: ['satisfaction', 'resolution'],
      })
      .expect(200);
    expect(asked.headers.etag).toBe(`"${asked.body.revision}"`);

    const pending = (await as('supervisor').get(`/tickets/${id}`).expect(200)).body;
    expect(pending.status).toBe('accepted');
    expect(pending.exclusion).toMatchObject({
      status: 'requested',
      kind: 'outside-powers',
      reason: REASON,
      rates: ['satisfaction', 'resolution'],
    });
    expect((pending.actions as Action[]).map((a) => a.name)).toContain('exclusion-decision');
    // One request at a time: nobody is offered another while this one waits.
    expect(await actionsOf('handler-enforcement', id)).not.toContain('exclusion-requests');
    expect(await actionsOf('dispatcher', id)).not.toContain('exclusion-requests');

    await as('supervisor')
      .post(`/tickets/${id}/exclusion-decision`, { approved: true, note: '经核实，同意剔除' })
      .expect(200);
    const view = (await as('dispatcher').get(`/tickets/${id}`).expect(200)).body;
    expect(view.exclusion).toMatchObject({
      status: 'approved',
      kind: 'outside-powers',
      rates: ['satisfaction', 'resolution'],
      note: '经核实，同意剔除',
    });
    expect(typeof view.exclusion.decidedAt).toBe('string');
    const history = view.history as HistoryEntry[];
    expect(history.find((entry) => entry.type === 'ExclusionRequested')).toMatchObject({
      data: { kind: 'outside-powers', rates: ['satisfaction', 'resolution'], unitId: 'enforcement' },
      actor: { role: 'handler' },
    });
    expect(history.find((entry) => entry.type === 'ExclusionDecided')).toMatchObject({
      data: { approved: true, kind: 'outside-powers', rates: ['satisfaction', 'resolution'] },
      actor: { role: 'supervisor' },
    });
    expect(await actionsOf('supervisor', id)).not.toContain('exclusion-decision');
    expect(await actionsOf('dispatcher', id)).not.toContain('exclusion-requests');
    // The handler works on as before.
    expect(await actionsOf('handler-enforcement', id)).toContain('contacts');
  });

  it('answers a second request 409: while one is pending, and once one was approved', async () => {
    const id = await acceptedTicket('EXCL-2');
    const body = { kind: 'unreasonable', reason: REASON, rates: ['callback'] };
    await as('dispatcher').post(`/tickets/${id}/exclusion-requests`, body).expect(200);
    const pending = await as('handler-enforcement')
      .post(`/tickets/${id}/exclusion-requests`, body)
      .expect(409);
    expect(pending.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((pending.body as Problem).code).toBe('TICKET.EXCLUSION_PENDING');

    await as('supervisor').post(`/tickets/${id}/exclusion-decision`, { approved: true }).expect(200);
    const again = await as('dispatcher').post(`/tickets/${id}/exclusion-requests`, body).expect(409);
    expect((again.body as Problem).code).toBe('TICKET.ALREADY_EXCLUDED');
    const nothingToDecide = await as('supervisor')
      .post(`/tickets/${id}/exclusion-decision`, { approved: false })
      .expect(409);
    expect((nothingToDecide.body as Problem).code).toBe('TICKET.NO_EXCLUSION_REQUESTED');
  });

  it('takes a new request after a rejection', async () => {
    const id = await acceptedTicket('EXCL-3');
    const body = { kind: 'duplicate', reason: '与已办结工单重复', rates: ['satisfaction'] };
    await as('dispatcher').post(`/tickets/${id}/exclusion-requests`, body).expect(200);
    await as('supervisor').post(`/tickets/${id}/exclusion-decision`, { approved: false }).expect(200);
    const rejected = (await as('dispatcher').get(`/tickets/${id}`).expect(200)).body;
    expect(rejected.exclusion).toMatchObject({ status: 'rejected', kind: 'duplicate' });
    expect((rejected.actions as Action[]).map((a) => a.name)).toContain('exclusion-requests');
    await as('dispatcher')
      .post(`/tickets/${id}/exclusion-requests`, { ...body, kind: 'other', reason: '补充材料后再次申请' })
      .expect(200);
    expect((await as('dispatcher').get(`/tickets/${id}`).expect(200)).body.exclusion).toMatchObject({
      status: 'requested',
      kind: 'other',
    });
  });

  it('lets only a supervisor decide, and only the lead unit of the handlers ask', async () => {
    const id = await acceptedTicket('EXCL-4');
    await as('dispatcher')
      .post(`/tickets/${id}/exclusion-requests`, { kind: 'other', reason: REASON, rates: ['reopen'] })
      .expect(200);
    const dispatcher = await as('dispatcher')
      .post(`/tickets/${id}/exclusion-decision`, { approved: true })
      .expect(403);
    expect(dispatcher.headers['content-type']).toMatch(/^application\/problem\+json/);
    await as('handler-enforcement').post(`/tickets/${id}/exclusion-decision`, { approved: true }).expect(403);

    const other = await acceptedTicket('EXCL-5');
    const coUnit = await as('handler-market')
      .post(`/tickets/${other}/exclusion-requests`, { kind: 'other', reason: REASON, rates: ['reopen'] })
      .expect(403);
    expect((coUnit.body as Problem).code).toBe('TICKET.NOT_YOUR_UNIT');
    await as('supervisor')
      .post(`/tickets/${other}/exclusion-requests`, { kind: 'other', reason: REASON, rates: ['reopen'] })
      .expect(403);
  });

  it('refuses bad input with 400, naming the field', async () => {
    const id = await acceptedTicket('EXCL-6');
    const valid = { kind: 'unreasonable', reason: REASON, rates: ['satisfaction'] };
    const fieldsOf = async (body: object, path = 'exclusion-requests', username = 'dispatcher') => {
      const answer = await as(username).post(`/tickets/${id}/${path}`, body).expect(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      return ((answer.body as Problem).errors ?? []).map((error) => error.field);
    };
    expect(await fieldsOf({ ...valid, rates: ['satisfaction', 'happiness'] })).toContain('rates');
    expect(await fieldsOf({ ...valid, rates: [] })).toContain('rates');
    expect(await fieldsOf({ ...valid, rates: ['callback', 'callback'] })).toContain('rates');
    expect(await fieldsOf({ ...valid, rates: 'satisfaction' })).toContain('rates');
    expect(await fieldsOf({ ...valid, kind: 'annoying' })).toContain('kind');
    expect(await fieldsOf({ ...valid, reason: '' })).toContain('reason');
    expect(await fieldsOf({ ...valid, reason: '理'.repeat(501) })).toContain('reason');
    expect(await fieldsOf({ ...valid, excludeFrom: 'all' })).toContain('excludeFrom');
    expect(await fieldsOf({ approved: 'yes' }, 'exclusion-decision', 'supervisor')).toContain('approved');
    // Nothing was recorded.
    const view = (await as('dispatcher').get(`/tickets/${id}`).expect(200)).body;
    expect(view.exclusion).toBeNull();
    // 500 characters are fine.
    await as('dispatcher')
      .post(`/tickets/${id}/exclusion-requests`, { ...valid, reason: '理'.repeat(500) })
      .expect(200);
  });
});
