import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 17 over HTTP: the official 12345 callback rates efficiency, attitude and result; a street callback records
 * whether it concluded by the street's rules (RULES_FILE), and the reply upstream follows that record. The rules
 * here say a refusal does not conclude the street callback.
 */
const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声扰民',
  content: '工地每晚22点后仍在施工。',
  address: '威海路100号',
  gridId: 'g2-03',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
});

interface HistoryEntry {
  type: string;
  data: Record<string, unknown>;
}

describe('callbacks: the 12345 ratings and a concluded street callback', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let rulesDir: string;

  beforeAll(async () => {
    rulesDir = mkdtempSync(join(tmpdir(), 'chengyun-rules-'));
    const rulesFile = join(rulesDir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify({ hotline: { concludedCallbackOutcomes: ['reached'] } }));
    system = await startTestApi(
      { DEMO: 'true', RULES_FILE: rulesFile },
      new ManualClock('2026-03-02T09:20:00+08:00'),
    );
    api = system.app;
  });
  afterAll(async () => {
    await system.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  const http = () => request(api.getHttpServer());
  const post = (id: string, action: string, body: object = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('x-actor-id', 'tester').send(body);
  const ticket = async (id: string) => (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;

  /** A ticket through review: the street callback is next. */
  async function awaitingStreetCallback(ticketNo: string): Promise<string> {
    const id = (await http().post('/api/v1/tickets').send(intake(ticketNo)).expect(201)).body.id as string;
    await post(id, 'sign').expect(200);
    await post(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    await post(id, 'accept').expect(200);
    await post(id, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' }).expect(200);
    await post(id, 'contacts', { phase: 'before-reply', channel: 'phone', outcome: 'reached' }).expect(200);
    await post(id, 'reply', { result: 'resolved', summary: '已责令工地22点后停止施工。' }).expect(200);
    await post(id, 'review', { approved: true }).expect(200);
    return id;
  }

  it('a refused street callback does not conclude under these rules: no reply upstream until one reaches', async () => {
    const id = await awaitingStreetCallback('CB-1');
    await post(id, 'callbacks', { by: 'street', outcome: 'refused' }).expect(200);
    let view = await ticket(id);
    const refused = (view.history as HistoryEntry[]).find((entry) => entry.type === 'CallbackRecorded');
    expect(refused?.data).toMatchObject({ by: 'street', outcome: 'refused', concluded: false });
    expect(view.streetCallback).toMatchObject({ attempts: 1, concluded: false });
    expect(view.actions.map((action: { name: string }) => action.name)).not.toContain('reply-upstream');
    const gated = await post(id, 'reply-upstream').expect(422);
    expect(gated.body.code).toBe('TICKET.STREET_CALLBACK_MISSING');

    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' }).expect(200);
    view = await ticket(id);
    expect(view.streetCallback).toMatchObject({ attempts: 2, concluded: true });
    await post(id, 'reply-upstream').expect(200);
  });

  it('records the 12345 callback’s ratings of efficiency, attitude and result, and shows them', async () => {
    const id = await awaitingStreetCallback('CB-2');
    await post(id, 'callbacks', { by: 'street', outcome: 'reached', satisfaction: 'satisfied' }).expect(200);
    await post(id, 'reply-upstream').expect(200);
    const ratings = { efficiency: 'basically-satisfied', attitude: 'satisfied', result: 'dissatisfied' };
    await post(id, 'callbacks', {
      by: 'hotline',
      outcome: 'reached',
      satisfaction: 'basically-satisfied',
      resolved: false,
      ratings,
    }).expect(200);
    const view = await ticket(id);
    expect(view.hotlineCallback).toMatchObject({ satisfaction: 'basically-satisfied', ratings });
    const recorded = (view.history as HistoryEntry[]).filter((entry) => entry.type === 'CallbackRecorded');
    expect(recorded.at(-1)?.data).toMatchObject({ by: 'hotline', ratings });
    // The street's own callback carries none.
    expect(recorded[0]?.data).not.toHaveProperty('ratings');
  });

  it.each([
    [
      'on a street callback',
      { by: 'street', outcome: 'reached', ratings: { attitude: 'satisfied' } },
      'ratings',
    ],
    [
      'with a value that is no satisfaction',
      { by: 'hotline', outcome: 'reached', ratings: { attitude: 'great' } },
      'ratings.attitude',
    ],
    [
      'with an aspect the callback does not rate',
      { by: 'hotline', outcome: 'reached', ratings: { speed: 'satisfied' } },
      'ratings.speed',
    ],
    ['as a list', { by: 'hotline', outcome: 'reached', ratings: ['satisfied'] }, 'ratings'],
  ])('refuses ratings %s (400, naming the field, writing nothing)', async (_case, body, field) => {
    const id = await awaitingStreetCallback(`CB-BAD-${field}-${String(body.by)}`);
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const answer = await post(id, 'callbacks', body).expect(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await store.headPosition()).toBe(before);
  });
});
