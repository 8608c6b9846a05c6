import { compliance } from './compliance.js';
import { contextAt, due, intake, UNIT } from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import type { HotlineRules } from './ticket.rules.js';
import type { Ticket, TicketEvent, TicketStatus } from './ticket.events.js';

/** Runs commands through the decider as the command runner would: fold, decide, append. */
function life() {
  const events: TicketEvent[] = [];
  const state = () => events.reduce(ticketDecider.evolve, ticketDecider.initialState()) as Ticket;
  return {
    events,
    state,
    run(hour: number, command: TicketCommand, expected: TicketStatus, rules?: HotlineRules): string[] {
      const decided = ticketDecider.decide(command, state(), contextAt(hour, rules));
      events.push(...decided);
      expect(state().status).toBe(expected);
      return decided.map((event) => event.type);
    },
  };
}

const contact = (phase: 'first' | 'before-reply'): TicketCommand => ({
  type: 'RecordContact',
  data: { phase, channel: 'phone', outcome: 'reached' },
});
const reply: TicketCommand = { type: 'SubmitReply', data: { result: 'resolved', summary: '已处理' } };
const approve: TicketCommand = { type: 'ReviewReply', data: { approved: true } };
const callback = (
  by: 'street' | 'hotline',
  satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied',
): TicketCommand => ({ type: 'RecordCallback', data: { by, outcome: 'reached', satisfaction } });

describe('a ticket’s whole life', () => {
  it('intake → … → rework → … → reply upstream → dissatisfied 12345 callback → reopen → … → closed', () => {
    const t = life();
    expect(t.run(0, { type: 'ReceiveTicket', data: intake }, 'received')).toEqual(['TicketReceived']);
    t.run(0.5, { type: 'SignTicket', data: {} }, 'signed');
    t.run(
      1,
      { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: ['unit-juweihui-1'] } },
      'dispatched',
    );
    t.run(2, { type: 'AcceptTicket', data: { unitId: UNIT } }, 'accepted');
    t.run(3, contact('first'), 'in-progress');
    t.run(4, { type: 'UrgeTicket', data: { note: '市民再次来电' } }, 'in-progress');
    t.run(10, contact('before-reply'), 'in-progress');
    t.run(11, reply, 'reply-submitted');
    t.run(12, approve, 'street-callback');
    expect(t.run(13, callback('street', 'dissatisfied'), 'in-progress')).toEqual([
      'CallbackRecorded',
      'TicketMarkedAsWarning',
      'ReworkStarted',
    ]);
    expect(t.state().handling).toEqual({ stage: 'rework', deadline: due('rework', 13) });
    t.run(14, contact('before-reply'), 'in-progress');
    t.run(15, reply, 'reply-submitted');
    t.run(16, approve, 'street-callback');
    t.run(17, callback('street', 'satisfied'), 'street-callback');
    t.run(18, { type: 'ReplyUpstream', data: {} }, 'replied');
    expect(t.run(20, callback('hotline', 'dissatisfied'), 'replied')).toEqual(['CallbackRecorded']);
    t.run(21, { type: 'ReopenTicket', data: { kind: 'redo', reason: '市民不满意' } }, 'in-progress');
    expect(t.state().handling).toEqual({ stage: 'reopen', deadline: due('reopen', 21) });
    t.run(
      21.5,
      { type: 'MergeCall', data: { callTicketNo: '2026030300002', receivedAt: '2026-03-03T09:00:00+08:00' } },
      'in-progress',
    );
    t.run(22, contact('before-reply'), 'in-progress');
    t.run(23, reply, 'reply-submitted');
    t.run(24, approve, 'street-callback');
    t.run(25, callback('street', 'basically-satisfied'), 'street-callback');
    t.run(26, { type: 'ReplyUpstream', data: { note: '已再次办结' } }, 'replied');
    expect(t.run(30, callback('hotline', 'satisfied'), 'closed')).toEqual([
      'CallbackRecorded',
      'TicketClosed',
    ]);

    expect(t.state()).toMatchObject({
      warning: true,
      counts: { reworks: 1, reopens: 1, urges: 1, returns: 0 },
      calls: [{ callTicketNo: intake.ticketNo }, { callTicketNo: '2026030300002' }],
    });
    const replies = t.events
      .filter((e) => e.type === 'ReplySubmitted')
      .map((e) => [e.data.stage, e.data.onTime]);
    expect(replies).toEqual([
      ['handle', true],
      ['rework', true],
      ['reopen', true],
    ]);
    expect(compliance(t.events)).toEqual({
      firstContact: { required: true, done: true, onTime: true },
      beforeReplyContact: { required: true, done: true, onTime: true },
      streetCallback: { required: true, done: true, onTime: true },
      hotlineCallback: { required: true, done: true, onTime: true },
      compliant: true,
    });
    // Everything after close is refused, except a late 12345 result and a 回访复核 reopen.
    expect(() => t.run(31, { type: 'UrgeTicket', data: {} }, 'closed')).toThrow(/allowed in/);
  });

  it('a unit returns it, the center re-dispatches, an extension is granted, the reply is late anyway', () => {
    const t = life();
    t.run(0, { type: 'ReceiveTicket', data: intake }, 'received');
    t.run(3, { type: 'SignTicket', data: {} }, 'signed');
    expect(t.events[1]).toMatchObject({ data: { onTime: false } });
    t.run(4, { type: 'DispatchTicket', data: { unitId: 'unit-wrong', coUnitIds: [] } }, 'dispatched');
    t.run(
      5,
      { type: 'ReturnTicket', data: { reason: '非本单位职责', upstream: false, unitId: 'unit-wrong' } },
      'signed',
    );
    t.run(6, { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } }, 'dispatched');
    t.run(7, { type: 'AcceptTicket', data: { unitId: UNIT } }, 'accepted');
    t.run(40, contact('first'), 'in-progress');
    t.run(41, { type: 'RequestExtension', data: { reason: '需多部门会商', workingDays: 10 } }, 'in-progress');
    t.run(42, { type: 'DecideExtension', data: { approved: true } }, 'in-progress');
    expect(t.state().deadlines.handle).toEqual(due('handle', 7, 15));
    t.run(400, contact('before-reply'), 'in-progress');
    t.run(401, reply, 'reply-submitted');
    expect(t.events.at(-1)).toMatchObject({ data: { onTime: false, dueAt: due('handle', 7, 15).dueAt } });
    expect(t.state().counts.returns).toBe(1);
    expect(compliance(t.events).firstContact).toEqual({ required: true, done: true, onTime: false });
  });

  it('ends upstream (退单), or parked and closed', () => {
    const returned = life();
    returned.run(0, { type: 'ReceiveTicket', data: intake }, 'received');
    returned.run(
      1,
      { type: 'ReturnTicket', data: { reason: '不属本街道', upstream: true } },
      'returned-upstream',
    );

    const parked = life();
    parked.run(0, { type: 'ReceiveTicket', data: intake }, 'received');
    parked.run(1, { type: 'ParkTicket', data: { reason: '历史遗留，需规划解决' } }, 'parked');
    parked.run(2, { type: 'SuperviseTicket', data: {} }, 'parked');
    parked.run(3, { type: 'CloseTicket', data: { reason: '挂账结案' } }, 'closed');
  });
});
