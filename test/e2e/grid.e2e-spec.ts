import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

const CROSS_DOOR = { standard: 'GB/T 30428.2-2013', code: '04-05', kind: 'event' };

/** A patrol report in grid g2-03 (inspector-g2-03 is its inspector in the demo street). */
const report = (overrides: Record<string, unknown> = {}) => ({
  gridId: 'g2-03',
  category: CROSS_DOOR,
  description: '奶茶店在门外摆放桌椅经营',
  location: { lat: 31.2301, lng: 121.4589 },
  source: 'patrol',
  address: '威海路120号',
  photos: ['photo-before-1'],
  shopId: 'shop-weihai-120',
  ...overrides,
});

describe('grid findings, shop cards and bikes over HTTP', () => {
  let testApi: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:00:00+08:00');
    testApi = await startTestApi({ DEMO: 'true' }, clock);
    api = testApi.app;
  });

  afterEach(() => testApi.close());

  const http = () => request(api.getHttpServer());
  const act = (id: string, action: string, body: object, actor = 'dispatcher') =>
    http().post(`/api/v1/findings/${id}/${action}`).set('x-actor-id', actor).send(body);

  async function closeOneFinding(failFirstCheck: boolean): Promise<string> {
    const created = await http()
      .post('/api/v1/findings')
      .set('x-actor-id', 'inspector-g2-03')
      .send(report())
      .expect(201);
    const id: string = created.body.id;
    await act(id, 'file', {}).expect(200);
    await act(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    clock.advance(60 * 60_000);
    await act(
      id,
      'handled',
      { note: '已劝导收回桌椅', photos: ['photo-after-1'] },
      'handler-enforcement',
    ).expect(200);
    if (failFirstCheck) {
      await act(
        id,
        'check',
        { passed: false, note: '桌椅仍在门外', photos: ['photo-check-1'] },
        'inspector-g2-03',
      ).expect(200);
      clock.advance(60 * 60_000);
      await act(id, 'handled', { note: '已清理', photos: ['photo-after-2'] }, 'handler-enforcement').expect(
        200,
      );
    }
    await act(id, 'check', { passed: true, photos: ['photo-check-2'] }, 'inspector-g2-03').expect(200);
    return id;
  }

  it('walks a finding from report to close with one failed check, counting the rework', async () => {
    const id = await closeOneFinding(true);
    const finding = (await http().get(`/api/v1/findings/${id}`).expect(200)).body;
    expect(finding.status).toBe('closed');
    expect(finding.counts.reworks).toBe(1);
    expect(finding.category).toMatchObject({ code: '04-05', standard: 'GB/T 30428.2-2013' });
    expect(finding.history.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['FindingReported', 'FindingFiled', 'FindingDispatched', 'FindingClosed']),
    );
  });

  it('refuses a check by an inspector of another grid with 403', async () => {
    const { id } = (await http().post('/api/v1/findings').send(report()).expect(201)).body;
    await act(id, 'file', {}).expect(200);
    await act(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    await act(id, 'handled', { note: '已清理', photos: ['p'] }).expect(200);
    await act(id, 'check', { passed: true }, 'inspector-g1-01').expect(403);
    await act(id, 'check', { passed: true }, 'anonymous').expect(403);
  });

  it('closes a self-handled finding at once', async () => {
    const created = await http()
      .post('/api/v1/findings')
      .send(
        report({
          category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
          shopId: undefined,
          selfHandled: true,
          afterPhotos: ['photo-after'],
        }),
      )
      .expect(201);
    const finding = (await http().get(`/api/v1/findings/${created.body.id}`).expect(200)).body;
    expect(finding).toMatchObject({ status: 'closed', selfHandled: true });
  });

  it('gives a shop a warning, a yellow card, then a red card for three violations inside the window', async () => {
    const levels: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await closeOneFinding(false);
      levels.push((await http().get('/api/v1/shops/shop-weihai-120').expect(200)).body.level);
      clock.advance(3 * 86_400_000);
    }
    expect(levels).toEqual(['warning', 'yellow', 'red']);
    const shop = (await http().get('/api/v1/shops/shop-weihai-120').expect(200)).body;
    expect(shop.violations).toHaveLength(3);
    expect(shop.referrals).toBe(1);
    expect((await http().get('/api/v1/shops/shop-with-no-record').expect(200)).body.level).toBe('none');
  });

  it('dates a shop violation when the finding was found, not when it closed', async () => {
    const { id } = (
      await http()
        .post('/api/v1/findings')
        .set('x-actor-id', 'inspector-g2-03')
        .send(report({ foundAt: '2026-03-02T08:30:00+08:00' }))
        .expect(201)
    ).body;
    await act(id, 'file', {}).expect(200);
    await act(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    clock.advance(3 * 86_400_000);
    await act(id, 'handled', { note: '已劝导收回桌椅', photos: ['p'] }, 'handler-enforcement').expect(200);
    await act(id, 'check', { passed: true, photos: ['c'] }, 'inspector-g2-03').expect(200);
    const shop = (await http().get('/api/v1/shops/shop-weihai-120').expect(200)).body;
    expect(shop.violations).toEqual([{ findingId: id, occurredAt: '2026-03-02T00:30:00.000Z' }]);
  });

  it('tags a bike, refuses removal during the notice period, then removes and disposes of it after the windows', async () => {
    const tagged = await http()
      .post('/api/v1/bikes')
      .send({
        gridId: 'g1-04',
        reason: 'abandoned',
        location: { lat: 31.23, lng: 121.46 },
        photos: ['bike-1'],
      })
      .expect(201);
    const id: string = tagged.body.id;
    await http().post(`/api/v1/bikes/${id}/remove`).send({ storagePointId: 'storage-1' }).expect(422);
    clock.advance(4 * 86_400_000);
    await http().post(`/api/v1/bikes/${id}/remove`).send({ storagePointId: 'storage-1' }).expect(200);
    await http().post(`/api/v1/bikes/${id}/dispose`).send({ method: '回收' }).expect(422);
    clock.advance(31 * 86_400_000);
    await http().post(`/api/v1/bikes/${id}/dispose`).send({ method: '回收' }).expect(200);
    expect((await http().get(`/api/v1/bikes/${id}`).expect(200)).body.status).toBe('disposed');
  });

  it('lets an admin add a sub-class that a later report uses, with its own limit', async () => {
    const entry = {
      standard: 'GB/T 30428.2-2013',
      kind: 'event',
      code: '04-21',
      name: '共享单车堆积',
      criteria: '共享单车堆积影响通行',
      limit: '2h',
    };
    await http()
      .post('/api/v1/findings')
      .send(
        report({
          category: { standard: 'GB/T 30428.2-2013', code: '04-21', kind: 'event' },
          shopId: undefined,
        }),
      )
      .expect(400);
    await http()
      .post('/api/v1/catalogue/entries')
      .send({ entries: [entry] })
      .expect(200);
    const catalogue = (await http().get('/api/v1/catalogue').expect(200)).body;
    expect(catalogue.entries).toContainEqual(entry);
    const { id } = (
      await http()
        .post('/api/v1/findings')
        .send(
          report({
            category: { standard: 'GB/T 30428.2-2013', code: '04-21', kind: 'event' },
            shopId: undefined,
          }),
        )
        .expect(201)
    ).body;
    await act(id, 'file', {}).expect(200);
    await act(id, 'dispatch', { unitId: 'appearance' }).expect(200);
    const finding = (await http().get(`/api/v1/findings/${id}`).expect(200)).body;
    expect(finding.category).toMatchObject({ name: '共享单车堆积', limit: '2h' });
    // The view shows the recorded deadline of the handling stage (the decider's `handling` is not in the view).
    expect(finding.deadlines.handle).toMatchObject({ limit: '2h' });
    await http()
      .post('/api/v1/catalogue/entries')
      .send({ entries: [{ ...entry, limit: 'soon' }] })
      .expect(400);
  });

  it('creates one finding for a report retried with the same Idempotency-Key', async () => {
    const send = () => http().post('/api/v1/findings').set('idempotency-key', 'patrol-42').send(report());
    const first = await send().expect(201);
    const again = await send().expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const all = await api.get(EventStore).readAll({ limit: 100, categories: ['finding'] });
    expect(all.events).toHaveLength(1);
  });

  it.each([
    ['a missing location', { location: undefined }, 'location'],
    ['a bad source', { source: 'rumour' }, 'source'],
    ['a bad code', { category: { standard: 'GB/T 30428.2-2013', code: '4-5' } }, 'category.code'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a latitude out of range', { location: { lat: 95, lng: 121 } }, 'location.lat'],
  ])('answers 400 for %s, naming the field, writing nothing', async (_case, change, field) => {
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const response = await http().post('/api/v1/findings').send(report(change)).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await store.headPosition()).toBe(before);
  });

  it('answers 422 for a report in a grid that is not in the directory, and for an unknown sub-class', async () => {
    await http()
      .post('/api/v1/findings')
      .send(report({ gridId: 'g9-99' }))
      .expect(422);
    const unknown = await http()
      .post('/api/v1/findings')
      .send(report({ category: { standard: 'GB/T 30428.2-2013', code: '99-99' } }));
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });

  it('refuses an extension past grid.maxExtension (422 FINDING.EXTENSION_LIMIT) with what remains', async () => {
    const sign = { standard: 'GB/T 30428.2-2013', code: '02-06', kind: 'component' };
    const { id } = (
      await http()
        .post('/api/v1/findings')
        .send(report({ category: sign, shopId: undefined }))
        .expect(201)
    ).body;
    await act(id, 'file', {}).expect(200);
    await act(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    const handler = 'handler-enforcement';
    await act(id, 'extension-requests', { workingDays: 8, reason: '需更换标志牌' }, handler).expect(200);
    await act(id, 'extension-decision', { approved: true }).expect(200);
    const refused = await act(
      id,
      'extension-requests',
      { workingDays: 3, reason: '材料未到' },
      handler,
    ).expect(422);
    expect(refused.body).toMatchObject({
      code: 'FINDING.EXTENSION_LIMIT',
      maxExtension: '10wd',
      usedWorkingDays: 8,
      remainingWorkingDays: 2,
    });
    await act(id, 'extension-requests', { workingDays: 2, reason: '材料未到' }, handler).expect(200);
  });
});
