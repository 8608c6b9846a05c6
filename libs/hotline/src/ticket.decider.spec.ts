import { deciderSpec } from '#core/testing';
import { fakeDeadlinePolicy } from './testing/fake-deadline-policy.js';
import { CO_UNIT, contextAt, due, ev, history, intake, iso, UNIT } from './testing/ticket-fixtures.js';
import type { DeadlinePolicy } from './deadline-policy.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import type { Ticket, TicketEvent, TicketStatus } from './ticket.events.js';

const spec = deciderSpec(ticketDecider, () => contextAt(20));
const at = (hours: number) => contextAt(hours);
const stateOf = (events: readonly TicketEvent[]) =>
  events.reduce(ticketDecider.evolve, ticketDecider.initialState()) as Ticket;
const rulesOff = {
  requireFirstContactBeforeReply: false,
  requireBeforeReplyContact: false,
  requireStreetCallbackBeforeReplyUpstream: false,
};

const receive: TicketCommand = { type: 'ReceiveTicket', data: intake };
const contact = (
  phase: 'first' | 'before-reply',
  outcome: 'reached' | 'unreachable' | 'wrong-number' | 'refused' = 'reached',
  claimed?: string,
): TicketCommand => ({ type: 'RecordContact', data: { phase, channel: 'phone', outcome, at: claimed } });
const requestExtension = (workingDays = 10, reason = '需协调施工方与住建部门'): TicketCommand => ({
  type: 'RequestExtension',
  data: { reason, workingDays },
});
const reply: TicketCommand = {
  type: 'SubmitReply',
  data: { result: 'resolved', summary: '已责令施工方停止夜间施工', factsConfirmed: true },
};
const streetCallback = (
  satisfaction?: 'satisfied' | 'basically-satisfied' | 'dissatisfied',
  outcome: 'reached' | 'unreachable' | 'refused' = 'reached',
): TicketCommand => ({ type: 'RecordCallback', data: { by: 'street', outcome, satisfaction } });
const hotlineCallback = (
  satisfaction?: 'satisfied' | 'basically-satisfied' | 'dissatisfied',
  outcome: 'reached' | 'unreachable' | 'refused' = 'reached',
): TicketCommand => ({ type: 'RecordCallback', data: { by: 'hotline', outcome, satisfaction } });

/** In progress with the before-reply contact made: ready to reply. */
const readyToReply = [...history['in-progress'], ev.contact('before-reply', 'reached', 10)];
/** In rework after a dissatisfied street callback at hour 13. */
const inRework = [
  ...history['street-callback'],
  ev.streetCallback('dissatisfied'),
  { type: 'TicketMarkedAsWarning', data: { reason: 'street callback: dissatisfied', at: iso(13) } },
  ev.reworkStarted(13),
] satisfies TicketEvent[];

describe('ReceiveTicket', () => {
  it('records the intake, the server time beside the claimed one, and the sign deadline from now', () => {
    spec
      .given([])
      .when(receive, at(0))
      .then([ev.received(0)]);
  });

  it('asks the policy with the ticket type and urgency', () => {
    const byKind: DeadlinePolicy = {
      ...fakeDeadlinePolicy(),
      deadline: (stage, ticket, startedAt) => ({
        ...fakeDeadlinePolicy().deadline(stage, ticket, startedAt),
        limit: `${ticket.type}/${ticket.urgency}`,
      }),
    };
    spec
      .given([])
      .when({ type: 'ReceiveTicket', data: { ...intake, urgency: 'urgent' } }, { deadlines: byKind })
      .thenEvents(([received]) => {
        expect(received?.type === 'TicketReceived' && received.data.sign.limit).toBe('complaint/urgent');
      });
  });

  it.each(['received', 'in-progress', 'closed'] as const)(
    'changes nothing when the same intake is delivered again (ticket %s)',
    (status) => {
      spec.given(history[status]).when(receive).thenNothingHappened();
    },
  );

  it('ignores key order and absent optional fields when comparing a redelivery', () => {
    const { repeatCount: _unused, ...rest } = intake;
    spec
      .given([{ type: 'TicketReceived', data: { ...rest, at: iso(0), sign: due('sign', 0) } }])
      .when({ type: 'ReceiveTicket', data: { ...rest, repeatCount: undefined } })
      .thenNothingHappened();
  });

  it('rejects the same ticket with other content (409), naming the fields', () => {
    const error = spec
      .given(history.received)
      .when({ type: 'ReceiveTicket', data: { ...intake, title: '另一个标题', repeatCount: 2 } })
      .thenThrows('TICKET.INTAKE_CONFLICT', { fields: ['repeatCount', 'title'] });
    expect(error.kind).toBe('invalid-state');
  });

  it.each([
    ['receivedAt', { receivedAt: 'yesterday' }],
    ['upstreamDueAt', { upstreamDueAt: '2026-13-45' }],
  ])('rejects a %s that is not a time (400)', (field, change) => {
    spec
      .given([])
      .when({ type: 'ReceiveTicket', data: { ...intake, ...change } })
      .thenThrows('TICKET.INVALID_TIME', { field });
  });
});

