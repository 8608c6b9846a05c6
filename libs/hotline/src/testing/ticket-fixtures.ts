import type { HotlineStage, StageDeadline } from '../deadline-policy.js';
import type { TicketIntake } from '../ticket.commands.js';
import { capAt, type HotlineContext } from '../ticket.decider.js';
import type { ContactRecorded, TicketEvent, TicketStatus } from '../ticket.events.js';
import { fakeDeadlinePolicy } from './fake-deadline-policy.js';

/**
 * Literal events of one ticket at fixed times, for Given/When/Then tests. Time is counted in hours from T0
 * (Monday 2 March 2026, 09:00 in Shanghai); `h(5)` is T0 + 5 hours.
 */
export const T0 = Date.parse('2026-03-02T01:00:00.000Z');
export const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
export const iso = (hours: number): string => h(hours).toISOString();

export const policy = fakeDeadlinePolicy();
const kind = { type: 'complaint', urgency: 'normal' } as const;
/** The deadline the fake policy gives a stage that starts at hour `start`. */
export const due = (stage: HotlineStage, start: number, workingDays?: number): StageDeadline =>
  policy.deadline(stage, kind, h(start), workingDays === undefined ? undefined : { workingDays });

/** The context of a decision at hour `hours` with the fake policy and the default rules. */
export const contextAt = (hours: number, rules?: HotlineContext['rules']): HotlineContext => ({
  now: h(hours),
  deadlines: policy,
  rules,
});

export const UNIT = 'unit-chengguan';
export const CO_UNIT = 'unit-juweihui-1';

export const intake: TicketIntake = {
  ticketId: 't-1',
  ticketNo: '2026030200001',
  receivedAt: '2026-03-02T08:55:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02', path: ['城市管理', '市容环境', '夜间施工噪声'] },
  title: '夜间施工噪声扰民',
  content: '南京西路某工地夜间施工，噪声扰民。',
  address: '南京西路 1 号',
  channel: 'phone',
  gridId: 'grid-07',
  location: { lat: 31.2304, lng: 121.4581 },
  caller: { subjectId: 'subject-1', confidential: true, phoneMasked: '138****1234' },
  // Three weeks: long enough that no street deadline of these fixtures is cut short by it (the cap has its own tests).
  upstreamDueAt: '2026-03-23T09:00:00.000Z',
  repeatCount: 0,
};

/** The district's deadline of the fixture's intake: its `upstreamDueAt`, counted from its receipt. */
export const upstream: StageDeadline = policy.until(
  'upstream',
  new Date(intake.receivedAt),
  new Date(intake.upstreamDueAt ?? iso(240)),
);

