import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { DeadlineCommandsService } from '../../apps/worker/src/deadlines/deadline-commands.service.js';
import { DeadlineTimersService } from '../../apps/worker/src/deadlines/deadline-timers.service.js';
import { dropRedisPrefix, eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { ticketIntake } from '../support/fixtures.js';

/*
 * Deadlines on the working calendar of 2026 (official schedule): 国庆节 1–7 October are holidays, Saturday 10 October
 * is a make-up working day (调休), Sunday 11 October is a weekend day. Office hours 09:00–12:00 and 13:00–17:30.
 * The worker's sweep runs every 200 ms on the test's clock; timers armed for the future never fire within a test
 * (their delay is real time), so every alert below comes from the sweep unless said otherwise.
 */
const intake = ticketIntake;

interface Alert {
  readonly kind: string;
  readonly stage?: string;
  readonly caseId: string;
  readonly unitId: string | null;
  readonly dueAt?: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
}

describe('deadline alerts: warnings and overdue at working-calendar instants, exactly once', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-09-30T16:50:00+08:00'); // Wednesday before 国庆节
    system = await startTestApi({ DEMO: 'true', DEADLINE_SWEEP_MS: '200' }, clock, { worker: true });
    api = system.app;
  });
  afterEach(() => system.close());

  const http = () => request(api.getHttpServer());
  const post = (id: string, action: string, body: object = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('x-actor-id', 'tester').send(body);
  const alerts = async (query = '') =>
    (await http().get(`/api/v1/alerts?limit=100${query}`).expect(200)).body.items as Alert[];
  const events = async (id: string) =>
    (await system.app.get(EventStore).readStream(`ticket-${id}`)).map((event) => event.type);
  /** Lets a few sweeps run, then answers the alerts. */
  const settle = async (query = '') => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return alerts(query);
  };
  const receive = async (no: string) =>
    (await http().post('/api/v1/tickets').send(intake(no, clock.now().toISOString())).expect(201)).body
      .id as string;

  it('warns and marks overdue a sign stage across the holiday, then clears the alerts when it is signed', async () => {
    const id = await receive('DL-SIGN');
    // 2 working hours from 16:50 on 30 September: 40 minutes that day, 80 minutes from 09:00 on 8 October.
    const ticket = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    expect(ticket.deadlines.sign.dueAt).toBe('2026-10-08T02:20:00.000Z'); // 10:20 in Shanghai
    const { warnAt } = ticket.deadlines.sign as { warnAt: string };

    clock.set(new Date(Date.parse(warnAt) - 60_000));
    expect(await settle()).toEqual([]);
    clock.set(new Date(Date.parse(warnAt) + 60_000));
    await eventually(async () => expect(await alerts('&kind=warning')).toHaveLength(1));
    clock.set('2026-10-08T10:19:00+08:00');
    expect(await settle('&kind=overdue')).toEqual([]);
    clock.set('2026-10-08T10:21:00+08:00');
    const [overdue] = await eventually(async () => {
      const found = await alerts('&kind=overdue');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(overdue).toMatchObject({
      stage: 'sign',
      caseId: id,
      unitId: null,
      dueAt: '2026-10-08T02:20:00.000Z',
    });

    await post(id, 'sign').expect(200);
    await eventually(async () => expect(await alerts()).toEqual([]));
    const past = await alerts('&status=all');
    expect(past.map((alert) => [alert.kind, alert.clearedAt])).toEqual([
      ['overdue', '2026-10-08T02:21:00.000Z'],
      ['warning', '2026-10-08T02:21:00.000Z'],
    ]);
    expect((await events(id)).filter((type) => type === 'TicketOverdue')).toHaveLength(1);
  });

  it('marks a handling stage overdue after 5 working days over the holiday, the make-up Saturday and a Sunday, urging the unit', async () => {
    const id = await receive('DL-HANDLE');
    await post(id, 'sign').expect(200);
    await post(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    await post(id, 'accept').expect(200);
    await post(id, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' }).expect(200);
    const ticket = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body;
    // Working days after 30 September: 8, 9, 10 (Saturday, 调休), 12, 13 October.
    const dueAt: string = ticket.deadlines.handle.dueAt;
    expect(new Date(Date.parse(dueAt) + 8 * 3_600_000).toISOString().slice(0, 10)).toBe('2026-10-13');

    clock.set(new Date(Date.parse(dueAt) - 60_000));
    expect(await settle('&kind=overdue')).toEqual([]);
    clock.set(new Date(Date.parse(dueAt) + 60_000));
    // The handling limit from acceptance lies past the district's (5 working days from receipt): it is cut short at
    // it, so both fall due together, each overdue once, each naming the unit holding the ticket.
    await eventually(async () =>
      expect(await alerts('&kind=overdue&unitId=enforcement')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ stage: 'handle', caseId: id, unitId: 'enforcement' }),
          expect.objectContaining({ stage: 'upstream', caseId: id, unitId: 'enforcement' }),
        ]),
      ),
    );
    expect(await alerts('&kind=overdue&unitId=enforcement')).toHaveLength(2);
    expect(await events(id)).toEqual(expect.arrayContaining(['TicketOverdue', 'TicketUrged']));
  });

  it('raises nothing for a stage completed in time', async () => {
    const id = await receive('DL-INTIME');
    await post(id, 'sign').expect(200);
    clock.set('2026-10-20T09:00:00+08:00');
    // The signed ticket's own waits (dispatch, the district's deadline) go overdue; signing does not.
    const raised = await settle('&status=all');
    expect(raised.filter((alert) => alert.stage === 'sign')).toEqual([]);
    expect(raised.map((alert) => alert.stage)).toEqual(expect.arrayContaining(['dispatch', 'upstream']));
  });

  it('follows an approved extension: nothing at the old due time, overdue at the new one', async () => {
    const id = await receive('DL-EXT');
    await post(id, 'sign').expect(200);
    await post(id, 'dispatch', { unitId: 'enforcement' }).expect(200);
    await post(id, 'accept').expect(200);
    await post(id, 'contacts', { phase: 'first', channel: 'phone', outcome: 'reached' }).expect(200);
    const before = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body.deadlines.handle
      .dueAt as string;
    await post(id, 'extension-requests', { reason: '需协调住建部门', workingDays: 10 }).expect(200);
    await post(id, 'extension-decision', { approved: true }).expect(200);
    // The street's approval goes upstream; only the district's grant moves its deadline and lifts the cap.
    const approved = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body.deadlines.handle
      .dueAt as string;
    expect(Date.parse(approved)).toBe(Date.parse(before));
    await post(id, 'upstream-extension-decision', { granted: true, reason: '同意延期' }).expect(200);
    const after = (await http().get(`/api/v1/tickets/${id}`).expect(200)).body.deadlines.handle
      .dueAt as string;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));

    const overdueHandle = async () =>
      (await alerts('&kind=overdue')).filter((alert) => alert.stage === 'handle');
    clock.set(new Date(Date.parse(before) + 60_000));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await overdueHandle()).toEqual([]);
    clock.set(new Date(Date.parse(after) + 60_000));
    await eventually(async () => expect(await overdueHandle()).toHaveLength(1));
  });

  it('after Redis lost everything, the sweep re-arms the alerts from the rebuilt read model, once', async () => {
    const id = await receive('DL-FLUSH');
    await eventually(async () => {
      const ticket = (await http().get(`/api/v1/tickets?limit=5`).expect(200)).body;
      expect(ticket.items).toHaveLength(1);
    });
    await dropRedisPrefix(system.config);
    clock.set('2026-10-08T11:00:00+08:00');
    await eventually(
      async () => expect((await alerts()).map((alert) => alert.kind).sort()).toEqual(['overdue']),
      15_000,
    );
    await settle();
    const types = await events(id);
    expect(types.filter((type) => type === 'TicketOverdue')).toHaveLength(1);
    // Past its due time, a warning says nothing more: none was raised.
    expect(types.filter((type) => type === 'TicketDeadlineWarning')).toHaveLength(0);
  });

  it('records one alert when a timer and the sweep fire the same point together', async () => {
    const id = await receive('DL-BOTH');
    await eventually(async () =>
      expect((await http().get('/api/v1/tickets?limit=5').expect(200)).body.items).toHaveLength(1),
    );
    clock.set('2026-10-08T11:00:00+08:00');
    const worker = system.worker!;
    const commands = worker.get(DeadlineCommandsService);
    const timers = worker.get(DeadlineTimersService);
    const target = {
      caseType: 'ticket',
      id,
      point: 'overdue',
      stage: 'sign',
      startedAt: '2026-09-30T08:50:00.000Z',
    } as const;
    const recorded = await Promise.all([
      commands.fire(target),
      timers.sweep(),
      commands.fire(target),
      timers.sweep(),
    ]);
    expect(recorded.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await events(id)).filter((type) => type === 'TicketOverdue')).toHaveLength(1);
  });
});