describe('SignTicket', () => {
  it('signs a received ticket, on time within the sign limit', () => {
    spec
      .given(history.received)
      .when({ type: 'SignTicket', data: {} }, at(1))
      .then([ev.signed(1, true)]);
  });

  it('counts the due instant itself as on time, and later as late', () => {
    spec
      .given(history.received)
      .when({ type: 'SignTicket', data: {} }, at(2))
      .then([ev.signed(2, true)]);
    spec
      .given(history.received)
      .when({ type: 'SignTicket', data: {} }, at(2.5))
      .then([ev.signed(2.5, false)]);
  });
});

describe('DispatchTicket', () => {
  it('dispatches to a lead unit with co-handling units', () => {
    spec
      .given(history.signed)
      .when(
        { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [CO_UNIT], note: '请今日处理' } },
        at(1),
      )
      .then([
        {
          type: 'TicketDispatched',
          data: {
            unitId: UNIT,
            coUnitIds: [CO_UNIT],
            note: '请今日处理',
            at: iso(1),
            accept: due('accept', 1),
          },
        },
      ]);
  });

  it.each([
    ['the lead unit among the co-units', [CO_UNIT, UNIT]],
    ['a co-unit twice', [CO_UNIT, CO_UNIT]],
  ])('rejects %s (400)', (_what, coUnitIds) => {
    spec
      .given(history.signed)
      .when({ type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds } })
      .thenThrows('TICKET.INVALID_CO_UNITS');
  });
});

describe('AcceptTicket', () => {
  it('starts the first-contact and handle stages', () => {
    spec
      .given(history.dispatched)
      .when({ type: 'AcceptTicket', data: { unitId: UNIT } }, at(2))
      .then([ev.accepted(2)]);
  });

  it.each([UNIT.replace('chengguan', 'fangguan'), CO_UNIT])(
    'rejects unit %s it was not dispatched to (403)',
    (unitId) => {
      const error = spec
        .given(history.dispatched)
        .when({ type: 'AcceptTicket', data: { unitId } })
        .thenThrows('TICKET.WRONG_UNIT', { unitId, dispatchedTo: UNIT });
      expect(error.kind).toBe('forbidden');
    },
  );

  it('keeps the rework deadline when a ticket in rework is returned, re-dispatched and accepted again', () => {
    const given = [...inRework, ev.returnedToCenter(14), ev.dispatched(15)];
    spec
      .given(given)
      .when({ type: 'AcceptTicket', data: { unitId: UNIT } }, at(16))
      .then([ev.accepted(16, UNIT, false)]);
    const state = stateOf([...given, ev.accepted(16, UNIT, false)]);
    expect(state.handling).toEqual({ stage: 'rework', deadline: due('rework', 13) });
    expect(state.deadlines.firstContact).toEqual(due('firstContact', 16));
  });
});

