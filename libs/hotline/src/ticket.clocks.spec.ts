import { deciderSpec } from '#core/testing';
import type { StageDeadline } from './deadline-policy.js';
import {
  contextAt,
  due,
  ev,
  h,
  history,
  intake,
  iso,
  policy,
  UNIT,
  upstream,
} from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { capAt, ticketDecider } from './ticket.decider.js';
import type { Ticket, TicketEvent } from './ticket.events.js';
import { openTicketStages } from './ticket.stages.js';

/*
 * The clocks on the whole chain (the clocks issue): the district's deadline from receipt to the reply upstream,
 * and a step clock for every wait inside the street. Fake hours from T0: dispatch and accept 2 hours each, review 4,
 * handle 120; the fixture's district deadline is h512.
 */
const spec = deciderSpec(ticketDecider, () => contextAt(20));
const stateOf = (events: readonly TicketEvent[]) =>
  events.reduce(ticketDecider.evolve, ticketDecider.initialState()) as Ticket;
const alert = (
  type: 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue',
  stage: StageDeadline['stage'],
  startedAt: string,
): TicketCommand => ({ type, data: { stage, startedAt } });

/** A ticket whose district deadline (h50) comes before the unit's own handling limit would. */
const tight = policy.until('upstream', new Date(intake.receivedAt), h(50));
const tightReceived: TicketEvent = {
  type: 'TicketReceived',
  data: { ...intake, upstreamDueAt: iso(50), at: iso(0), sign: due('sign', 0), upstream: tight },
};

describe('the district stage (upstream)', () => {
  it('opens at receipt, due at the upstreamDueAt the platform sent', () => {
    spec
      .given([])
      .when({ type: 'ReceiveTicket', data: intake }, contextAt(0))
      .then([ev.received(0)]);
    expect(upstream).toMatchObject({
      startedAt: new Date(intake.receivedAt).toISOString(),
      dueAt: intake.upstreamDueAt,
    });
  });

  it('without an upstreamDueAt, is due at the handle limit counted from receipt', () => {
    const { upstreamDueAt: _none, ...noDue } = intake;
    const [received] = spec
      .given([])
      .when({ type: 'ReceiveTicket', data: noDue }, contextAt(0))
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(received).toMatchObject({
      data: { upstream: due('upstream', -1 / 12) },
    });
  });

  it('warns and goes overdue at its own points while the unit holds the ticket, urging that unit', () => {
    const dispatched = history.dispatched;
    spec
      .given(dispatched)
      .when(alert('RaiseDeadlineWarning', 'upstream', upstream.startedAt), contextAt(340))
      .thenNothingHappened();
    spec
      .given(dispatched)
      .when(alert('RaiseDeadlineWarning', 'upstream', upstream.startedAt), contextAt(342))
      .then([
        {
          type: 'TicketDeadlineWarning',
          data: {
            stage: 'upstream',
            startedAt: upstream.startedAt,
            dueAt: upstream.dueAt,
            warnAt: upstream.warnAt,
            unitId: UNIT,
            at: iso(342),
          },
        },
      ]);
    const overdue = spec
      .given(dispatched)
      .when(alert('MarkOverdue', 'upstream', upstream.startedAt), contextAt(512))
      .then([
        {
          type: 'TicketOverdue',
          data: {
            stage: 'upstream',
            startedAt: upstream.startedAt,
            dueAt: upstream.dueAt,
            unitId: UNIT,
            superviseAt: iso(512 + 48),
            at: iso(512),
          },
        },
        {
          type: 'TicketUrged',
          data: { note: '超期自动催办', number: 1, at: iso(512), automatic: 'overdue' },
        },
      ]);
    // The ladder: still open at the supervision point → 督办.
    spec
      .given([...dispatched, ...overdue])
      .when(alert('EscalateOverdue', 'upstream', upstream.startedAt), contextAt(560))
      .then([
        {
          type: 'TicketEscalated',
          data: {
            reason: 'overdue',
            stage: 'upstream',
            startedAt: upstream.startedAt,
            unitId: UNIT,
            at: iso(560),
          },
        },
      ]);
  });

  it('is not paused or reset by a return and a re-dispatch: its due time and alerts stay', () => {
    const returned = [...history.accepted, ev.returnedToCenter(3), ev.dispatched(4, 'unit-fangguan')];
    expect(stateOf(returned).deadlines.upstream).toEqual(upstream);
    expect(openTicketStages(stateOf(returned)).find((open) => open.stage === 'upstream')).toMatchObject({
      startedAt: upstream.startedAt,
      dueAt: upstream.dueAt,
      unitId: 'unit-fangguan',
    });
  });

  it('ends when the reply goes upstream: no alert after it, even after a reopen', () => {
    spec
      .given(history.replied)
      .when(alert('MarkOverdue', 'upstream', upstream.startedAt), contextAt(600))
      .thenNothingHappened();
    spec
      .given([...history.replied, ev.hotlineCallback('dissatisfied'), ev.reopened(16)])
      .when(alert('MarkOverdue', 'upstream', upstream.startedAt), contextAt(600))
      .thenNothingHappened();
  });

  it('is the deadline the reply upstream is judged by', () => {
    spec
      .given([tightReceived, ...history['street-callback'].slice(1), ev.streetCallback('satisfied')])
      .when({ type: 'ReplyUpstream', data: {} }, contextAt(51))
      .thenEvents(([replied]) =>
        expect(replied).toMatchObject({ data: { upstreamDueAt: iso(50), onTime: false } }),
      );
  });

  it('caps every street deadline at it', () => {
    const [accepted] = spec
      .given([tightReceived, ev.signed(), ev.dispatched()])
      .when({ type: 'AcceptTicket', data: { unitId: UNIT } }, contextAt(2))
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(accepted).toMatchObject({
      data: {
        firstContact: due('firstContact', 2),
        handle: { stage: 'handle', dueAt: iso(50), cappedFrom: due('handle', 2).dueAt },
      },
    });
  });
});

