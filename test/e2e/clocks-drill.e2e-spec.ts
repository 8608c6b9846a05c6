import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * The clocks issue's drill: an SLA file with minute-long limits for the unit's acceptance and the district's
 * deadline, the real clock, the worker's timers. A ticket signed and dispatched but never accepted (the gaming the
 * operators know: "只要部门不点签收，计时器就不开始跳") raises exactly one `accept` warning and one `accept` overdue
 * alert, and the district's `upstream` stage warns and goes overdue at its own points while the unit still holds the
 * ticket; a second ticket returned by its unit and dispatched again keeps its district deadline where it was.
 */
interface Alert {
  readonly kind: string;
  readonly stage: string;
  readonly caseId: string;
  readonly unitId: string | null;
  readonly raisedAt: string;
  readonly dueAt?: string;
}

describe('a drill of the whole chain: the district deadline and the step clocks, on the real clock', () => {
  let system: TestApi;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-clocks-drill-'));
    const slaFile = join(dir, 'drill-sla.json');
    writeFileSync(slaFile, JSON.stringify({ hotline: { accept: '1m', upstream: '2m' }, warnAt: 0.5 }));
    system = await startTestApi({ DEMO: 'true', SLA_FILE: slaFile }, undefined, { worker: true });
  });
  afterAll(async () => {
    await system.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises accept and upstream alerts once each while the unit holds the ticket; a return moves nothing', async () => {
    const http = () => request(system.app.getHttpServer());
    const as =
      (actor: string) =>
      (path: string, body: object = {}) =>
        http().post(`/api/v1${path}`).set('x-actor-id', actor).send(body);
    const receive = async (ticketNo: string) =>
      (
        await http()
          .post('/api/v1/tickets')
          .send({
            ticketNo,
            receivedAt: new Date().toISOString(),
            type: 'complaint',
            urgency: 'normal',
            category: { code: '01.03.02' },
            title: '演练工单',
            content: '演练',
            address: '威海路100号',
          })
          .expect(201)
      ).body.id as string;
    const ticket = async (id: string) => (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;

    // Never accepted.
    const held = await receive('CLOCKS-HELD');
    await as('dispatcher')(`/tickets/${held}/sign`).expect(200);
    await as('dispatcher')(`/tickets/${held}/dispatch`, { unitId: 'enforcement' }).expect(200);
    // Returned by its unit and dispatched again.
    const moved = await receive('CLOCKS-MOVED');
    await as('dispatcher')(`/tickets/${moved}/sign`).expect(200);
    await as('dispatcher')(`/tickets/${moved}/dispatch`, { unitId: 'enforcement' }).expect(200);
    const before = (await ticket(moved)).deadlines.upstream as { dueAt: string; startedAt: string };
    await http()
      .post(`/api/v1/tickets/${moved}/return`)
      .set('x-actor-id', 'handler')
      .set('x-actor-unit', 'enforcement')
      .send({ reason: '不属本单位职责' })
      .expect(200);
    await as('dispatcher')(`/tickets/${moved}/dispatch`, { unitId: 'housing' }).expect(200);
    const after = (await ticket(moved)).deadlines.upstream as { dueAt: string; startedAt: string };
    expect(after).toEqual(before);

    const { accept, upstream } = (await ticket(held)).deadlines as Record<
      string,
      { warnAt: string; dueAt: string }
    >;
    const alertsOf = async (id: string) =>
      ((await http().get('/api/v1/alerts?status=all&limit=100').expect(200)).body.items as Alert[]).filter(
        (alert) => alert.caseId === id,
      );
    const kinds = (alerts: Alert[]) => alerts.map((alert) => `${alert.stage}:${alert.kind}`).sort();
    await eventually(
      async () =>
        expect(kinds(await alertsOf(held))).toEqual(
          expect.arrayContaining([
            'accept:overdue',
            'accept:warning',
            'upstream:overdue',
            'upstream:warning',
          ]),
        ),
      170_000,
      500,
    );
    const heldAlerts = await alertsOf(held);
    expect(kinds(heldAlerts)).toEqual([
      'accept:overdue',
      'accept:warning',
      'upstream:overdue',
      'upstream:warning',
    ]);
    const at = (stage: string, kind: string) =>
      heldAlerts.find((alert) => alert.stage === stage && alert.kind === kind)!;
    const lateBy = (raisedAt: string, point: string) => Date.parse(raisedAt) - Date.parse(point);
    const timings: [Alert, string][] = [
      [at('accept', 'warning'), accept!.warnAt],
      [at('accept', 'overdue'), accept!.dueAt],
      [at('upstream', 'warning'), upstream!.warnAt],
      [at('upstream', 'overdue'), upstream!.dueAt],
    ];
    for (const [alert, point] of timings) {
      expect(lateBy(alert.raisedAt, point)).toBeGreaterThanOrEqual(0);
      expect(lateBy(alert.raisedAt, point)).toBeLessThan(10_000);
    }
    // Overdue on the unit's stages names the unit holding the ticket (and urged it).
    expect(at('accept', 'overdue').unitId).toBe('enforcement');
    expect(at('upstream', 'overdue').unitId).toBe('enforcement');

    // The returned ticket's district stage went overdue at its first due time, with the unit now holding it.
    await eventually(
      async () =>
        expect(
          (await alertsOf(moved)).find((alert) => alert.stage === 'upstream' && alert.kind === 'overdue'),
        ).toMatchObject({ unitId: 'housing', dueAt: before.dueAt }),
      60_000,
      500,
    );
    console.log(
      `[clocks drill] ${timings
        .map(([alert, point]) => `${alert.stage} ${alert.kind} ${lateBy(alert.raisedAt, point)} ms late`)
        .join(', ')}`,
    );
  }, 240_000);
});