describe('ReturnTicket', () => {
  it.each(['received', 'signed'] as const)('upstream (退单) from %s', (status) => {
    spec
      .given(history[status])
      .when({ type: 'ReturnTicket', data: { reason: '不属于本街道管辖', upstream: true } }, at(0.5))
      .then([ev.returnedUpstream(0.5)]);
  });

  it.each(['dispatched', 'accepted', 'in-progress'] as const)('to the center (回退) from %s', (status) => {
    spec
      .given(history[status])
      .when(
        { type: 'ReturnTicket', data: { reason: '不属本单位职责', upstream: false, unitId: UNIT } },
        at(2.5),
      )
      .then([ev.returnedToCenter(2.5)]);
  });

  it('withdraws a pending extension request when the unit returns the ticket', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when({ type: 'ReturnTicket', data: { reason: '不属本单位职责', upstream: false } }, at(5))
      .then([
        { type: 'ExtensionWithdrawn', data: { because: 'returned-to-center', at: iso(5) } },
        {
          type: 'TicketReturnedToCenter',
          data: { unitId: UNIT, reason: '不属本单位职责', at: iso(5), dispatch: due('dispatch', 5) },
        },
      ]);
  });

  it('rejects a return by a unit the ticket is not with (403)', () => {
    spec
      .given(history.accepted)
      .when({ type: 'ReturnTicket', data: { reason: '不属本单位职责', upstream: false, unitId: CO_UNIT } })
      .thenThrows('TICKET.WRONG_UNIT');
  });

  it.each([
    [true, 'signed'],
    [false, 'accepted'],
  ] as const)('needs a written reason (upstream: %s) (400)', (upstream, status) => {
    spec
      .given(history[status])
      .when({ type: 'ReturnTicket', data: { reason: '  ', upstream } })
      .thenThrows('TICKET.REASON_REQUIRED', { field: 'reason' });
  });
});

describe('RecordContact', () => {
  it('records a first contact with the handler’s claimed time and the server time, on time', () => {
    spec
      .given(history.accepted)
      .when(contact('first', 'reached', '2026-03-02T11:45:00+08:00'), at(3))
      .then([
        {
          type: 'ContactRecorded',
          data: {
            phase: 'first',
            channel: 'phone',
            outcome: 'reached',
            unitId: UNIT,
            claimedAt: '2026-03-02T11:45:00+08:00',
            at: iso(3),
            onTime: true,
          },
        },
      ]);
  });

  it('judges the first contact by the server time: late after the first-contact deadline', () => {
    spec
      .given(history.accepted)
      .when(contact('first'), at(27))
      .then([ev.contact('first', 'reached', 27, false)]);
  });

  it.each([
    ['reached', 'in-progress'],
    ['refused', 'in-progress'],
    ['wrong-number', 'in-progress'],
    ['unreachable', 'accepted'],
  ] as const)('a first contact that was %s leaves the ticket %s', (outcome, status) => {
    const events = spec
      .given(history.accepted)
      .when(contact('first', outcome), at(3))
      .then([ev.contact('first', outcome, 3)]);
    expect(stateOf([...history.accepted, ...events]).status).toBe(status);
  });

  it('records further attempts while in progress, and the before-reply contact without a deadline', () => {
    spec
      .given(history['in-progress'])
      .when(contact('first', 'unreachable'), at(4))
      .then([ev.contact('first', 'unreachable', 4)]);
    spec
      .given(history['in-progress'])
      .when(contact('before-reply'), at(10))
      .then([ev.contact('before-reply', 'reached', 10)]);
  });

  it('rejects a before-reply contact before the first contact concluded (422)', () => {
    const error = spec
      .given([...history.accepted, ev.contact('first', 'unreachable')])
      .when(contact('before-reply'))
      .thenThrows('TICKET.FIRST_CONTACT_MISSING');
    expect(error.kind).toBe('rule');
  });

  it('accepts it when the rules do not require the first contact', () => {
    spec
      .given(history.accepted)
      .when(contact('before-reply'), { ...at(10), rules: rulesOff })
      .then([ev.contact('before-reply', 'reached', 10)]);
  });

  it('rejects a claimed time that is not a time (400)', () => {
    spec
      .given(history.accepted)
      .when(contact('first', 'reached', 'noon'))
      .thenThrows('TICKET.INVALID_TIME');
  });
});

