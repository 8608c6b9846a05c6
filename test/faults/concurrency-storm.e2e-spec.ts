import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '#event-store';
import {
  evolveTicket,
  initialTicketState,
  TICKET_COMMAND_STATUSES,
  type TicketCommandLabel,
  type TicketEvent,
  type TicketStatus,
} from '#hotline';
import { Rng } from '#simulator';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 10, scenario 5: 200 concurrent, conflicting commands on one ticket — sign, dispatch, accept, return, park,
 * urge, supervise, some with an If-Match of a revision picked at random. Every caller gets a success or a clear 409
 * or 412, the history is valid (each event allowed by the state before it), and every success is exactly one event.
 */
const STORMS = 3;
const COMMANDS = 200;
const SEED = Number(process.env.FAULT_SEED ?? 10_005);

interface Shot {
  readonly label: TicketCommandLabel;
  readonly path: string;
  readonly body: object;
  readonly headers: Record<string, string>;
  /** The event type one success of this command records. */
  readonly event: TicketEvent['type'];
}

const dispatcher = { 'x-actor-id': 'dispatcher', 'x-actor-role': 'dispatcher' };
const supervisor = { 'x-actor-id': 'supervisor', 'x-actor-role': 'supervisor' };
const handler = {
  'x-actor-id': 'handler-enforcement',
  'x-actor-role': 'handler',
  'x-actor-unit': 'enforcement',
};

const SHOTS: readonly Omit<Shot, 'headers'>[] = [
  { label: 'SignTicket', path: 'sign', body: {}, event: 'TicketSigned' },
  { label: 'DispatchTicket', path: 'dispatch', body: { unitId: 'enforcement' }, event: 'TicketDispatched' },
  { label: 'AcceptTicket', path: 'accept', body: {}, event: 'TicketAccepted' },
  {
    label: 'ReturnTicket (to center)',
    path: 'return',
    body: { reason: '非本单位职责' },
    event: 'TicketReturnedToCenter',
  },
  { label: 'ParkTicket', path: 'park', body: { reason: '长期问题' }, event: 'TicketParked' },
  { label: 'UrgeTicket', path: 'urge', body: { note: '催办' }, event: 'TicketUrged' },
  { label: 'SuperviseTicket', path: 'supervise', body: { note: '督办' }, event: 'TicketSupervised' },
];
const ACTOR: Record<string, Record<string, string>> = {
  sign: dispatcher,
  dispatch: dispatcher,
  accept: handler,
  return: handler,
  park: dispatcher,
  urge: supervisor,
  supervise: supervisor,
};
/** Events that come along with a command's own (a park withdraws a pending extension; escalations). */
const COMPANIONS = new Set<string>(['ExtensionWithdrawn', 'TicketEscalated']);

describe('fault: a storm of concurrent conflicting commands on one ticket', () => {
  let system: TestApi;
  let api: NestFastifyApplication;

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true' });
    api = system.app;
  });
  afterAll(() => system.close());

  it(`answers ${COMMANDS} concurrent commands with success, 409 or 412, and keeps a valid history`, async () => {
    const rng = new Rng(SEED, 'storm');
    const problems: string[] = [];
    const tally = { ok: 0, conflict: 0, stale: 0, events: 0 };
    for (let storm = 0; storm < STORMS; storm += 1) {
      const created = await request(api.getHttpServer())
        .post('/api/v1/tickets')
        .set(dispatcher)
        .send({
          ticketNo: `STORM-${storm}`,
          receivedAt: '2026-03-02T09:15:00+08:00',
          type: 'complaint',
          urgency: 'normal',
          category: { code: '01.03.02' },
          title: '占道经营',
          content: '内容',
          address: '威海路100号',
        })
        .expect(201);
      const id = created.body.id as string;
      const shots: Shot[] = Array.from({ length: COMMANDS }, () => {
        const shot = SHOTS[rng.int(0, SHOTS.length - 1)] as Omit<Shot, 'headers'>;
        const ifMatch: Record<string, string> = rng.next() < 0.3 ? { 'if-match': `"${rng.int(0, 5)}"` } : {};
        return { ...shot, headers: { ...(ACTOR[shot.path] ?? {}), ...ifMatch } };
      });
      const answers = await Promise.all(
        shots.map((shot) =>
          request(api.getHttpServer())
            .post(`/api/v1/tickets/${id}/${shot.path}`)
            .set(shot.headers)
            .send(shot.body),
        ),
      );
      const successes = new Map<string, number>();
      answers.forEach((answer, i) => {
        const shot = shots[i] as Shot;
        if (answer.status === 200) {
          tally.ok += 1;
          successes.set(shot.event, (successes.get(shot.event) ?? 0) + 1);
        } else if (answer.status === 409 && typeof answer.body.code === 'string') tally.conflict += 1;
        else if (answer.status === 412 && typeof answer.body.currentRevision === 'number') tally.stale += 1;
        else problems.push(`${shot.label} ${JSON.stringify(shot.headers)} → ${answer.status} ${answer.text}`);
      });

      // Replay the stream: every event is one the state before it allowed.
      const events = await api.get(EventStore).readStream(`ticket-${id}`);
      tally.events += events.length;
      let state = initialTicketState();
      const recorded = new Map<string, number>();
      for (const recordedEvent of events) {
        const event = { type: recordedEvent.type, data: recordedEvent.data } as TicketEvent;
        const shot = SHOTS.find((s) => s.event === event.type);
        if (shot) {
          const allowed: readonly TicketStatus[] = TICKET_COMMAND_STATUSES[shot.label];
          if (!allowed.includes(state.status as TicketStatus)) {
            problems.push(`${event.type} at revision ${recordedEvent.revision} in state ${state.status}`);
          }
          recorded.set(event.type, (recorded.get(event.type) ?? 0) + 1);
        } else if (event.type !== 'TicketReceived' && !COMPANIONS.has(event.type)) {
          problems.push(`unexpected ${event.type}`);
        }
        state = evolveTicket(state, event);
      }
      // Every success is exactly one event of its kind, and every such event answered a success.
      expect(Object.fromEntries(recorded)).toEqual(Object.fromEntries(successes));
    }
    expect(problems).toEqual([]);
    expect(tally.ok + tally.conflict + tally.stale).toBe(STORMS * COMMANDS);
    process.stdout.write(
      `[fault concurrency-storm] ${STORMS} storms × ${COMMANDS} concurrent commands on one ticket: ${tally.ok} ` +
        `succeeded, ${tally.conflict} × 409, ${tally.stale} × 412, no other answer; ${tally.events} events, each ` +
        'allowed by the state before it\n',
    );
  }, 120_000);
});
