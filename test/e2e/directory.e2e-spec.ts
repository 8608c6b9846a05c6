import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '#event-store';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-app.js';
import { collectingLogger, dropRedisPrefix, testConfig } from '../support/test-env.js';

async function startApi(env: ReturnType<typeof testConfig>): Promise<NestFastifyApplication> {
  const app = await createApiApp({
    config: env.config,
    service: 'api',
    logger: collectingLogger('api').logger,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('the directory over HTTP', () => {
  let env: ReturnType<typeof testConfig>;
  let api: NestFastifyApplication;

  afterEach(async () => {
    await api.close();
    await dropRedisPrefix(env.config);
    env.cleanup();
  });

  it('seeds the demo street once, however often the API starts', async () => {
    env = testConfig({ DEMO: 'true' });
    api = await startApi(env);
    const units = await request(api.getHttpServer()).get('/api/v1/units').expect(200);
    const grids = await request(api.getHttpServer()).get('/api/v1/grids').expect(200);
    expect(units.body.items).toHaveLength(12);
    expect(units.body.items.map((u: { name: string }) => u.name)).toContain('南京西路城管中队');
    expect(grids.body.items).toHaveLength(31);
    const head = await api.get(EventStore).headPosition();
    await api.close();

    api = await startApi(env);
    expect((await request(api.getHttpServer()).get('/api/v1/units').expect(200)).body.items).toHaveLength(12);
    expect(await api.get(EventStore).headPosition()).toBe(head);
    const comprehensive = await request(api.getHttpServer())
      .get('/api/v1/grids?level=comprehensive')
      .expect(200);
    expect(comprehensive.body.items.map((g: { gridId: string }) => g.gridId)).toEqual(['g1', 'g2', 'g3']);
  });

  describe('without demo data', () => {
    beforeEach(async () => {
      env = testConfig();
      api = await startApi(env);
    });

    const unit = {
      unitId: 'enforcement',
      name: '南京西路城管中队',
      kind: 'enforcement',
      categories: ['04-05'],
    };

    it('registers a unit, answers its revision as ETag, and treats the same registration as nothing new', async () => {
      const first = await request(api.getHttpServer()).post('/api/v1/units').send(unit).expect(200);
      expect(first.body).toMatchObject({ id: 'enforcement', revision: 0, replayed: false });
      expect(first.headers.etag).toBe('"0"');
      const again = await request(api.getHttpServer()).post('/api/v1/units').send(unit).expect(200);
      expect(again.body).toMatchObject({ revision: 0 });
      const listed = await request(api.getHttpServer()).get('/api/v1/units').expect(200);
      expect(listed.body.items).toEqual([{ ...unit, active: true }]);
    });

    it('answers 409 with a code for the same id with other data', async () => {
      await request(api.getHttpServer()).post('/api/v1/units').send(unit).expect(200);
      const conflict = await request(api.getHttpServer())
        .post('/api/v1/units')
        .send({ ...unit, name: '别的中队' })
        .expect(409);
      expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(conflict.body).toMatchObject({ status: 409, code: 'DIRECTORY.UNIT_EXISTS' });
    });

    it('refuses a grid under an unknown parent with 404 naming it', async () => {
      const response = await request(api.getHttpServer())
        .post('/api/v1/grids')
        .send({ gridId: 'g1-01', name: '1号', level: 'unit', parentGridId: 'g9' })
        .expect(404);
      expect(response.body).toMatchObject({ code: 'DIRECTORY.UNKNOWN_GRID', gridId: 'g9' });
    });

    it.each([
      ['a missing field', { unitId: 'x', kind: 'enforcement' }, 'name'],
      ['a wrong type', { ...unit, name: 42 }, 'name'],
      ['an unknown field', { ...unit, colour: 'red' }, 'colour'],
      ['a value outside the list', { ...unit, kind: 'army' }, 'kind'],
      ['a bad id', { ...unit, unitId: 'Has Spaces' }, 'unitId'],
      ['an oversized name', { ...unit, name: '长'.repeat(101) }, 'name'],
    ])('answers 400 for %s, naming the field, and writes nothing', async (_case, body, field) => {
      const store = api.get(EventStore);
      const before = await store.headPosition();
      const response = await request(api.getHttpServer()).post('/api/v1/units').send(body).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await store.headPosition()).toBe(before);
    });

    it('answers 400 for malformed JSON and 413 for a body over the limit, writing nothing', async () => {
      const store = api.get(EventStore);
      await request(api.getHttpServer())
        .post('/api/v1/units')
        .set('content-type', 'application/json')
        .send('{"unitId": ')
        .expect(400);
      const huge = { ...unit, categories: ['x'.repeat(2 * 1024 * 1024)] };
      await request(api.getHttpServer()).post('/api/v1/units').send(huge).expect(413);
      expect(await store.headPosition()).toBe('0');
    });

    it('answers 412 for a stale If-Match and 400 for a malformed one', async () => {
      await request(api.getHttpServer()).post('/api/v1/units').send(unit).expect(200);
      const stale = await request(api.getHttpServer())
        .post('/api/v1/units')
        .set('if-match', '"7"')
        .send({ ...unit, unitId: 'market', name: '市场监管所', kind: 'market-supervision' })
        .expect(412);
      expect(stale.body).toMatchObject({ status: 412, currentRevision: 0 });
      await request(api.getHttpServer()).post('/api/v1/units').set('if-match', 'soon').send(unit).expect(400);
      await request(api.getHttpServer())
        .post('/api/v1/units')
        .set('if-match', '"0"')
        .send({ ...unit, unitId: 'market', name: '市场监管所', kind: 'market-supervision' })
        .expect(200);
    });

    it('gives one effect and the same answer to retries with the same Idempotency-Key', async () => {
      const send = () =>
        request(api.getHttpServer())
          .post('/api/v1/units')
          .set('idempotency-key', 'register-police-1')
          .send({ unitId: 'police', name: '南京西路派出所', kind: 'police' })
          .expect(200);
      const first = await send();
      const retries = await Promise.all([send(), send(), send()]);
      for (const retry of retries) {
        expect(retry.body).toEqual({ ...first.body, replayed: true });
      }
      expect(await api.get(EventStore).readStream('directory-street')).toHaveLength(1);
    });

    it('answers 400 for an unknown grid level filter', async () => {
      const response = await request(api.getHttpServer()).get('/api/v1/grids?level=city').expect(400);
      expect(response.body.errors).toEqual([
        { field: 'level', message: 'level must be unit or comprehensive' },
      ]);
    });
  });
});