describe('RequestExtension and DecideExtension', () => {
  it.each(['accepted', 'in-progress'] as const)(
    'requests an extension before the handle due time (%s)',
    (status) => {
      spec
        .given(history[status])
        .when(requestExtension(), at(4))
        .then([ev.extensionRequested(4)]);
    },
  );

  it.each([122, 130])('rejects a request at or after the due time (hour %s, due at 122) (422)', (hour) => {
    const error = spec
      .given(history['in-progress'])
      .when(requestExtension(), at(hour))
      .thenThrows('TICKET.EXTENSION_AFTER_DUE', { dueAt: due('handle', 2).dueAt, now: iso(hour) });
    expect(error.kind).toBe('rule');
  });

  it('allows one pending request at a time (409)', () => {
    const error = spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when(requestExtension(), at(5))
      .thenThrows('TICKET.EXTENSION_PENDING');
    expect(error.kind).toBe('invalid-state');
  });

  it('allows no second extension after an approval (422)', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4), ev.extensionApproved(5)])
      .when(requestExtension(), at(6))
      .thenThrows('TICKET.ALREADY_EXTENDED');
  });

  it('allows a new request after a rejection', () => {
    spec
      .given([
        ...history['in-progress'],
        ev.extensionRequested(4),
        { type: 'ExtensionRejected', data: { at: iso(5) } },
      ])
      .when(requestExtension(5), at(6))
      .then([ev.extensionRequested(6, 5)]);
  });

  it('offers no extension for rework or a reopen (422)', () => {
    spec
      .given([...inRework, ev.contact('first', 'reached', 14)])
      .when(requestExtension(), at(14))
      .thenThrows('TICKET.EXTENSION_NOT_IN_HANDLE_STAGE', { stage: 'rework' });
  });

  it.each([0, 2.5, 16])('rejects %s working days (400)', (workingDays) => {
    spec
      .given(history['in-progress'])
      .when(requestExtension(workingDays))
      .thenThrows('TICKET.INVALID_EXTENSION', { workingDays, max: 15 });
  });

  it('needs a written reason (400)', () => {
    spec.given(history['in-progress']).when(requestExtension(10, '')).thenThrows('TICKET.REASON_REQUIRED');
  });

  it('approves with a handle deadline of 15 working days in all from the start of handling, even after the due time', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when({ type: 'DecideExtension', data: { approved: true } }, at(125))
      .then([ev.extensionApproved(125, 2), ev.extensionForwarded(125)]);
    expect(due('handle', 2, 15).dueAt).toBe(iso(2 + 15 * 24));
  });

  it('uses the configured total', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when(
        { type: 'DecideExtension', data: { approved: true, note: '同意' } },
        {
          ...at(5),
          rules: { extensionTotalWorkingDays: 10 },
        },
      )
      .then([
        {
          type: 'ExtensionApproved',
          data: { note: '同意', at: iso(5), handle: due('handle', 2, 10) },
        },
        ev.extensionForwarded(5),
      ]);
  });

  it('rejects a request', () => {
    spec
      .given([...history.accepted, ev.extensionRequested(4)])
      .when({ type: 'DecideExtension', data: { approved: false, note: '理由不足' } }, at(5))
      .then([{ type: 'ExtensionRejected', data: { note: '理由不足', at: iso(5) } }]);
  });

  it.each([
    ['none was made', history['in-progress']],
    ['it was decided', [...history['in-progress'], ev.extensionRequested(4), ev.extensionApproved(5)]],
  ])('has nothing to decide when %s (409)', (_when, given) => {
    spec
      .given(given)
      .when({ type: 'DecideExtension', data: { approved: true } })
      .thenThrows('TICKET.NO_PENDING_EXTENSION');
  });
});

