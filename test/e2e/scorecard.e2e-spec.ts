import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

const V1 = '/api/v1';

/** A ticket received in grid g2-03. */
const intake = (ticketNo: string, receivedAt: string) => ({
  ticketNo,
  receivedAt,
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '占道经营',
  content: '店家在人行道摆摊',
  address: '威海路100号',
  channel: 'phone',
  gridId: 'g2-03',
});

interface ScorecardRow {
  group: string;
  name: string;
  score: number;
  rank: number;
  parts: { rate: string; value: number | null; weight: number; points: number | null }[];
  deductions: { count: string; value: number; points: number }[];
  excluded: number;
  previousScore: number | null;
  change: number | null;
}

describe('综合得分 and 月度通报: GET /stats/scorecard, POST and GET /stats/snapshots', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:20:00+08:00'); // a Monday
    system = await startTestApi({ DEMO: 'true' }, clock, { worker: true });
    api = system.app;
  });
  afterEach(() => system.close());

  const http = () => request(api.getHttpServer());
  const as = (role: string) => ({
    get: (path: string) => http().get(`${V1}${path}`).set('x-actor-id', role).set('x-actor-role', role),
    post: (path: string, body: object = {}) =>
      http().post(`${V1}${path}`).set('x-actor-id', role).set('x-actor-role', role).send(body),
  });

  /**
   * A ticket handled by a unit to the end: replied upstream, then the 12345 callback rates it; answers the log
   * position of the last event.
   */
  async function handled(ticketNo: string, unitId: string, happy: boolean): Promise<string> {
    const receivedAt = clock.now().toISOString();
    const id = (await as('integration').post('/tickets', intake(ticketNo, receivedAt)).expect(201)).body
      .id as string;
    const step = (action: string, body: object = {}) =>
      as('dispatcher').post(`/tickets/${id}/${action}`, body).expect(200);
    await step('sign');
    await step('dispatch', { unitId });
    clock.advance(10 * 60_000);
    await step('accept');
    await step('contacts', { phase: 'first', channel: 'phone', outcome: 'reached' });
    await step('contacts', { phase: 'before-reply', channel: 'phone', outcome: 'reached' });
    clock.advance(60 * 60_000);
    await step('reply', { result: happy ? 'resolved' : 'unresolved', summary: '已处理' });
    await step('review', { approved: true });
    await step('callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' });
    await step('reply-upstream');
    const rated = await step('callbacks', {
      by: 'hotline',
      outcome: 'reached',
      satisfaction: happy ? 'satisfied' : 'dissatisfied',
      resolved: happy,
    });
    return rated.body.position as string;
  }

  const scorecard = async (query: string) =>
    (await as('supervisor').get(`/stats/scorecard?${query}`).expect(200)).body as {
      month: string;
      frozen: { cutoff: string; frozenAt: string; by: string } | null;
      fresh: boolean;
      rows: ScorecardRow[];
    };

  it('ranks the units of a month, and a frozen month stays as frozen whatever the log does after', async () => {
    await handled('SC-1', 'enforcement', true);
    const last = await handled('SC-2', 'market', false);
    const units = (await as('supervisor').get('/units').expect(200)).body.items as {
      unitId: string;
      name: string;
    }[];
    const nameOf = (unitId: string) => units.find((unit) => unit.unitId === unitId)?.name;

    const march = await scorecard(`month=2026-03&groupBy=unit&minPosition=${last}`);
    expect(march.fresh).toBe(true);
    expect(march.frozen).toBeNull();
    expect(march.rows.map((row) => [row.rank, row.group, row.name])).toEqual([
      [1, 'enforcement', nameOf('enforcement')],
      [2, 'market', nameOf('market')],
    ]);
    const [best, worst] = march.rows as [ScorecardRow, ScorecardRow];
    expect(best.score).toBeGreaterThan(worst.score);
    // The market's caller was dissatisfied and unresolved: no points for 市民满意率 and 实际解决率.
    expect(worst.parts.find((part) => part.rate === 'hotline.satisfaction')).toMatchObject({
      value: 0,
      weight: 30,
      points: 0,
    });
    expect(best.parts.find((part) => part.rate === 'hotline.satisfaction')).toMatchObject({
      value: 1,
      points: 30,
    });
    expect(best.deductions).toEqual([{ count: 'hotline.reopened', value: 0, points: 0 }]);
    // February had nothing: no previous score, no 环比.
    expect(best).toMatchObject({ excluded: 0, previousScore: null, change: null });

    // 1 April: the default cut-off (00:00 of the third working day of April) is still to come.
    clock.set('2026-04-01T10:00:00+08:00');
    const early = await as('supervisor').post('/stats/snapshots', { month: '2026-03' }).expect(422);
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(early.body).toMatchObject({ code: 'STATS.CUTOFF_NOT_REACHED', status: 422 });
    const future = await as('supervisor')
      .post('/stats/snapshots', { month: '2026-03', cutoff: '2026-04-02T00:00:00+08:00' })
      .expect(422);
    expect(future.body.code).toBe('STATS.CUTOFF_NOT_REACHED');
    await as('supervisor').get('/stats/snapshots/2026-03').expect(404);

    // A cut-off as of a time reads the log as the store recorded it: the store stamps events with the machine's time
    // while this test's clock plays March, so the cut-off is taken from the machine's time, after March's events,
    // and the test's clock moves past it.
    const wall = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cutoff = wall.toISOString();
    clock.set(new Date(wall.getTime() + 86_400_000).toISOString());
    const frozenAt = clock.now();
    const frozen = await as('supervisor').post('/stats/snapshots', { month: '2026-03', cutoff }).expect(201);
    expect(frozen.headers.location).toBe('/api/v1/stats/snapshots/2026-03');
    expect(frozen.body).toMatchObject({ month: '2026-03', by: 'supervisor', position: expect.any(String) });
    expect(Date.parse(frozen.body.cutoff)).toBe(wall.getTime());
    expect(Date.parse(frozen.body.frozenAt)).toBe(frozenAt.getTime());
    const stored = (await as('supervisor').get('/stats/snapshots/2026-03').expect(200)).body;
    expect(stored.figures.scorecard.unit).toEqual(march.rows);
    expect(Object.keys(stored.figures.hotline).sort()).toEqual(
      ['category', 'channel', 'grid', 'none', 'type', 'unit'].sort(),
    );
    expect(Object.keys(stored.figures.grid).sort()).toEqual(
      ['category', 'grid', 'none', 'source', 'unit'].sort(),
    );
    expect(stored.figures.hotline.none.rows[0].counts.received).toBe(2);

    // The first freeze wins.
    const again = await as('supervisor').post('/stats/snapshots', { month: '2026-03' }).expect(409);
    expect(again.body).toMatchObject({ code: 'STATS.MONTH_FROZEN', status: 409 });

    // Events dated in March reach the log after the freeze (the test's clock goes back): the live figures move…
    clock.set('2026-03-20T10:00:00+08:00');
    const later = await handled('SC-3', 'market', true);
    const live = await scorecard(`month=2026-03&groupBy=unit&minPosition=${later}`);
    const liveMarket = live.rows.find((row) => row.group === 'market');
    expect(liveMarket?.score).toBeGreaterThan(worst.score);
    expect(live.frozen).toMatchObject({ cutoff: frozen.body.cutoff, by: 'supervisor' });
    // …the frozen copy does not.
    expect((await as('supervisor').get('/stats/snapshots/2026-03').expect(200)).body).toEqual(stored);
    const list = (await as('dispatcher').get('/stats/snapshots').expect(200)).body;
    expect(list.items).toEqual([
      { month: '2026-03', cutoff: frozen.body.cutoff, frozenAt: frozen.body.frozenAt, by: 'supervisor' },
    ]);

    // April's 环比 is taken against the frozen March.
    clock.set('2026-04-09T10:00:00+08:00');
    const april = await handled('SC-4', 'market', true);
    const aprilCard = await scorecard(`month=2026-04&groupBy=unit&minPosition=${april}`);
    expect(aprilCard.rows.find((row) => row.group === 'market')).toMatchObject({
      previousScore: worst.score,
    });

    // February, frozen at its default cut-off: 00:00 of the third working day of March (2, 3 and 4 March).
    const february = await as('supervisor').post('/stats/snapshots', { month: '2026-02' }).expect(201);
    expect(february.body).toMatchObject({
      month: '2026-02',
      cutoff: '2026-03-04T00:00:00+08:00',
    });
    const months = (await as('admin').get('/stats/snapshots').expect(200)).body.items as { month: string }[];
    expect(months.map((item) => item.month)).toEqual(['2026-03', '2026-02']);
  }, 60_000);

  it('refuses a bad month, grouping or cut-off with problem details naming the field', async () => {
    for (const query of ['month=2026-13', 'month=2026-3', 'groupBy=unit', 'month=2026-03&groupBy=category']) {
      const answer = await as('supervisor').get(`/stats/scorecard?${query}`).expect(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors[0].field).toBe(query.includes('groupBy=category') ? 'groupBy' : 'month');
    }
    const asOf = await as('supervisor').get('/stats/scorecard?month=2026-03&asOf=yesterday').expect(400);
    expect(asOf.body.errors).toEqual([{ field: 'asOf', message: expect.stringContaining('asOf') }]);
    const month = await as('supervisor').post('/stats/snapshots', { month: 'March' }).expect(400);
    expect(month.body.errors[0]).toMatchObject({ field: 'month' });
    const cutoff = await as('supervisor')
      .post('/stats/snapshots', { month: '2026-02', cutoff: '2026-03-04' })
      .expect(400);
    expect(cutoff.body.errors[0]).toMatchObject({ field: 'cutoff' });
    await as('supervisor').get('/stats/snapshots/2026-02-01').expect(400);
    // A cut-off inside the month would freeze half of it.
    const inside = await as('supervisor')
      .post('/stats/snapshots', { month: '2026-02', cutoff: '2026-02-20T00:00:00+08:00' })
      .expect(422);
    expect(inside.body.code).toBe('STATS.CUTOFF_BEFORE_MONTH_END');
  });
});
