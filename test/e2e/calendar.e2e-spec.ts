import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** A made-up 2027 schedule (the real one was not published on 2026-11-27) whose 元旦 runs to Monday 01-04. */
const schedule2027 = {
  year: 2027,
  sources: [{ title: '测试用2027年节假日安排', documentNumber: 'TEST-2027', issued: '2026-12-01' }],
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-04' },
    { name: '春节', from: '2027-02-05', to: '2027-02-12' },
  ],
  makeUpWorkdays: [{ date: '2027-02-14', for: '春节' }],
};

describe('the working calendar over HTTP', () => {
  let testApi: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-12-30T10:00:00+08:00');
    testApi = await startTestApi({ DEMO: 'true' }, clock);
    api = testApi.app;
  });

  afterEach(() => testApi.close());

  const http = () => request(api.getHttpServer());

  it('revises a provisional deadline explicitly when the official year is imported, once', async () => {
    const { id } = (
      await http()
        .post('/api/v1/tickets')
        .send({
          ticketNo: 'HL2026123000001',
          receivedAt: '2026-12-30T09:55:00+08:00',
          type: 'complaint',
          urgency: 'normal',
          category: { code: '01.03.02' },
          title: '噪声扰民',
          content: '夜间施工',
          address: '威海路100号',
        })
        .expect(201)
    ).body;
    await http().post(`/api/v1/tickets/${id}/sign`).expect(200);
    await http().post(`/api/v1/tickets/${id}/dispatch`).send({ unitId: 'enforcement' }).expect(200);
    await http().post(`/api/v1/tickets/${id}/accept`).expect(200);
    const before = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    // 12-31, then 2027 on the statutory fallback (元旦 one day): 01-04, 01-05, 01-06, 01-07.
    expect(before.deadlines.handle).toMatchObject({
      dueAt: '2027-01-07T09:30:00.000Z',
      provisional: true,
      limit: '5wd',
    });

    const imported = await http().post('/api/v1/calendar/official-years').send(schedule2027).expect(200);
    expect(imported.body).toMatchObject({ revisedTickets: 1 });
    const after = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    expect(after.deadlines.handle).toMatchObject({
      dueAt: '2027-01-08T09:30:00.000Z',
      provisional: false,
      calendarVersion: imported.body.version,
    });
    type Revision = { type: string; data: { stage: string } };
    const revisions = after.history.filter((e: Revision) => e.type === 'DeadlineRevised') as Revision[];
    // The district's deadline (counted on the calendar: the platform sent none) is revised too, in its own event.
    expect(revisions.map((e) => e.data.stage).sort()).toEqual(['handle', 'upstream']);
    const revision = revisions.find((e) => e.data.stage === 'handle');
    expect(revision?.data).toMatchObject({
      stage: 'handle',
      old: { dueAt: '2027-01-07T09:30:00.000Z' },
      new: { dueAt: '2027-01-08T09:30:00.000Z' },
    });

    const again = await http().post('/api/v1/calendar/official-years').send(schedule2027).expect(200);
    expect(again.body).toMatchObject({ revisedTickets: 0, version: imported.body.version });
    const unchanged = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    expect(unchanged.revision).toBe(after.revision);

    const calendar = await http().get('/api/v1/calendar').expect(200);
    expect(calendar.body.officialYears).toContain(2027);
    expect(calendar.body.version).toBe(imported.body.version);
  });

  it("revises a finding's provisional handling deadline too, once, and answers revisedFindings", async () => {
    const { id } = (
      await http()
        .post('/api/v1/findings')
        .send({
          gridId: 'g2-03',
          category: { standard: 'GB/T 30428.2-2013', code: '02-06', kind: 'component' },
          description: '交通标志牌倾斜',
          location: { lat: 31.2301, lng: 121.4589 },
          source: 'patrol',
          photos: ['photo-before-1'],
        })
        .expect(201)
    ).body;
    await http().post(`/api/v1/findings/${id}/file`).send({}).expect(200);
    await http().post(`/api/v1/findings/${id}/dispatch`).send({ unitId: 'enforcement' }).expect(200);
    const before = (await http().get(`/api/v1/findings/${id}`).expect(200)).body;
    // 交通标志牌 5wd from 12-30: 12-31, then 2027 on the statutory fallback: 01-04 … 01-07.
    expect(before.deadlines.handle).toMatchObject({ dueAt: '2027-01-07T09:30:00.000Z', provisional: true });

    const imported = await http().post('/api/v1/calendar/official-years').send(schedule2027).expect(200);
    expect(imported.body).toMatchObject({ revisedTickets: 0, revisedFindings: 1 });
    const after = (await http().get(`/api/v1/findings/${id}`).expect(200)).body;
    expect(after.deadlines.handle).toMatchObject({
      dueAt: '2027-01-08T09:30:00.000Z',
      provisional: false,
      calendarVersion: imported.body.version,
    });
    expect(after.stages.at(-1)).toMatchObject({ stage: 'handle', dueAt: '2027-01-08T09:30:00.000Z' });

    const again = await http().post('/api/v1/calendar/official-years').send(schedule2027).expect(200);
    expect(again.body).toMatchObject({ revisedFindings: 0, version: imported.body.version });
  });

  it('answers 400 for a schedule whose make-up day is a weekday, changing nothing', async () => {
    const version = (await http().get('/api/v1/calendar').expect(200)).body.version;
    const bad = { ...schedule2027, makeUpWorkdays: [{ date: '2027-02-15', for: '春节' }] };
    const response = await http().post('/api/v1/calendar/official-years').send(bad).expect(400);
    expect(response.body).toMatchObject({ code: 'CALENDAR.INVALID_SCHEDULE' });
    expect((await http().get('/api/v1/calendar').expect(200)).body.version).toBe(version);
  });

  it('applies an override (a typhoon closure) to deadlines computed afterwards', async () => {
    clock.set('2026-09-14T16:00:00+08:00');
    await http()
      .post('/api/v1/calendar/overrides')
      .send({ overrides: [{ date: '2026-09-15', status: 'holiday', reason: '台风停工' }] })
      .expect(200);
    const { id } = (
      await http()
        .post('/api/v1/tickets')
        .send({
          ticketNo: 'HL2026091400001',
          receivedAt: '2026-09-14T16:00:00+08:00',
          type: 'consultation',
          urgency: 'normal',
          category: { code: '09.01' },
          title: '咨询',
          content: '咨询停车收费',
          address: '南京西路1号',
        })
        .expect(201)
    ).body;
    const ticket = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    // 2 working hours from Mon 16:00: 1.5 h that day, then the 15th is closed, so 09:30 on the 16th.
    expect(ticket.deadlines.sign.dueAt).toBe('2026-09-16T01:30:00.000Z');
  });
});