describe('SubmitReply', () => {
  it('submits the reply against the handle deadline, on time', () => {
    spec
      .given(readyToReply)
      .when(reply, at(11))
      .then([ev.replySubmitted(11)]);
  });

  it('marks a reply after the due time as late, and on time within an approved extension', () => {
    spec
      .given(readyToReply)
      .when(reply, at(130))
      .thenEvents(([submitted]) => {
        expect(submitted).toMatchObject({ data: { onTime: false, dueAt: iso(122) } });
      });
    spec
      .given([...readyToReply, ev.extensionRequested(11), ev.extensionApproved(12)])
      .when(reply, at(130))
      .then([ev.replySubmitted(130, 'handle', iso(2 + 15 * 24))]);
  });

  it('rejects a reply without a concluded first contact (422)', () => {
    spec
      .given(history.accepted)
      .when(reply)
      .thenThrows('TICKET.FIRST_CONTACT_MISSING', { command: 'SubmitReply' });
    spec
      .given([...history.accepted, ev.contact('first', 'unreachable')])
      .when(reply)
      .thenThrows('TICKET.FIRST_CONTACT_MISSING');
  });

  it('rejects a reply without a concluded before-reply contact (422)', () => {
    spec.given(history['in-progress']).when(reply).thenThrows('TICKET.BEFORE_REPLY_CONTACT_MISSING');
    spec
      .given([...history['in-progress'], ev.contact('before-reply', 'unreachable', 10)])
      .when(reply)
      .thenThrows('TICKET.BEFORE_REPLY_CONTACT_MISSING');
  });

  it('accepts a before-reply contact the citizen refused', () => {
    spec
      .given([...history['in-progress'], ev.contact('before-reply', 'refused', 10)])
      .when(reply, at(11))
      .then([ev.replySubmitted(11)]);
  });

  it('lets the reply through and flags the missing contacts when the rules allow it', () => {
    spec
      .given(history.accepted)
      .when(reply, { ...at(11), rules: rulesOff })
      .then([
        {
          ...ev.replySubmitted(11),
          data: { ...ev.replySubmitted(11).data, missingContacts: ['first-contact', 'before-reply-contact'] },
        },
      ]);
  });

  it('withdraws a pending extension request', () => {
    spec
      .given([...readyToReply, ev.extensionRequested(10.5)])
      .when(reply, at(11))
      .then([
        { type: 'ExtensionWithdrawn', data: { because: 'reply-submitted', at: iso(11) } },
        ev.replySubmitted(11),
      ]);
  });

  it('answers the rework stage in rework, with a new before-reply contact', () => {
    spec
      .given([...inRework])
      .when(reply, at(20))
      .thenThrows('TICKET.BEFORE_REPLY_CONTACT_MISSING');
    spec
      .given([...inRework, ev.contact('before-reply', 'reached', 19)])
      .when(reply, at(20))
      .then([ev.replySubmitted(20, 'rework', due('rework', 13).dueAt)]);
  });
});

describe('ReviewReply', () => {
  it('approves the reply and starts the street callback stage', () => {
    spec
      .given(history['reply-submitted'])
      .when({ type: 'ReviewReply', data: { approved: true } }, at(12))
      .then([ev.replyApproved(12)]);
  });

  it('rejects the reply back into handling; the next reply needs no new contact', () => {
    const rejection: TicketEvent = { type: 'ReplyRejected', data: { note: '答复不完整', at: iso(12) } };
    spec
      .given(history['reply-submitted'])
      .when({ type: 'ReviewReply', data: { approved: false, note: '答复不完整' } }, at(12))
      .then([rejection]);
    const given = [...history['reply-submitted'], rejection];
    expect(stateOf(given).status).toBe('in-progress');
    spec
      .given(given)
      .when(reply, at(13))
      .then([ev.replySubmitted(13)]);
  });
});

describe('RecordCallback by the street (街道回访)', () => {
  it.each(['satisfied', 'basically-satisfied', undefined] as const)(
    'records a callback rated %s, which clears the way upstream',
    (satisfaction) => {
      spec
        .given(history['street-callback'])
        .when(streetCallback(satisfaction), at(13))
        .then([ev.streetCallback(satisfaction)]);
    },
  );

  it('is late after the callback deadline', () => {
    spec
      .given(history['street-callback'])
      .when(streetCallback('satisfied'), at(40))
      .then([ev.streetCallback('satisfied', 'reached', 40, false)]);
  });

  it('turns a dissatisfied callback into a 预警工单 and sends it back for rework (3-day stage)', () => {
    const events = spec
      .given(history['street-callback'])
      .when(streetCallback('dissatisfied'), at(13))
      .then(inRework.slice(history['street-callback'].length));
    const state = stateOf([...history['street-callback'], ...events]);
    expect(state).toMatchObject({ status: 'in-progress', warning: true, counts: { reworks: 1 } });
    expect(state.handling).toEqual({ stage: 'rework', deadline: due('rework', 13) });
  });

  it('marks the warning once: a second dissatisfied callback only starts rework no. 2', () => {
    const second = [
      ...inRework,
      ev.contact('before-reply', 'reached', 19),
      ev.replySubmitted(20, 'rework', due('rework', 13).dueAt),
      ev.replyApproved(21),
    ];
    spec
      .given(second)
      .when(streetCallback('dissatisfied'), at(22))
      .then([ev.streetCallback('dissatisfied', 'reached', 22), ev.reworkStarted(22, 2)]);
  });

  it('records an attempt that did not reach the citizen', () => {
    spec
      .given(history['street-callback'])
      .when(streetCallback(undefined, 'unreachable'), at(13))
      .then([ev.streetCallback(undefined, 'unreachable')]);
  });

  it('rejects a rating from a callback that did not reach the citizen (400)', () => {
    spec
      .given(history['street-callback'])
      .when(streetCallback('satisfied', 'unreachable'))
      .thenThrows('TICKET.RATING_WITHOUT_CONTACT', { outcome: 'unreachable' });
  });
});

