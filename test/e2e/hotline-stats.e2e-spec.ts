import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

const intake = (ticketNo: string, type: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:00:00+08:00',
  type,
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '诉求',
  content: '内容',
  address: '威海路100号',
  channel: 'phone',
});

describe('GET /stats/hotline: counts and rates from the daily buckets the worker keeps', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:30:00+08:00'); // Monday
    system = await startTestApi({ DEMO: 'true' }, clock, { worker: true });
    api = system.app;
  });

  afterEach(() => system.close());

  const http = () => request(api.getHttpServer());

  it('counts a scripted day and gives the rates of the formulas, by type and by unit', async () => {
    const a = (await http().post('/api/v1/tickets').send(intake('STAT-1', 'complaint')).expect(201)).body.id;
    const b = (await http().post('/api/v1/tickets').send(intake('STAT-2', 'consultation')).expect(201)).body
      .id;
    await http().post('/api/v1/tickets').send(intake('STAT-3', 'complaint')).expect(201);
    // Signed within the 2 working hours: a and b; the third stays unsigned.
    clock.advance(30 * 60_000);
    await http().post(`/api/v1/tickets/${a}/sign`).expect(200);
    await http().post(`/api/v1/tickets/${b}/sign`).expect(200);
    await http().post(`/api/v1/tickets/${a}/dispatch`).send({ unitId: 'enforcement' }).expect(200);
    const last = await http().post(`/api/v1/tickets/${b}/dispatch`).send({ unitId: 'market' }).expect(200);

    const day = '2026-03-02';
    const all = (
      await http()
        .get(`/api/v1/stats/hotline?from=${day}&to=${day}&minPosition=${last.body.position}`)
        .expect(200)
    ).body;
    expect(all.fresh).toBe(true);
    expect(all.rows).toHaveLength(1);
    expect(all.rows[0].counts).toMatchObject({
      received: 3,
      signed: 2,
      signedOnTime: 2,
      dispatched: 2,
      returned: 0,
    });
    // 按时签收率 = signed on time ÷ received; 退单率 = returned ÷ dispatched; nothing replied yet: null.
    expect(all.rows[0].rates).toMatchObject({
      signOnTime: 2 / 3,
      return: 0,
      resolution: null,
      satisfaction: null,
    });

    const byType = (await http().get(`/api/v1/stats/hotline?from=${day}&to=${day}&groupBy=type`).expect(200))
      .body;
    expect(
      byType.rows.map((r: { group: string; counts: { received: number } }) => [r.group, r.counts.received]),
    ).toEqual([
      ['complaint', 2],
      ['consultation', 1],
    ]);
    const byUnit = (await http().get(`/api/v1/stats/hotline?from=${day}&to=${day}&groupBy=unit`).expect(200))
      .body;
    expect(
      byUnit.rows.map((r: { group: string; counts: { dispatched: number } }) => [
        r.group,
        r.counts.dispatched,
      ]),
    ).toEqual([
      ['enforcement', 1],
      ['market', 1],
    ]);
    const month = (
      await http().get('/api/v1/stats/hotline?from=2026-03-01&to=2026-03-31&groupBy=month').expect(200)
    ).body;
    expect(month.rows).toEqual([
      expect.objectContaining({ group: '2026-03', counts: expect.objectContaining({ received: 3 }) }),
    ]);
    const empty = (await http().get('/api/v1/stats/hotline?from=2026-04-01&to=2026-04-30').expect(200)).body;
    // A period with nothing in it still answers its row: zero counts, and every rate null (nothing was due).
    expect(empty.rows).toHaveLength(1);
    expect(empty.rows[0].counts.received).toBe(0);
    expect(Object.values(empty.rows[0].rates).every((rate) => rate === null)).toBe(true);
    const days = (
      await http().get('/api/v1/stats/hotline?from=2026-03-01&to=2026-03-07&groupBy=day').expect(200)
    ).body;
    expect(
      days.rows.map((r: { group: string; counts: { received: number } }) => [r.group, r.counts.received]),
    ).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 3],
      ['2026-03-03', 0],
      ['2026-03-04', 0],
      ['2026-03-05', 0],
      ['2026-03-06', 0],
      ['2026-03-07', 0],
    ]);
  });

  it('answers a whole year grouped by unit from month and day buckets, matching the months it spans', async () => {
    // One ticket a month from 15 December 2025 to 15 November 2026, dispatched to enforcement or market in turn.
    clock.set('2025-12-15T10:00:00+08:00');
    let last = '';
    for (let month = 0; month < 12; month += 1) {
      const receivedAt = clock.now().toISOString();
      const id = (
        await http()
          .post('/api/v1/tickets')
          .send({ ...intake(`YEAR-${month}`, 'complaint'), receivedAt })
          .expect(201)
      ).body.id;
      await http().post(`/api/v1/tickets/${id}/sign`).expect(200);
      const unitId = month % 2 === 0 ? 'enforcement' : 'market';
      last = (await http().post(`/api/v1/tickets/${id}/dispatch`).send({ unitId }).expect(200)).body.position;
      clock.set(new Date(Date.UTC(2025, 12 + month, 15, 2)).toISOString());
    }
    const stats = async (from: string, to: string, groupBy: string) =>
      (
        await http()
          .get(`/api/v1/stats/hotline?from=${from}&to=${to}&groupBy=${groupBy}&minPosition=${last}`)
          .expect(200)
      ).body as { fresh: boolean; rows: { group: string; counts: Record<string, number> }[] };
    const dispatched = (body: Awaited<ReturnType<typeof stats>>) =>
      Object.fromEntries(body.rows.map((row) => [row.group, row.counts.dispatched]));

    const year = await stats('2025-12-01', '2026-11-30', 'unit');
    expect(year.fresh).toBe(true);
    expect(dispatched(year)).toEqual({ enforcement: 6, market: 6 });
    // A range cut inside months: 10 January to 20 March holds the January, February and March tickets.
    expect(dispatched(await stats('2026-01-10', '2026-03-20', 'unit'))).toEqual({
      enforcement: 1,
      market: 2,
    });
    // A range that leaves out the 15th of its end months holds none of them.
    expect(dispatched(await stats('2026-01-16', '2026-02-14', 'unit'))).toEqual({});
    const months = await stats('2025-12-01', '2026-11-30', 'month');
    expect(months.rows.map((row) => [row.group, row.counts.received])).toEqual(
      Array.from({ length: 12 }, (_, i) => [
        new Date(Date.UTC(2025, 11 + i, 1)).toISOString().slice(0, 7),
        1,
      ]),
    );
  });

  it('refuses a malformed or too long period with 400', async () => {
    await http().get('/api/v1/stats/hotline?from=2026-03-01').expect(400);
    await http().get('/api/v1/stats/hotline?from=2026-03-02&to=2026-03-01').expect(400);
    await http().get('/api/v1/stats/hotline?from=2025-01-01&to=2026-06-01').expect(400);
    await http().get('/api/v1/stats/hotline?from=2026-03-01&to=2026-03-31&groupBy=colour').expect(400);
  });

  it('counts grid findings into GET /stats/grid per case: closures, reworks and checks', async () => {
    const report = {
      gridId: 'g2-03',
      category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
      description: '暴露垃圾',
      location: { lat: 31.23, lng: 121.46 },
      source: 'patrol',
    };
    let position = '0';
    const act = (id: string, action: string, body: object) =>
      http()
        .post(`/api/v1/findings/${id}/${action}`)
        .set('x-actor-id', 'inspector-g2-03')
        .set('x-actor-role', action === 'check' ? 'inspector' : 'dispatcher')
        .send(body)
        .expect(200);
    // Two findings closed (the second after one rework), one the unit never answers.
    for (const outcome of ['closed', 'reworked', 'unanswered'] as const) {
      const { id } = (await http().post('/api/v1/findings').send(report).expect(201)).body;
      await act(id, 'file', {});
      position = (await act(id, 'dispatch', { unitId: 'appearance' })).body.position;
      if (outcome === 'unanswered') continue;
      await act(id, 'handled', { note: '已清运', photos: ['a'] });
      if (outcome === 'reworked') {
        await act(id, 'check', { passed: false, note: '仍有垃圾' });
        await act(id, 'handled', { note: '已清运', photos: ['b'] });
      }
      position = (await act(id, 'check', { passed: true })).body.position;
    }
    const day = '2026-03-02';
    const all = (
      await http().get(`/api/v1/stats/grid?from=${day}&to=${day}&minPosition=${position}`).expect(200)
    ).body;
    // 暴露垃圾 is due 4 working hours after dispatch: the three findings were due to close today, one per case.
    expect(all.rows[0].counts).toMatchObject({
      reported: 3,
      valid: 3,
      filed: 3,
      dispatched: 3,
      dispatchReturned: 0,
      closeDue: 3,
      deferred: 0,
      closed: 2,
      closedOnTime: 2,
      handled: 2,
      reworkCases: 1,
      firstTimeFixed: 1,
      reworked: 1,
    });
    // The finding nobody answered counts against closure: 2 of 3, not 2 of the 2 that reached a check.
    expect(all.rows[0].rates).toMatchObject({
      closure: 2 / 3,
      onTimeClosure: 2 / 3,
      rework: 1 / 2,
      firstTimeFix: 1 / 2,
      accurateDispatch: 1,
    });
    // A check falls due a working day after handling: the inspector's figure, on the following day.
    const week = (await http().get('/api/v1/stats/grid?from=2026-03-02&to=2026-03-08').expect(200)).body;
    expect(week.rows[0].counts).toMatchObject({ checkDue: 3, checkedOnTime: 3 });
    expect(week.rows[0].rates.checkOnTime).toBe(1);
    const byInspector = (
      await http().get('/api/v1/stats/grid?from=2026-03-02&to=2026-03-08&groupBy=inspector').expect(200)
    ).body;
    expect(byInspector.rows).toEqual([
      expect.objectContaining({ group: 'inspector-g2-03', counts: expect.objectContaining({ checkDue: 3 }) }),
    ]);
    const byUnit = (
      await http().get('/api/v1/stats/grid?from=2026-03-02&to=2026-03-08&groupBy=unit').expect(200)
    ).body;
    expect(byUnit.rows).toEqual([
      expect.objectContaining({ group: 'appearance', counts: expect.objectContaining({ closeDue: 3 }) }),
    ]);
    expect(byUnit.rows[0].counts.checkDue ?? 0).toBe(0);
    const byGrid = (await http().get(`/api/v1/stats/grid?from=${day}&to=${day}&groupBy=grid`).expect(200))
      .body;
    expect(byGrid.rows.map((r: { group: string }) => r.group)).toEqual(['g2-03']);
  });
});