export const ev = {
  received: (at = 0): TicketEvent => ({
    type: 'TicketReceived',
    data: { ...intake, at: iso(at), sign: due('sign', at), upstream },
  }),
  signed: (at = 0.5, onTime = true): TicketEvent => ({
    type: 'TicketSigned',
    data: { at: iso(at), onTime, dispatch: due('dispatch', at) },
  }),
  dispatched: (at = 1, unitId = UNIT): TicketEvent => ({
    type: 'TicketDispatched',
    data: { unitId, coUnitIds: [CO_UNIT], note: undefined, at: iso(at), accept: due('accept', at) },
  }),
  accepted: (at = 2, unitId = UNIT, withHandle = true): TicketEvent => ({
    type: 'TicketAccepted',
    data: {
      unitId,
      at: iso(at),
      firstContact: due('firstContact', at),
      handle: withHandle ? due('handle', at) : undefined,
    },
  }),
  contact: (
    phase: ContactRecorded['data']['phase'],
    outcome: ContactRecorded['data']['outcome'] = 'reached',
    at = 3,
    onTime: boolean | undefined = phase === 'first' ? true : undefined,
  ): TicketEvent => ({
    type: 'ContactRecorded',
    data: {
      phase,
      channel: 'phone',
      outcome,
      unitId: UNIT,
      claimedAt: undefined,
      note: undefined,
      at: iso(at),
      onTime,
    },
  }),
  extensionRequested: (at = 4, workingDays = 10): TicketEvent => ({
    type: 'ExtensionRequested',
    data: { reason: '需协调施工方与住建部门', workingDays, at: iso(at) },
  }),
  extensionApproved: (at = 5, handleStart = 2): TicketEvent => ({
    type: 'ExtensionApproved',
    data: { note: undefined, at: iso(at), handle: capAt(due('handle', handleStart, 15), upstream) },
  }),
  extensionForwarded: (at = 5, workingDays = 10): TicketEvent => ({
    type: 'ExtensionForwardedUpstream',
    data: { reason: '需协调施工方与住建部门', workingDays, at: iso(at) },
  }),
  replySubmitted: (
    at = 11,
    stage: 'handle' | 'rework' | 'reopen' = 'handle',
    dueAt = due('handle', 2).dueAt,
  ) => ({
    type: 'ReplySubmitted' as const,
    data: {
      result: 'resolved' as const,
      summary: '已责令施工方停止夜间施工',
      factsConfirmed: true,
      unitId: UNIT,
      at: iso(at),
      stage,
      dueAt,
      onTime: Date.parse(iso(at)) <= Date.parse(dueAt),
      missingContacts: [],
      review: due('review', at),
    },
  }),
  replyApproved: (at = 12): TicketEvent => ({
    type: 'ReplyApproved',
    data: { note: undefined, at: iso(at), callback: due('callback', at) },
  }),
  streetCallback: (
    satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | undefined,
    outcome: 'reached' | 'unreachable' | 'refused' = 'reached',
    at = 13,
    onTime = true,
    // As the default rules record it: reached and refused conclude the street callback.
    concluded = outcome !== 'unreachable',
  ): TicketEvent => ({
    type: 'CallbackRecorded',
    data: {
      by: 'street',
      outcome,
      satisfaction,
      resolved: undefined,
      note: undefined,
      at: iso(at),
      onTime,
      concluded,
    },
  }),
  reworkStarted: (at = 13, number = 1): TicketEvent => ({
    type: 'ReworkStarted',
    data: { number, at: iso(at), rework: due('rework', at) },
  }),
  repliedUpstream: (at = 14): TicketEvent => ({
    type: 'TicketRepliedUpstream',
    data: {
      note: undefined,
      at: iso(at),
      upstreamDueAt: intake.upstreamDueAt,
      onTime: true,
      streetCallbackMissing: false,
    },
  }),
  hotlineCallback: (
    satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | undefined,
    outcome: 'reached' | 'unreachable' | 'refused' = 'reached',
    at = 15,
  ): TicketEvent => ({
    type: 'CallbackRecorded',
    data: { by: 'hotline', outcome, satisfaction, resolved: undefined, note: undefined, at: iso(at) },
  }),
  reopened: (at = 16, number = 1): TicketEvent => ({
    type: 'TicketReopened',
    data: { kind: 'redo', reason: '市民不满意，重办', number, at: iso(at), reopen: due('reopen', at) },
  }),
  closed: (from: TicketStatus = 'replied', at = 17): TicketEvent => ({
    type: 'TicketClosed',
    data: { reason: undefined, from, closedBy: 'command', at: iso(at) },
  }),
  parked: (from: TicketStatus = 'in-progress', at = 17): TicketEvent => ({
    type: 'TicketParked',
    data: { reason: '涉及规划调整，长期问题', from, at: iso(at) },
  }),
  returnedUpstream: (at = 0.5): TicketEvent => ({
    type: 'TicketReturnedUpstream',
    data: { reason: '不属于本街道管辖', at: iso(at) },
  }),
  returnedToCenter: (at = 2.5): TicketEvent => ({
    type: 'TicketReturnedToCenter',
    data: { unitId: UNIT, reason: '不属本单位职责', at: iso(at), dispatch: due('dispatch', at) },
  }),
};

const toReceived = [ev.received()];
const toSigned = [...toReceived, ev.signed()];
const toDispatched = [...toSigned, ev.dispatched()];
const toAccepted = [...toDispatched, ev.accepted()];
const toInProgress = [...toAccepted, ev.contact('first')];
const toReplySubmitted = [...toInProgress, ev.contact('before-reply', 'reached', 10), ev.replySubmitted()];
const toStreetCallback = [...toReplySubmitted, ev.replyApproved()];
const toReplied = [...toStreetCallback, ev.streetCallback('satisfied'), ev.repliedUpstream()];

/** A history that leaves the ticket in each status (the happy path up to it). */
export const history: Readonly<Record<TicketStatus, readonly TicketEvent[]>> = {
  received: toReceived,
  signed: toSigned,
  dispatched: toDispatched,
  accepted: toAccepted,
  'in-progress': toInProgress,
  'reply-submitted': toReplySubmitted,
  'street-callback': toStreetCallback,
  replied: toReplied,
  parked: [...toInProgress, ev.parked('in-progress')],
  closed: [...toReplied, ev.closed('replied')],
  'returned-upstream': [...toReceived, ev.returnedUpstream()],
};