describe('ReplyUpstream', () => {
  const afterCallback = [...history['street-callback'], ev.streetCallback('satisfied')];

  it('replies upstream after a satisfied street callback, on time against the upstream due time', () => {
    spec
      .given(afterCallback)
      .when({ type: 'ReplyUpstream', data: {} }, at(14))
      .then([ev.repliedUpstream(14)]);
  });

  it('is late after the upstream due time', () => {
    spec
      .given(afterCallback)
      .when({ type: 'ReplyUpstream', data: { note: '已办结' } }, at(520))
      .thenEvents(([e]) => {
        expect(e).toMatchObject({
          data: { onTime: false, note: '已办结', upstreamDueAt: intake.upstreamDueAt },
        });
      });
  });

  it.each([
    ['no callback', history['street-callback']],
    ['only an unreachable one', [...history['street-callback'], ev.streetCallback(undefined, 'unreachable')]],
  ])('rejects the reply with %s (422)', (_what, given) => {
    spec.given(given).when({ type: 'ReplyUpstream', data: {} }).thenThrows('TICKET.STREET_CALLBACK_MISSING');
  });

  it('accepts a callback the citizen refused', () => {
    spec
      .given([...history['street-callback'], ev.streetCallback(undefined, 'refused')])
      .when({ type: 'ReplyUpstream', data: {} }, at(14))
      .then([ev.repliedUpstream(14)]);
  });

  it('goes without a callback when the rules allow it, flagged', () => {
    spec
      .given(history['street-callback'])
      .when({ type: 'ReplyUpstream', data: {} }, { ...at(14), rules: rulesOff })
      .thenEvents(([e]) => expect(e).toMatchObject({ data: { streetCallbackMissing: true } }));
  });
});

describe('RecordCallback by the 12345 platform', () => {
  it.each(['satisfied', 'basically-satisfied'] as const)(
    'closes a replied ticket rated %s',
    (satisfaction) => {
      spec
        .given(history.replied)
        .when(hotlineCallback(satisfaction), at(15))
        .then([
          ev.hotlineCallback(satisfaction, 'reached', 15),
          {
            type: 'TicketClosed',
            data: {
              reason: `hotline callback: ${satisfaction}`,
              from: 'replied',
              closedBy: 'hotline-callback',
              at: iso(15),
            },
          },
        ]);
    },
  );

  it.each([
    ['dissatisfied', 'reached'],
    [undefined, 'unreachable'],
    [undefined, 'refused'],
  ] as const)('records a callback (%s, %s) and leaves the ticket replied', (satisfaction, outcome) => {
    const events = spec
      .given(history.replied)
      .when(hotlineCallback(satisfaction, outcome), at(15))
      .then([ev.hotlineCallback(satisfaction, outcome, 15)]);
    expect(stateOf([...history.replied, ...events]).status).toBe('replied');
  });

  it.each(['dissatisfied', 'satisfied'] as const)(
    'records a late result (%s) on a closed ticket without changing it',
    (satisfaction) => {
      spec
        .given(history.closed)
        .when(hotlineCallback(satisfaction), at(18))
        .then([ev.hotlineCallback(satisfaction, 'reached', 18)]);
    },
  );
});

