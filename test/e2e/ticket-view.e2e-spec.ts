import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import request from 'supertest';
import { actingAs, signIn } from '../support/signed-in.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Views, not state (issue 15, item 4): `GET /tickets/:id` and `GET /findings/:id` answer a view mapped for the
 * caller, with the actions the caller may take now (from the deciders' own status tables, the caller's role and
 * scope) and every deadline stage with its state, on real tokens.
 */
const intake = (ticketNo: string, urgency: 'normal' | 'urgent' = 'normal') => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency,
  category: { code: '01.03.02' },
  title: '夜间施工噪声扰民',
  content: '工地每晚22点后仍在施工。',
  address: '威海路100号',
  gridId: 'g2-03',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
});

interface Action {
  name: string;
  method: string;
  href: string;
}
interface Stage {
  stage: string;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  endedAt: string | null;
  state: string;
}

describe('views: the actions a caller may take and the state of every stage', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    clock = new ManualClock('2026-03-02T09:20:00+08:00'); // a Monday
    // Tokens live a day: the clock moves some hours past deadlines.
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', AUTH_ACCESS_TTL_S: '86400' }, clock);
    api = system.app;
    await signIn(
      api,
      ['dispatcher', 'supervisor', 'integration', 'handler-enforcement', 'handler-market', 'inspector-g2-03'],
      tokens,
    );
  });
  afterAll(() => system.close());

  const as = actingAs(() => api, tokens);
  const actionsOf = async (username: string, path: string): Promise<string[]> =>
    ((await as(username).get(path).expect(200)).body.actions as Action[]).map((action) => action.name);
  const stagesOf = async (path: string): Promise<Stage[]> =>
    (await as('dispatcher').get(path).expect(200)).body.stages as Stage[];

  it('offers accept to a handler of the dispatched unit, and not to the dispatcher', async () => {
    const id = (await as('integration').post('/tickets', intake('VIEW-1')).expect(201)).body.id as string;
    expect(await actionsOf('dispatcher', `/tickets/${id}`)).toEqual(
      expect.arrayContaining(['sign', 'return']),
    );
    await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
    await as('dispatcher')
      .post(`/tickets/${id}/dispatch`, { unitId: 'enforcement', coUnitIds: ['market'] })
      .expect(200);

    const handler = await as('handler-enforcement').get(`/tickets/${id}`).expect(200);
    expect(handler.headers.etag).toBe(`"${handler.body.revision}"`);
    expect(handler.body.actions).toContainEqual({
      name: 'accept',
      method: 'POST',
      href: `/tickets/${id}/accept`,
    });
    expect(await actionsOf('dispatcher', `/tickets/${id}`)).not.toContain('accept');
    // A co-unit sees the ticket but acts on nothing; the supervisor may urge it.
    expect(await actionsOf('handler-market', `/tickets/${id}`)).toEqual([]);
    expect(await actionsOf('supervisor', `/tickets/${id}`)).toContain('urge');

    // Every action offered is one the API takes: the handler accepts through the href it was given.
    const accept = (handler.body.actions as Action[]).find((action) => action.name === 'accept')!;
    await as('handler-enforcement').post(accept.href).expect(200);
    const accepted = await actionsOf('handler-enforcement', `/tickets/${id}`);
    expect(accepted).toEqual(expect.arrayContaining(['contacts', 'reveal', 'return']));
    expect(accepted).not.toContain('accept');
    // 双先联: no reply before the contacts.
    expect(accepted).not.toContain('reply');
  });

  it('reads a stage finished on time as done-on-time, and a running one as warning, then overdue', async () => {
    // Urgent: 30 minutes to sign, 2 hours to the first contact (natural time).
    const id = (await as('integration').post('/tickets', intake('VIEW-2', 'urgent')).expect(201)).body
      .id as string;
    const sign = (await stagesOf(`/tickets/${id}`)).find((stage) => stage.stage === 'sign');
    expect(sign).toMatchObject({ stage: 'sign', endedAt: null, state: 'open' });
    clock.advance(10 * 60_000);
    await as('dispatcher').post(`/tickets/${id}/sign`).expect(200);
    const after = await stagesOf(`/tickets/${id}`);
    // The district's stage runs on, and signing opens the dispatch clock.
    expect(after.map((stage) => stage.stage)).toEqual(['upstream', 'sign', 'dispatch']);
    expect(after.filter((stage) => stage.stage === 'sign')).toEqual([
      {
        stage: 'sign',
        startedAt: sign!.startedAt,
        dueAt: sign!.dueAt,
        warnAt: sign!.warnAt,
        endedAt: clock.now().toISOString(),
        state: 'done-on-time',
        provisional: false,
      },
    ]);

    await as('dispatcher').post(`/tickets/${id}/dispatch`, { unitId: 'enforcement' }).expect(200);
    await as('handler-enforcement').post(`/tickets/${id}/accept`).expect(200);
    const firstContact = (await stagesOf(`/tickets/${id}`)).find((stage) => stage.stage === 'firstContact')!;
    expect(firstContact.state).toBe('open');
    clock.set(new Date(Date.parse(firstContact.warnAt) + 60_000));
    expect((await stagesOf(`/tickets/${id}`)).find((s) => s.stage === 'firstContact')?.state).toBe('warning');
    clock.set(new Date(Date.parse(firstContact.dueAt) + 60_000));
    expect((await stagesOf(`/tickets/${id}`)).find((s) => s.stage === 'firstContact')?.state).toBe('overdue');
    // A contact after the due time ends the stage late; the handling stage runs on.
    await as('handler-enforcement')
      .post(`/tickets/${id}/contacts`, { phase: 'first', channel: 'phone', outcome: 'reached' })
      .expect(200);
    const stages = await stagesOf(`/tickets/${id}`);
    expect(stages.map(({ stage, state }) => `${stage}:${state}`)).toEqual([
      'upstream:open',
      'sign:done-on-time',
      'dispatch:done-on-time',
      'accept:done-on-time',
      'firstContact:done-late',
      'handle:open',
    ]);
  });

  it('offers each role the actions of a finding it may take, and reads its filing stage', async () => {
    const reported = await as('inspector-g2-03')
      .post('/findings', {
        gridId: 'g2-03',
        category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
        description: '暴露垃圾',
        location: { lat: 31.23, lng: 121.46 },
        source: 'patrol',
      })
      .expect(201);
    const path = `/findings/${reported.body.id as string}`;
    expect(await actionsOf('dispatcher', path)).toEqual(['file', 'cancel']);
    expect(await actionsOf('inspector-g2-03', path)).toEqual([]);
    await as('dispatcher').post(`${path}/file`).expect(200);
    // Filing on time starts the dispatch step clock.
    expect((await stagesOf(path)).map(({ stage, state }) => `${stage}:${state}`)).toEqual([
      'file:done-on-time',
      'dispatch:open',
    ]);
    await as('dispatcher').post(`${path}/dispatch`, { unitId: 'enforcement' }).expect(200);
    const handler = (await as('handler-enforcement').get(path).expect(200)).body.actions as Action[];
    expect(handler.map((action) => action.name)).toEqual(['return', 'extension-requests', 'handled']);
    expect(handler).toContainEqual({ name: 'handled', method: 'POST', href: `${path}/handled` });
    await as('handler-market').get(path).expect(404);
    await as('handler-enforcement')
      .post(`${path}/handled`, { note: '已清理', photos: ['p'] })
      .expect(200);
    expect(await actionsOf('inspector-g2-03', path)).toEqual(['check']);
    expect(await actionsOf('handler-enforcement', path)).toEqual([]);
  });

  it('documents the views in OpenAPI: actions and stages', async () => {
    const document = (await request(api.getHttpServer()).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const ok = JSON.stringify(document.paths['/api/v1/tickets/{id}']?.get?.responses['200']);
    expect(ok).toContain('#/components/schemas/TicketViewResponse');
    const { schemas } = document.components;
    expect(Object.keys(schemas.TicketViewResponse!.properties)).toEqual(
      expect.arrayContaining(['status', 'actions', 'stages', 'revision', 'history', 'deadlines']),
    );
    expect(schemas.TicketStageResponse!.properties.state).toMatchObject({
      enum: ['open', 'warning', 'overdue', 'done-on-time', 'done-late'],
    });
    expect(Object.keys(schemas.FindingViewResponse!.properties)).toEqual(
      expect.arrayContaining(['status', 'actions', 'stages']),
    );
  });
});