describe('the step clocks inside the street', () => {
  it('opens dispatch at signing, accept at dispatch, review at the reply', () => {
    expect(ev.signed(0.5)).toMatchObject({ data: { dispatch: due('dispatch', 0.5) } });
    spec
      .given(history.received)
      .when({ type: 'SignTicket', data: {} }, contextAt(0.5))
      .then([ev.signed(0.5)]);
    spec
      .given(history.signed)
      .when({ type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: ['unit-juweihui-1'] } }, contextAt(1))
      .then([ev.dispatched(1)]);
    expect(stateOf(history['reply-submitted']).deadlines.review).toEqual(due('review', 11));
  });

  it('a ticket dispatched but never accepted warns once and goes overdue once on accept, urging the unit', () => {
    const accept = due('accept', 1);
    const warning = spec
      .given(history.dispatched)
      .when(alert('RaiseDeadlineWarning', 'accept', accept.startedAt), contextAt(2.4))
      .then([
        {
          type: 'TicketDeadlineWarning',
          data: {
            stage: 'accept',
            startedAt: accept.startedAt,
            dueAt: accept.dueAt,
            warnAt: accept.warnAt,
            unitId: UNIT,
            at: iso(2.4),
          },
        },
      ]);
    spec
      .given([...history.dispatched, ...warning])
      .when(alert('RaiseDeadlineWarning', 'accept', accept.startedAt), contextAt(2.5))
      .thenNothingHappened();
    const overdue = spec
      .given([...history.dispatched, ...warning])
      .when(alert('MarkOverdue', 'accept', accept.startedAt), contextAt(3))
      .thenEvents((events) =>
        expect(events.map((event) => event.type)).toEqual(['TicketOverdue', 'TicketUrged']),
      );
    spec
      .given([...history.dispatched, ...warning, ...overdue])
      .when(alert('MarkOverdue', 'accept', accept.startedAt), contextAt(4))
      .thenNothingHappened();
  });

  it('ends each step clock with its step: no alert once the unit accepted, the center dispatched or reviewed', () => {
    spec
      .given(history.accepted)
      .when(alert('MarkOverdue', 'accept', iso(1)), contextAt(10))
      .thenNothingHappened();
    spec
      .given(history.dispatched)
      .when(alert('MarkOverdue', 'dispatch', iso(0.5)), contextAt(10))
      .thenNothingHappened();
    spec
      .given(history['street-callback'])
      .when(alert('MarkOverdue', 'review', iso(11)), contextAt(20))
      .thenNothingHappened();
  });

  it('the center’s review warns and goes overdue without urging a unit', () => {
    spec
      .given(history['reply-submitted'])
      .when(alert('MarkOverdue', 'review', iso(11)), contextAt(15))
      .then([
        {
          type: 'TicketOverdue',
          data: {
            stage: 'review',
            startedAt: iso(11),
            dueAt: iso(15),
            superviseAt: iso(15 + 48),
            at: iso(15),
          },
        },
      ]);
  });

  it('a 回退 gives the center a new dispatch clock', () => {
    expect(stateOf([...history.accepted, ev.returnedToCenter(3)]).deadlines.dispatch).toEqual(
      due('dispatch', 3),
    );
  });
});