describe('ReopenTicket', () => {
  const dissatisfied = [...history.replied, ev.hotlineCallback('dissatisfied')];

  it.each(['redo', 'supervision', 'recheck'] as const)(
    'reopens (%s) into handling with a new 3-day stage',
    (kind) => {
      const events = spec
        .given(dissatisfied)
        .when({ type: 'ReopenTicket', data: { kind, reason: '市民不满意，重办' } }, at(16))
        .then([{ ...ev.reopened(16), data: { ...ev.reopened(16).data, kind } } as TicketEvent]);
      const state = stateOf([...dissatisfied, ...events]);
      expect(state).toMatchObject({ status: 'in-progress', unitId: UNIT, counts: { reopens: 1 } });
      expect(state.handling).toEqual({ stage: 'reopen', deadline: due('reopen', 16) });
      expect(state.beforeReplyContact.concluded).toBe(false);
    },
  );

  it('reopens a closed ticket (回访复核) and counts the reopens', () => {
    spec
      .given([
        ...history.closed,
        ev.reopened(18, 1),
        ev.contact('before-reply'),
        ev.replySubmitted(19, 'reopen'),
      ])
      .when({ type: 'ReviewReply', data: { approved: true } }, at(20))
      .then([ev.replyApproved(20)]);
    spec
      .given([...history.closed])
      .when({ type: 'ReopenTicket', data: { kind: 'recheck', reason: '回访复核发现未解决' } }, at(18))
      .thenEvents(([e]) =>
        expect(e).toMatchObject({ type: 'TicketReopened', data: { number: 1, kind: 'recheck' } }),
      );
    spec
      .given([
        ...dissatisfied,
        ev.reopened(16, 1),
        ev.contact('before-reply', 'reached', 17),
        ev.replySubmitted(18, 'reopen', due('reopen', 16).dueAt),
        ev.replyApproved(19),
        ev.streetCallback('satisfied', 'reached', 20),
        ev.repliedUpstream(21),
      ])
      .when({ type: 'ReopenTicket', data: { kind: 'redo', reason: '仍不满意' } }, at(22))
      .thenEvents(([e]) => expect(e).toMatchObject({ data: { number: 2, reopen: due('reopen', 22) } }));
  });

  it('needs a written reason (400)', () => {
    spec
      .given(history.replied)
      .when({ type: 'ReopenTicket', data: { kind: 'redo', reason: '' } })
      .thenThrows('TICKET.REASON_REQUIRED');
  });
});

describe('side actions: UrgeTicket, SuperviseTicket, MergeCall', () => {
  const open: TicketStatus[] = [
    'received',
    'signed',
    'dispatched',
    'accepted',
    'in-progress',
    'reply-submitted',
    'street-callback',
    'replied',
    'parked',
  ];

  it.each(open)('urges a ticket that is %s and counts', (status) => {
    const urged = spec
      .given(history[status])
      .when({ type: 'UrgeTicket', data: { note: '请加快' } }, at(20))
      .then([{ type: 'TicketUrged', data: { note: '请加快', number: 1, at: iso(20) } }]);
    spec
      .given([...history[status], ...urged])
      .when({ type: 'UrgeTicket', data: {} }, at(21))
      .then([{ type: 'TicketUrged', data: { number: 2, at: iso(21) } }]);
    expect(stateOf([...history[status], ...urged]).status).toBe(status);
  });

  it.each(open)('supervises (督办) a ticket that is %s, with its own deadline', (status) => {
    const events = spec
      .given(history[status])
      .when({ type: 'SuperviseTicket', data: { note: '领导督办' } }, at(20))
      .then([
        {
          type: 'TicketSupervised',
          data: { note: '领导督办', number: 1, at: iso(20), supervision: due('supervision', 20) },
        },
      ]);
    const state = stateOf([...history[status], ...events]);
    expect(state.status).toBe(status);
    expect(state.deadlines.supervision).toEqual(due('supervision', 20));
  });

  it.each(open)('merges a repeat call into a ticket that is %s, keeping every caller', (status) => {
    const caller = { subjectId: 'subject-2', confidential: false, phoneMasked: '139****0000' };
    const data = {
      callTicketNo: '2026030200077',
      receivedAt: '2026-03-02T15:00:00+08:00',
      caller,
      note: '重复来电',
    };
    const events = spec
      .given(history[status])
      .when({ type: 'MergeCall', data }, at(20))
      .then([{ type: 'CallMerged', data: { ...data, at: iso(20) } }]);
    const state = stateOf([...history[status], ...events]);
    expect(state.calls.map((call) => call.caller?.subjectId)).toEqual(['subject-1', 'subject-2']);
    expect(state.status).toBe(status);
  });

  it('changes nothing when a call already part of the ticket is merged again', () => {
    const merged: TicketEvent = {
      type: 'CallMerged',
      data: { callTicketNo: '2026030200077', receivedAt: '2026-03-02T07:00:00Z', at: iso(5) },
    };
    spec
      .given([...history['in-progress'], merged])
      .when({
        type: 'MergeCall',
        data: { callTicketNo: '2026030200077', receivedAt: '2026-03-02T07:00:00Z' },
      })
      .thenNothingHappened();
    spec
      .given(history['in-progress'])
      .when({ type: 'MergeCall', data: { callTicketNo: intake.ticketNo, receivedAt: intake.receivedAt } })
      .thenNothingHappened();
  });

  it('rejects a merged call whose time is not a time (400)', () => {
    spec
      .given(history['in-progress'])
      .when({ type: 'MergeCall', data: { callTicketNo: 'x', receivedAt: 'soon' } })
      .thenThrows('TICKET.INVALID_TIME');
  });
});

