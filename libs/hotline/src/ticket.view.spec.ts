import type { ActorScope } from '#core';
import { CO_UNIT, due, ev, h, history, intake, iso, UNIT } from './testing/ticket-fixtures.js';
import type { TicketEvent } from './ticket.events.js';
import { ticketEventDataForView, ticketView } from './ticket.view.js';

const handler: ActorScope = { role: 'handler', unitId: UNIT, gridIds: [] };
const coHandler: ActorScope = { role: 'handler', unitId: CO_UNIT, gridIds: [] };
const otherHandler: ActorScope = { role: 'handler', unitId: 'unit-other', gridIds: [] };
const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const supervisor: ActorScope = { role: 'supervisor', gridIds: [] };

const view = (events: readonly TicketEvent[], actor: ActorScope | undefined, hour: number) => {
  const shown = ticketView(events, { actor, now: h(hour) });
  if (!shown) throw new Error('no ticket');
  return shown;
};
const names = (events: readonly TicketEvent[], actor: ActorScope | undefined, hour = 1.5) =>
  view(events, actor, hour).actions.map((action) => action.name);
const stages = (events: readonly TicketEvent[], hour: number) =>
  view(events, dispatcher, hour).stages.map(({ stage, state }) => `${stage}:${state}`);

describe('the ticket view', () => {
  it('answers nothing for a stream without a ticket', () => {
    expect(ticketView([], { now: h(0) })).toBeUndefined();
  });

  it('offers accept to a handler of the dispatched unit, and not to the dispatcher or another unit', () => {
    expect(names(history.dispatched, handler)).toEqual(['accept', 'return', 'exclusion-requests']);
    expect(view(history.dispatched, handler, 1.5).actions[0]).toEqual({
      name: 'accept',
      method: 'POST',
      href: `/tickets/${intake.ticketId}/accept`,
    });
    expect(names(history.dispatched, dispatcher)).not.toContain('accept');
    expect(names(history.dispatched, coHandler)).toEqual([]);
    expect(names(history.dispatched, otherHandler)).toEqual([]);
  });

  it('offers each role what the decider allows in the status', () => {
    expect(names(history.received, dispatcher)).toEqual([
      'sign',
      'return',
      'park',
      'merge',
      'reveal',
      'exclusion-requests',
    ]);
    expect(names(history.signed, dispatcher)).toContain('dispatch');
    expect(names(history.received, supervisor)).toEqual(['urge', 'supervise', 'park', 'reveal']);
    expect(names(history.closed, supervisor)).toEqual(['reopen', 'reveal']);
    expect(names(history['reply-submitted'], dispatcher)).toContain('review');
    expect(names(history['in-progress'], handler, 4)).toEqual(
      expect.arrayContaining(['return', 'contacts', 'extension-requests']),
    );
  });

  it('offers no action the 双先联、双回访 gates would refuse', () => {
    // In progress with the first contact only: no reply before the contact before the reply.
    expect(names(history['in-progress'], handler, 4)).not.toContain('reply');
    expect(
      names([...history['in-progress'], ev.contact('before-reply', 'reached', 5)], handler, 5),
    ).toContain('reply');
    // The street callback comes before the reply upstream.
    expect(names(history['street-callback'], dispatcher, 12.5)).toEqual(
      expect.arrayContaining(['callbacks']),
    );
    expect(names(history['street-callback'], dispatcher, 12.5)).not.toContain('reply-upstream');
    const called = [...history['street-callback'], ev.streetCallback('satisfied')];
    expect(names(called, dispatcher, 13)).toContain('reply-upstream');
    // A refusal concludes the callback by default; the rules may say it does not (each attempt records which).
    const refused = [...history['street-callback'], ev.streetCallback(undefined, 'refused')];
    expect(names(refused, dispatcher, 13)).toContain('reply-upstream');
    const refusedUnderStrictRules = [
      ...history['street-callback'],
      ev.streetCallback(undefined, 'refused', 13, true, false),
    ];
    const strict = ticketView(refusedUnderStrictRules, {
      actor: dispatcher,
      now: h(13),
      rules: { concludedCallbackOutcomes: ['reached'] },
    });
    expect(strict?.actions.map((action) => action.name)).not.toContain('reply-upstream');
    // No extension request once the handling stage is due (handle: 120 hours from acceptance at hour 2).
    expect(names(history['in-progress'], handler, 121)).toContain('extension-requests');
    expect(names(history['in-progress'], handler, 122)).not.toContain('extension-requests');
  });

  it('reads a stage finished on time as done-on-time, a late one as done-late', () => {
    expect(view(history.signed, dispatcher, 50).stages.filter((s) => s.stage === 'sign')).toEqual([
      {
        stage: 'sign',
        startedAt: iso(0),
        dueAt: due('sign', 0).dueAt,
        warnAt: due('sign', 0).warnAt,
        endedAt: iso(0.5),
        state: 'done-on-time',
        provisional: false,
      },
    ]);
    expect(stages([ev.received(), ev.signed(3, false)], 50)).toEqual([
      'upstream:open',
      'sign:done-late',
      'dispatch:overdue',
    ]);
  });

  it('reads a running stage as open, warning past its warning point, overdue past its due time', () => {
    // sign: 2 hours, warning at 2/3 of them.
    expect(stages(history.received, 1)).toEqual(['upstream:open', 'sign:open']);
    expect(stages(history.received, 1.5)).toEqual(['upstream:open', 'sign:warning']);
    expect(stages(history.received, 2.5)).toEqual(['upstream:open', 'sign:overdue']);
    // The district's stage: its own points, whatever the street's steps do.
    expect(stages(history.received, 400)).toEqual(['upstream:warning', 'sign:overdue']);
  });

  it('follows every stage instance of a life: sign, first contact, handling, callback, rework', () => {
    const events = [
      ...history['street-callback'],
      ev.streetCallback('dissatisfied', 'reached', 13),
      ev.reworkStarted(13),
    ];
    expect(view(events, dispatcher, 14).stages).toEqual([
      expect.objectContaining({ stage: 'upstream', endedAt: null, state: 'open' }),
      expect.objectContaining({ stage: 'sign', endedAt: iso(0.5), state: 'done-on-time' }),
      expect.objectContaining({ stage: 'dispatch', endedAt: iso(1), state: 'done-on-time' }),
      expect.objectContaining({ stage: 'accept', endedAt: iso(2), state: 'done-on-time' }),
      expect.objectContaining({ stage: 'firstContact', endedAt: iso(3), state: 'done-on-time' }),
      expect.objectContaining({
        stage: 'handle',
        startedAt: iso(2),
        endedAt: iso(11),
        state: 'done-on-time',
      }),
      expect.objectContaining({ stage: 'review', startedAt: iso(11), endedAt: iso(12) }),
      expect.objectContaining({ stage: 'callback', startedAt: iso(12), endedAt: iso(13) }),
      expect.objectContaining({ stage: 'rework', startedAt: iso(13), endedAt: null, state: 'open' }),
    ]);
  });

  it('resumes the handling stage after a rejected reply, and moves its due time with an extension', () => {
    const extended = [...history['in-progress'], ev.extensionRequested(4), ev.extensionApproved(5)];
    const handle = view(extended, handler, 6).stages.find((stage) => stage.stage === 'handle');
    expect(handle).toMatchObject({ startedAt: iso(2), dueAt: due('handle', 2, 15).dueAt, endedAt: null });

    const rejected: TicketEvent = { type: 'ReplyRejected', data: { note: '请补充', at: iso(12) } };
    const resumed = view([...history['reply-submitted'], rejected], handler, 13).stages;
    expect(resumed.filter((stage) => stage.stage === 'handle')).toEqual([
      expect.objectContaining({ startedAt: iso(2), endedAt: null, state: 'open' }),
    ]);
  });

  it('shows a 督办 deadline as a stage of its own until the ticket is replied upstream', () => {
    const supervised: TicketEvent = {
      type: 'TicketSupervised',
      data: { note: undefined, number: 1, at: iso(4), supervision: due('supervision', 4) },
    };
    const [before, ...rest] = history.replied.slice(5);
    const events = [...history.replied.slice(0, 5), supervised, before!, ...rest];
    const supervision = view(events, supervisor, 20).stages.find((stage) => stage.stage === 'supervision');
    expect(supervision).toMatchObject({ startedAt: iso(4), endedAt: iso(14), state: 'done-on-time' });
  });

  it('hides a confidential caller from a unit entirely, and shows the center the masked number', () => {
    const unitView = view(history.accepted, handler, 3);
    expect(unitView.callerHidden).toBe(true);
    expect(unitView.intake.caller).toBeUndefined();
    expect(JSON.stringify(unitView)).not.toMatch(/subject|\*\*\*\*/);
    expect(names(history.accepted, handler, 3)).not.toContain('reveal');
    const centerView = view(history.accepted, dispatcher, 3);
    expect(centerView.callerHidden).toBeUndefined();
    expect(centerView.intake.caller).toEqual(intake.caller);
  });

  it('shows erased callers as erased in the history, and hides a confidential one there from a unit', () => {
    const data = {
      ticketNo: '1',
      caller: { subjectId: 's', confidential: false, phoneMasked: '138****1234' },
    };
    expect(ticketEventDataForView(data, 'erased')).toEqual({
      ticketNo: '1',
      caller: { subjectId: 's', confidential: false, erased: true },
    });
    expect(ticketEventDataForView(data, 'hidden')).toEqual({ ticketNo: '1' });
    expect(ticketEventDataForView(data, 'shown')).toBe(data);
  });

  it('carries the fields clients read, and none of the decider’s bookkeeping', () => {
    const shown = view(history['in-progress'], dispatcher, 4);
    expect(shown).toMatchObject({
      id: intake.ticketId,
      ticketNo: intake.ticketNo,
      status: 'in-progress',
      unitId: UNIT,
      coUnitIds: [CO_UNIT],
      firstContact: { attempts: 1, reached: true, concluded: true },
      compliance: { firstContact: { required: true, done: true, onTime: true } },
    });
    expect(shown.deadlines.handle).toEqual(due('handle', 2));
    expect(Object.keys(shown)).not.toEqual(expect.arrayContaining(['alerts']));
    expect(shown).not.toHaveProperty('handling');
    expect(shown).not.toHaveProperty('dispatchedUnits');
  });
});
