import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import request from 'supertest';
import { eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * A drill (演练) as an office would run it: an SLA file with minute-long limits, the real clock, the timers of the
 * worker (the sweep left at its one-minute default). A ticket's sign stage of one natural minute warns at once (limits
 * are whole minutes: a tenth of one rounds down to its start) and goes overdue at its due time; both alerts arrive
 * within seconds of their points, from the delayed jobs, not from the sweep.
 */
describe('a deadline drill with minute-long limits from SLA_FILE, on the real clock', () => {
  let system: TestApi;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chengyun-drill-'));
    const slaFile = join(dir, 'drill-sla.json');
    writeFileSync(slaFile, JSON.stringify({ hotline: { sign: '1m' }, warnAt: 0.1 }));
    system = await startTestApi({ DEMO: 'true', SLA_FILE: slaFile }, undefined, { worker: true });
  });
  afterAll(async () => {
    await system.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises the warning at its point and the overdue alert at the minute, each within seconds', async () => {
    const http = () => request(system.app.getHttpServer());
    const received = await http()
      .post('/api/v1/tickets')
      .send({
        ticketNo: 'DRILL-1',
        receivedAt: new Date().toISOString(),
        type: 'complaint',
        urgency: 'normal',
        category: { code: '01.03.02' },
        title: '演练工单',
        content: '演练',
        address: '威海路100号',
      })
      .expect(201);
    const ticket = (await http().get(`/api/v1/tickets/${received.body.id}`).expect(200)).body;
    const { warnAt, dueAt } = ticket.deadlines.sign as { warnAt: string; dueAt: string };
    expect(Date.parse(dueAt) - Date.parse(ticket.recordedAt ?? ticket.receivedAt)).toBeLessThanOrEqual(
      60_000,
    );

    const alertOf = async (kind: string) => {
      const items = (await http().get(`/api/v1/alerts?kind=${kind}`).expect(200)).body.items as {
        raisedAt: string;
        stage: string;
      }[];
      expect(items).toHaveLength(1);
      return items[0]!;
    };
    const warning = await eventually(() => alertOf('warning'), 50_000, 250);
    const overdue = await eventually(() => alertOf('overdue'), 80_000, 250);
    const lateBy = (raisedAt: string, point: string) => Date.parse(raisedAt) - Date.parse(point);
    console.log(
      `[deadline drill] warning ${lateBy(warning.raisedAt, warnAt)} ms after its point, ` +
        `overdue ${lateBy(overdue.raisedAt, dueAt)} ms after the due time`,
    );
    expect(warning.stage).toBe('sign');
    for (const [raisedAt, point] of [
      [warning.raisedAt, warnAt],
      [overdue.raisedAt, dueAt],
    ] as const) {
      expect(lateBy(raisedAt, point)).toBeGreaterThanOrEqual(0);
      expect(lateBy(raisedAt, point)).toBeLessThan(10_000);
    }
  }, 120_000);
});