describe('ParkTicket and CloseTicket', () => {
  it.each([
    'received',
    'signed',
    'dispatched',
    'accepted',
    'in-progress',
    'reply-submitted',
    'street-callback',
    'replied',
  ] as const)('parks (挂账) a ticket that is %s, with its reason', (status) => {
    spec
      .given(history[status])
      .when({ type: 'ParkTicket', data: { reason: '涉及规划调整，长期问题' } }, at(17))
      .then([ev.parked(status, 17)]);
  });

  it('withdraws a pending extension request when parking', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when({ type: 'ParkTicket', data: { reason: '涉及规划调整，长期问题' } }, at(17))
      .then([
        { type: 'ExtensionWithdrawn', data: { because: 'parked', at: iso(17) } },
        ev.parked('in-progress', 17),
      ]);
  });

  it('needs a written reason to park (400)', () => {
    spec
      .given(history['in-progress'])
      .when({ type: 'ParkTicket', data: { reason: ' ' } })
      .thenThrows('TICKET.REASON_REQUIRED');
  });

  it.each(['replied', 'parked'] as const)('closes a ticket that is %s', (status) => {
    spec
      .given(history[status])
      .when({ type: 'CloseTicket', data: { reason: '已解释' } }, at(17))
      .then([
        { type: 'TicketClosed', data: { reason: '已解释', from: status, closedBy: 'command', at: iso(17) } },
      ]);
  });
});

describe('deadlines are recorded once', () => {
  const otherPolicy = fakeDeadlinePolicy(
    {
      sign: 1,
      dispatch: 1,
      accept: 1,
      firstContact: 1,
      handle: 1,
      review: 1,
      rework: 1,
      reopen: 1,
      callback: 1,
      supervision: 1,
      upstream: 1,
    },
    'fake-2',
  );

  it('a reply is judged against the recorded handle deadline, not a recomputed one', () => {
    spec
      .given(readyToReply)
      .when(reply, { ...at(100), deadlines: otherPolicy })
      .thenEvents(([submitted]) =>
        expect(submitted).toMatchObject({ data: { dueAt: due('handle', 2).dueAt, onTime: true } }),
      );
  });

  it('an extension request is judged against the recorded due time', () => {
    spec
      .given(history['in-progress'])
      .when(requestExtension(), { ...at(100), deadlines: otherPolicy })
      .then([ev.extensionRequested(100)]);
  });

  it('approval counts from the recorded start of handling', () => {
    spec
      .given([...history['in-progress'], ev.extensionRequested(4)])
      .when({ type: 'DecideExtension', data: { approved: true } }, { ...at(5), deadlines: otherPolicy })
      .thenEvents(([e]) =>
        expect(e).toMatchObject({
          data: {
            handle: { startedAt: iso(2), dueAt: iso(2 + 15 * 24), calendarVersion: 'fake-2' },
          },
        }),
      );
  });
});
