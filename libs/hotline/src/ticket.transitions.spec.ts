import { deciderSpec } from '#core/testing';
import { contextAt, history, iso, UNIT } from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import { TICKET_COMMAND_STATUSES, type TicketCommandLabel } from './ticket.transitions.js';
import { TICKET_STATUSES, type TicketStatus } from './ticket.events.js';

const spec = deciderSpec(ticketDecider, () => contextAt(20));

const ACTIVE: TicketStatus[] = [
  'received',
  'signed',
  'dispatched',
  'accepted',
  'in-progress',
  'reply-submitted',
  'street-callback',
  'replied',
];
const OPEN: TicketStatus[] = [...ACTIVE, 'parked'];

/** The status machine as this spec states it (independently of the decider's own table). */
const allowedIn: Record<Exclude<TicketCommandLabel, 'ReceiveTicket'>, TicketStatus[]> = {
  SignTicket: ['received'],
  DispatchTicket: ['signed'],
  AcceptTicket: ['dispatched'],
  'ReturnTicket (upstream)': ['received', 'signed'],
  'ReturnTicket (to center)': ['dispatched', 'accepted', 'in-progress'],
  RecordContact: ['accepted', 'in-progress'],
  RequestExtension: ['accepted', 'in-progress'],
  DecideExtension: ['accepted', 'in-progress'],
  DecideUpstreamExtension: OPEN,
  SubmitReply: ['accepted', 'in-progress'],
  ReviewReply: ['reply-submitted'],
  'RecordCallback (street)': ['street-callback'],
  'RecordCallback (hotline)': ['replied', 'closed'],
  ReplyUpstream: ['street-callback'],
  ReopenTicket: ['replied', 'closed'],
  UrgeTicket: OPEN,
  SuperviseTicket: OPEN,
  MergeCall: OPEN,
  ParkTicket: ACTIVE,
  CloseTicket: ['replied', 'parked'],
  ReviseProvisionalDeadlines: [...TICKET_STATUSES],
  RaiseDeadlineWarning: [...TICKET_STATUSES],
  MarkOverdue: [...TICKET_STATUSES],
  EscalateOverdue: [...TICKET_STATUSES],
  'RevealCallerContact (center)': [...TICKET_STATUSES],
  'RevealCallerContact (unit)': ['accepted', 'in-progress'],
  EraseCallerData: ['closed', 'returned-upstream'],
  RequestExclusion: [...TICKET_STATUSES],
  DecideExclusion: [...TICKET_STATUSES],
};