describe('extensions go upstream', () => {
  const forwarded = [
    tightReceived,
    ...history['in-progress'].slice(1),
    ev.extensionRequested(4),
    {
      type: 'ExtensionApproved',
      data: { note: undefined, at: iso(5), handle: capAt(due('handle', 2, 15), tight) },
    },
    ev.extensionForwarded(5),
  ] as TicketEvent[];
  const grant = (dueAt?: string): TicketCommand => ({
    type: 'DecideUpstreamExtension',
    data: { granted: true, reason: '同意延期', ...(dueAt ? { dueAt } : {}) },
  });
  const integration = { actor: { role: 'integration', gridIds: [] } };

  it("the street's approval forwards the request; the extended deadline stays capped at the district's", () => {
    spec
      .given([tightReceived, ...history['in-progress'].slice(1), ev.extensionRequested(4)])
      .when({ type: 'DecideExtension', data: { approved: true } }, contextAt(5))
      .then([forwarded.at(-2) as TicketEvent, ev.extensionForwarded(5)]);
  });

  it("only the district's grant moves its deadline, and the unit's extended deadline with it", () => {
    const [decided] = spec
      .given(forwarded)
      .when(grant(iso(300)), { ...contextAt(6), ...integration })
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(decided).toMatchObject({
      type: 'UpstreamExtensionDecided',
      data: {
        granted: true,
        upstream: { stage: 'upstream', dueAt: iso(300), startedAt: tight.startedAt },
        handle: { dueAt: iso(300), cappedFrom: iso(362) },
      },
    });
    const after = stateOf([...forwarded, decided as TicketEvent]);
    expect(after.deadlines.upstream?.dueAt).toBe(iso(300));
    expect(after.handling?.deadline.dueAt).toBe(iso(300));
  });

  it('a refusal moves nothing', () => {
    const [refused] = spec
      .given(forwarded)
      .when({ type: 'DecideUpstreamExtension', data: { granted: false, reason: '不予延期' } }, contextAt(6))
      .then([{ type: 'UpstreamExtensionDecided', data: { granted: false, reason: '不予延期', at: iso(6) } }]);
    expect(stateOf([...forwarded, refused as TicketEvent]).deadlines.upstream).toEqual(tight);
  });

  it('refuses a grant earlier than the current deadline (422), a decision with nothing forwarded (409), any account but the integration’s (403)', () => {
    spec
      .given(forwarded)
      .when(grant(iso(40)), contextAt(6))
      .thenThrows('TICKET.GRANT_EARLIER');
    spec
      .given(history['in-progress'])
      .when(grant(iso(600)), contextAt(6))
      .thenThrows('TICKET.NO_FORWARDED_EXTENSION');
    spec
      .given(forwarded)
      .when(grant(iso(300)), { ...contextAt(6), actor: { role: 'dispatcher', gridIds: [] } })
      .thenThrows('TICKET.ROLE_NOT_ALLOWED');
  });

  it('after a grant, the citizen is told the new date before the next reply', () => {
    const granted = [
      ...forwarded,
      ...spec
        .given(forwarded)
        .when(grant(iso(300)), contextAt(6))
        .thenEvents(() => undefined),
      ev.contact('before-reply', 'reached', 7),
    ];
    const reply: TicketCommand = {
      type: 'SubmitReply',
      data: { result: 'resolved', summary: '已整改', factsConfirmed: true },
    };
    spec.given(granted).when(reply, contextAt(8)).thenThrows('TICKET.EXTENSION_NOTICE_MISSING');
    spec
      .given([...granted, ev.contact('extension-notice', 'reached', 7.5, undefined)])
      .when(reply, contextAt(8))
      .thenEvents(([submitted]) => expect(submitted).toMatchObject({ type: 'ReplySubmitted' }));
  });

  it('takes no request on the due day after the cut-off', () => {
    // The handle deadline h122 is 11:00 in Shanghai; a 10:00 cut-off closes requests an hour before it.
    spec
      .given(history['in-progress'])
      .when(
        { type: 'RequestExtension', data: { reason: '需协调', workingDays: 10 } },
        { ...contextAt(121), rules: { extensionRequestCutoff: '10:00' } },
      )
      .thenThrows('TICKET.EXTENSION_AFTER_CUTOFF', { cutoff: '10:00' });
    spec
      .given(history['in-progress'])
      .when(
        { type: 'RequestExtension', data: { reason: '需协调施工方与住建部门', workingDays: 10 } },
        { ...contextAt(120), rules: { extensionRequestCutoff: '10:00' } },
      )
      .then([ev.extensionRequested(120)]);
  });
});
