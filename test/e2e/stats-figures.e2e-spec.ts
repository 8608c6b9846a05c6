import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * The figures the street is ranked on (考核口径), end to end: a scripted street of tickets through their whole life,
 * rated at the 12345 callback, with the district's weight of 基本满意 from RULES_FILE; the cases behind a count; a
 * figure as of a moment of the log; an exclusion (考核剔除) taking a ticket out of a rate.
 */

const MONTH = { from: '2026-03-01', to: '2026-03-31' };

const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:00:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '工地夜间施工噪声扰民',
  address: '威海路100号',
  channel: 'phone',
});

type Satisfaction = 'satisfied' | 'basically-satisfied' | 'dissatisfied';

describe('the figures the street is ranked on', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-rates-'));
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({
        rates: { satisfactionWeight: 0.6 },
        // 综合得分 of one part: 100 points × 市民满意率 (target 1), so a point is a hundredth of the rate.
        scorecard: { parts: [{ rate: 'hotline.satisfaction', weight: 100 }] },
      }),
    );
    clock = new ManualClock('2026-03-02T09:10:00+08:00'); // Monday
    system = await startTestApi({ DEMO: 'true', RULES_FILE: rulesFile }, clock, { worker: true });
    api = system.app;
  });

  afterEach(async () => {
    await system.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(api.getHttpServer());
  const post = (id: string, action: string, body: object = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).send(body).expect(200);

  /** One ticket through its whole life, rated by 12345; answers its id and the position of the 12345 callback. */
  async function lifeOf(ticketNo: string, satisfaction: Satisfaction, resolved: boolean) {
    const id: string = (await http().post('/api/v1/tickets').send(intake(ticketNo)).expect(201)).body.id;
    await post(id, 'sign');
    await post(id, 'dispatch', { unitId: 'enforcement' });
    await post(id, 'accept');
    await post(id, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' });
    await post(id, 'contacts', { phase: 'before-reply', channel: 'phone', outcome: 'reached' });
    // Every unit claims 实际解决; the caller decides at the 12345 callback.
    await post(id, 'reply', { result: 'resolved', summary: '已处理' });
    await post(id, 'review', { approved: true });
    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' });
    await post(id, 'reply-upstream');
    const rated = await post(id, 'callbacks', { by: 'hotline', outcome: 'reached', satisfaction, resolved });
    return { id, position: rated.body.position as string };
  }

  const stats = async (query: string) =>
    (await http().get(`/api/v1/stats/hotline?from=${MONTH.from}&to=${MONTH.to}${query}`).expect(200)).body;

  it('counts what the district counts, lists the cases behind a count, answers as of a moment, and excludes', async () => {
    const answers: [Satisfaction, boolean][] = [
      ...Array.from({ length: 7 }, (): [Satisfaction, boolean] => ['satisfied', true]),
      ['basically-satisfied', true],
      ['basically-satisfied', false],
      ['dissatisfied', false],
    ];
    const tickets: { id: string; position: string }[] = [];
    for (const [i, [satisfaction, resolved]] of answers.entries()) {
      tickets.push(await lifeOf(`RATE-${i + 1}`, satisfaction, resolved));
      clock.advance(10 * 60_000);
    }
    const last = tickets.at(-1)!.position;

    const now = await stats(`&minPosition=${last}`);
    expect(now.fresh).toBe(true);
    const [row] = now.rows;
    expect(row.counts).toMatchObject({
      rated: 10,
      satisfied: 7,
      basicallySatisfied: 2,
      dissatisfied: 1,
      resolutionAnswered: 10,
      resolvedByCitizen: 8,
      resolved: 10,
      replied: 10,
    });
    // (7 + 2 × 0.6) ÷ 10 with the district's weight; 8 of 10 callers said solved; every unit claimed it.
    expect(row.rates.satisfaction).toBeCloseTo(0.82, 10);
    expect(row.rates.resolution).toBe(0.8);
    expect(row.rates.resolutionClaimed).toBe(1);
    expect(now.definitions.satisfaction.formula).toContain('0.6');
    expect(row.excluded).toBe(0);

    // The cases behind the satisfied count: exactly 7, each a ticket of the street, on two pages.
    const page1 = (
      await http()
        .get(`/api/v1/stats/hotline/cases?count=satisfied&from=${MONTH.from}&to=${MONTH.to}&limit=5`)
        .expect(200)
    ).body;
    expect(page1.total).toBe(7);
    expect(page1.items).toHaveLength(5);
    const page2 = (
      await http()
        .get(
          `/api/v1/stats/hotline/cases?count=satisfied&from=${MONTH.from}&to=${MONTH.to}&limit=5&cursor=${page1.nextCursor}`,
        )
        .expect(200)
    ).body;
    expect(page2.nextCursor).toBeNull();
    const listed = [...page1.items, ...page2.items].map((item: { caseId: string }) => item.caseId).sort();
    expect(listed).toEqual(
      tickets
        .slice(0, 7)
        .map((ticket) => ticket.id)
        .sort(),
    );
    expect(page1.items[0].ref).toMatch(/^RATE-/);
    // By unit, the same cell.
    const byUnit = (
      await http()
        .get(
          `/api/v1/stats/hotline/cases?count=dissatisfied&groupBy=unit&group=enforcement&from=${MONTH.from}&to=${MONTH.to}`,
        )
        .expect(200)
    ).body;
    expect(byUnit.items.map((item: { caseId: string }) => item.caseId)).toEqual([tickets[9]!.id]);

    // More tickets of the same category, closed after the last callback, move the figures now, not as of then.
    // (asOf a time compares with the time the store recorded each event: the server's, not the test's clock.)
    const recordedBy = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await stats(`&asOf=${last}`)).rows).toEqual(now.rows);
    let closed = '';
    for (let i = 0; i < 3; i += 1) {
      const later = await lifeOf(`LATER-${i + 1}`, 'dissatisfied', false);
      closed = (await post(later.id, 'close', { reason: '市民不满意，已解释' })).body.position;
    }
    const moved = await stats(`&minPosition=${closed}`);
    expect(moved.rows[0].counts.rated).toBe(13);
    expect(moved.rows[0].rates.satisfaction).toBeCloseTo((7 + 2 * 0.6) / 13, 10);
    expect((await stats(`&asOf=${last}`)).rows).toEqual(now.rows);
    expect((await stats(`&asOf=${encodeURIComponent(recordedBy)}`)).rows).toEqual(now.rows);

    const scoreOf = async (query: string) => {
      const card = (
        await http().get(`/api/v1/stats/scorecard?month=2026-03&groupBy=unit${query}`).expect(200)
      ).body;
      return card.rows.find((row: { group: string }) => row.group === 'enforcement');
    };
    const scoreBefore = await scoreOf(`&minPosition=${closed}`);
    expect(scoreBefore.score).toBeCloseTo((100 * (7 + 2 * 0.6)) / 13, 2);

    // 考核剔除 of the dissatisfied ticket from the satisfaction rate: the counts stay, the rate leaves it out.
    const dissatisfied = tickets[9]!.id;
    await http()
      .post(`/api/v1/tickets/${dissatisfied}/exclusion-requests`)
      .send({ kind: 'unreasonable', reason: '诉求超出合理范围', rates: ['satisfaction'] })
      .expect(200);
    const decided = await post(dissatisfied, 'exclusion-decision', { approved: true, note: '同意剔除' });
    const excluded = await stats(`&asOf=${decided.body.position}`);
    expect(excluded.rows[0].counts.rated).toBe(13);
    expect(excluded.rows[0].excluded).toBe(1);
    expect(excluded.rows[0].excludedByRate).toEqual({ satisfaction: 1 });
    expect(excluded.rows[0].rates.satisfaction).toBeCloseTo((7 + 2 * 0.6) / 12, 10);
    // The live figures, from the worker's buckets, agree with the replay once caught up.
    const live = await stats(`&minPosition=${decided.body.position}`);
    expect(live.rows).toEqual(excluded.rows);
    // The unit's score moves by exactly the points of the rate without the excluded ticket: 100 × (8.2/12 − 8.2/13).
    const scoreAfter = await scoreOf(`&minPosition=${decided.body.position}`);
    expect(scoreAfter.excluded).toBe(1);
    expect(scoreAfter.score - scoreBefore.score).toBeCloseTo(
      100 * ((7 + 2 * 0.6) / 12 - (7 + 2 * 0.6) / 13),
      1,
    );
    // As of the last callback of the first ten, the exclusion had not been made.
    expect((await stats(`&asOf=${last}`)).rows).toEqual(now.rows);
  });

  it('refuses an asOf that is neither a position nor a time, and one past the end of the log', async () => {
    const bad = await http()
      .get(`/api/v1/stats/hotline?from=${MONTH.from}&to=${MONTH.to}&asOf=yesterday`)
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    const ahead = await http()
      .get(`/api/v1/stats/hotline?from=${MONTH.from}&to=${MONTH.to}&asOf=999999`)
      .expect(422);
    expect(ahead.body.code).toBe('STATS.AS_OF_AHEAD');
    const count = await http()
      .get(`/api/v1/stats/hotline/cases?count=handlingMinutes&from=${MONTH.from}&to=${MONTH.to}`)
      .expect(400);
    expect(count.body.errors).toEqual([expect.objectContaining({ field: 'count' })]);
    await http()
      .get(`/api/v1/stats/hotline/cases?count=satisfied&groupBy=unit&from=${MONTH.from}&to=${MONTH.to}`)
      .expect(400);
  });
});