const sample: Record<keyof typeof allowedIn, TicketCommand> = {
  SignTicket: { type: 'SignTicket', data: {} },
  DispatchTicket: { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } },
  AcceptTicket: { type: 'AcceptTicket', data: { unitId: UNIT } },
  'ReturnTicket (upstream)': { type: 'ReturnTicket', data: { reason: '非本街道', upstream: true } },
  'ReturnTicket (to center)': { type: 'ReturnTicket', data: { reason: '非本单位', upstream: false } },
  RecordContact: { type: 'RecordContact', data: { phase: 'first', channel: 'phone', outcome: 'reached' } },
  RequestExtension: { type: 'RequestExtension', data: { reason: '复杂', workingDays: 10 } },
  DecideExtension: { type: 'DecideExtension', data: { approved: true } },
  DecideUpstreamExtension: { type: 'DecideUpstreamExtension', data: { granted: true, reason: '同意延期' } },
  SubmitReply: { type: 'SubmitReply', data: { result: 'resolved', summary: '已处理' } },
  ReviewReply: { type: 'ReviewReply', data: { approved: true } },
  'RecordCallback (street)': {
    type: 'RecordCallback',
    data: { by: 'street', outcome: 'reached', satisfaction: 'satisfied' },
  },
  'RecordCallback (hotline)': {
    type: 'RecordCallback',
    data: { by: 'hotline', outcome: 'reached', satisfaction: 'satisfied' },
  },
  ReplyUpstream: { type: 'ReplyUpstream', data: {} },
  ReopenTicket: { type: 'ReopenTicket', data: { kind: 'redo', reason: '不满意' } },
  UrgeTicket: { type: 'UrgeTicket', data: {} },
  SuperviseTicket: { type: 'SuperviseTicket', data: {} },
  MergeCall: {
    type: 'MergeCall',
    data: { callTicketNo: '2026030200099', receivedAt: '2026-03-02T10:00:00Z' },
  },
  ParkTicket: { type: 'ParkTicket', data: { reason: '长期问题' } },
  CloseTicket: { type: 'CloseTicket', data: {} },
  ReviseProvisionalDeadlines: { type: 'ReviseProvisionalDeadlines', data: { calendarVersion: 'fake-2' } },
  RaiseDeadlineWarning: { type: 'RaiseDeadlineWarning', data: { stage: 'handle', startedAt: iso(2) } },
  MarkOverdue: { type: 'MarkOverdue', data: { stage: 'handle', startedAt: iso(2) } },
  EscalateOverdue: { type: 'EscalateOverdue', data: { stage: 'handle', startedAt: iso(2) } },
  'RevealCallerContact (center)': {
    type: 'RevealCallerContact',
    data: { reason: '回访', by: { id: 'd1', role: 'dispatcher' } },
  },
  'RevealCallerContact (unit)': {
    type: 'RevealCallerContact',
    data: { reason: '先行联系', by: { id: 'h1', role: 'handler', unitId: UNIT } },
  },
  EraseCallerData: {
    type: 'EraseCallerData',
    data: { reason: '保存期满', retentionDays: 0, by: { id: 'a1', role: 'admin' } },
  },
  RequestExclusion: {
    type: 'RequestExclusion',
    data: { kind: 'unreasonable', reason: '诉求不合理', rates: ['satisfaction'] },
  },
  DecideExclusion: { type: 'DecideExclusion', data: { approved: true } },
};

const labels = Object.keys(allowedIn) as (keyof typeof allowedIn)[];
const rejected = labels.flatMap((label) =>
  TICKET_STATUSES.filter((status) => !allowedIn[label].includes(status)).map(
    (status) => [label, status] as const,
  ),
);
const allowed = labels.flatMap((label) => allowedIn[label].map((status) => [label, status] as const));

describe('the ticket status machine', () => {
  it('is the one the decider exports', () => {
    expect(TICKET_COMMAND_STATUSES).toEqual({ ReceiveTicket: [], ...allowedIn });
  });

  it('has a history for every status', () => {
    for (const status of TICKET_STATUSES) {
      expect(history[status].reduce(ticketDecider.evolve, ticketDecider.initialState()).status).toBe(status);
    }
  });

  it.each(rejected)('rejects %s in %s with the state and where it is allowed (409)', (label, status) => {
    const error = spec.given(history[status]).when(sample[label]).thenThrows('TICKET.INVALID_TRANSITION', {
      command: label,
      state: status,
      allowedIn: allowedIn[label],
    });
    expect(error.kind).toBe('invalid-state');
    expect(error.message).toBe(
      `${label} is not allowed in state ${status}; it is allowed in: ${allowedIn[label].join(', ')}`,
    );
  });

  it.each(allowed)('lets %s through in %s (the rules of the command decide the rest)', (label, status) => {
    let thrown: unknown;
    try {
      ticketDecider.decide(
        sample[label],
        history[status].reduce(ticketDecider.evolve, ticketDecider.initialState()),
        contextAt(20),
      );
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { code?: string } | undefined)?.code).not.toBe('TICKET.INVALID_TRANSITION');
  });

  it.each(labels)('answers %s on a stream without a ticket with 404 TICKET.NOT_FOUND', (label) => {
    const error = spec.given([]).when(sample[label]).thenThrows('TICKET.NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });
});
