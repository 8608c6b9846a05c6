import { ticketBoardProjection } from '#read-models';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { redisKey } from '#platform';
import { RedisProjectionStore } from '#read-models';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

const intake = (n: number) => ({
  ticketNo: `BOARD-${n}`,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: n % 2 === 0 ? 'complaint' : 'consultation',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: n === 3 ? '夜间施工噪声' : `诉求${n}`,
  content: '内容',
  address: '威海路100号',
  gridId: 'g2-03',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
});

describe('the ticket board: built by the worker in Redis, read by GET /tickets', () => {
  let system: TestApi;
  let api: NestFastifyApplication;

  beforeEach(async () => {
    system = await startTestApi({ DEMO: 'true' }, undefined, { worker: true });
    api = system.app;
  });

  afterEach(() => system.close());

  const http = () => request(api.getHttpServer());

  it('shows what was written, filtered and paged, and rebuilds itself after the read models are dropped', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 5; n += 1) {
      ids.push((await http().post('/api/v1/tickets').send(intake(n)).expect(201)).body.id);
    }
    await http().post(`/api/v1/tickets/${ids[1]}/sign`).expect(200);
    const dispatched = await http()
      .post(`/api/v1/tickets/${ids[1]}/dispatch`)
      .send({ unitId: 'enforcement' })
      .expect(200);
    const position: string = dispatched.body.position;

    const all = (await http().get(`/api/v1/tickets?minPosition=${position}`).expect(200)).body;
    expect(all.fresh).toBe(true);
    expect(all.items).toHaveLength(5);
    expect(JSON.stringify(all)).not.toContain('13812341234');

    const byUnit = (
      await http().get(`/api/v1/tickets?unitId=enforcement&minPosition=${position}`).expect(200)
    ).body;
    expect(byUnit.items.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
    expect(byUnit.items[0]).toMatchObject({ status: 'dispatched', ticketNo: 'BOARD-2' });
    const complaints = (await http().get('/api/v1/tickets?type=complaint').expect(200)).body;
    expect(complaints.items).toHaveLength(2);
    const text = (await http().get('/api/v1/tickets?q=噪声').expect(200)).body;
    expect(text.items.map((t: { ticketNo: string }) => t.ticketNo)).toEqual(['BOARD-3']);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const body = (
        await http()
          .get(`/api/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200)
      ).body;
      seen.push(...body.items.map((t: { id: string }) => t.id));
      cursor = body.nextCursor;
      if (body.items.length < 2) break;
    }
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(5);
    await http().get('/api/v1/tickets?cursor=not-a-cursor').expect(400);

    // Operations see the lanes caught up: lag in /api/v1/health and as Prometheus metrics at /metrics.
    const health = (await http().get('/api/v1/health').expect(200)).body;
    expect(health.checks.projections.lanes).toContainEqual(
      expect.objectContaining({ projection: 'ticket-board', partition: 0, lagEvents: 0, lagMs: 0 }),
    );
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toContain(
      `chengyun_projection_lag_events{projection="ticket-board",version="${ticketBoardProjection.version}",partition="0"} 0`,
    );
    expect(metrics.text).toMatch(
      new RegExp(
        `chengyun_queue_jobs\\{queue="ticket-board\\.v${ticketBoardProjection.version}\\.p0",state="waiting"\\} \\d+`,
      ),
    );

    // Lose the read models (as after a Redis flush): the workers rebuild them from the log by themselves.
    const redis = new Redis(system.config.redisUrl);
    const store = new RedisProjectionStore(redis, redisKey(system.config));
    await store.drop('ticket-board', 1);
    await redis.quit();
    const rebuilt = (await http().get(`/api/v1/tickets?minPosition=${position}`).expect(200)).body;
    expect(rebuilt.fresh).toBe(true);
    expect(rebuilt.items.map((t: { id: string }) => t.id)).toEqual(
      all.items.map((t: { id: string }) => t.id),
    );
  });

  it('gives an inspector a task list of the checks in their grid, and the finding board its filters', async () => {
    const report = {
      gridId: 'g2-03',
      category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
      description: '路边暴露垃圾',
      location: { lat: 31.23, lng: 121.46 },
      source: 'patrol',
    };
    const { id } = (await http().post('/api/v1/findings').send(report).expect(201)).body;
    await http().post(`/api/v1/findings/${id}/file`).send({}).expect(200);
    await http().post(`/api/v1/findings/${id}/dispatch`).send({ unitId: 'appearance' }).expect(200);
    const handled = await http()
      .post(`/api/v1/findings/${id}/handled`)
      .send({ note: '已清运', photos: ['after-1'] })
      .expect(200);
    const tasks = (
      await http()
        .get(`/api/v1/findings?assignedTo=me&minPosition=${handled.body.position}`)
        .set('x-actor-id', 'inspector-g2-03')
        .expect(200)
    ).body;
    expect(tasks.items.map((f: { id: string }) => f.id)).toEqual([id]);
    expect(tasks.items[0]).toMatchObject({ status: 'handled', gridId: 'g2-03' });
    const others = (
      await http().get('/api/v1/findings?assignedTo=me').set('x-actor-id', 'inspector-g1-01').expect(200)
    ).body;
    expect(others.items).toEqual([]);
    expect((await http().get('/api/v1/findings?unitId=appearance').expect(200)).body.items).toHaveLength(1);

    const checked = await http()
      .post(`/api/v1/findings/${id}/check`)
      .set('x-actor-id', 'inspector-g2-03')
      .send({ passed: true })
      .expect(200);
    const after = (
      await http()
        .get(`/api/v1/findings?assignedTo=me&minPosition=${checked.body.position}`)
        .set('x-actor-id', 'inspector-g2-03')
        .expect(200)
    ).body;
    expect(after.items).toEqual([]);
    const closed = (
      await http().get(`/api/v1/findings?status=closed&minPosition=${checked.body.position}`).expect(200)
    ).body;
    expect(closed.items.map((f: { id: string }) => f.id)).toEqual([id]);
  });

  it('lists shops on the card board by level', async () => {
    const { id } = (
      await http()
        .post('/api/v1/findings')
        .send({
          gridId: 'g2-03',
          category: { standard: 'GB/T 30428.2-2013', code: '04-05', kind: 'event' },
          description: '店外摆放桌椅经营',
          location: { lat: 31.23, lng: 121.46 },
          source: 'patrol',
          shopId: 'shop-nanjing-88',
        })
        .expect(201)
    ).body;
    const act = (action: string, body: object) =>
      http()
        .post(`/api/v1/findings/${id}/${action}`)
        .set('x-actor-id', 'inspector-g2-03')
        .send(body)
        .expect(200);
    await act('file', {});
    await act('dispatch', { unitId: 'enforcement' });
    await act('handled', { note: '已劝导', photos: ['a'] });
    await act('check', { passed: true });
    const refused = await http()
      .post('/api/v1/shops/shop-nanjing-88/refusals')
      .send({ reason: '拒不整改，继续店外经营' })
      .expect(200);
    const red = (await http().get(`/api/v1/shops?level=red&minPosition=${refused.body.position}`).expect(200))
      .body;
    expect(red.items).toEqual([
      expect.objectContaining({ shopId: 'shop-nanjing-88', level: 'red', violations: 1, referrals: 1 }),
    ]);
    expect((await http().get('/api/v1/shops?level=warning').expect(200)).body.items).toEqual([]);
  });
});
