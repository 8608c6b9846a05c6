import { fold } from '#core';
import { deciderSpec } from '#core/testing';
import type { StageDeadline } from './deadline-policy.js';
import { FAKE_STAGE_HOURS, type FakeCalendar, fakeDeadlinePolicy } from './testing/fake-deadline-policy.js';
import { contextAt, due, ev, h, history, iso } from './testing/ticket-fixtures.js';
import type { TicketCommand } from './ticket.commands.js';
import { type HotlineContext, ticketDecider } from './ticket.decider.js';
import type { Ticket, TicketEvent } from './ticket.events.js';

const spec = deciderSpec(ticketDecider, () => contextAt(20));
const stateOf = (events: readonly TicketEvent[]) => fold(ticketDecider, events) as Ticket;

/** The fake calendar the import produced: every due time one (fake) working day later, nothing provisional. */
const IMPORTED: FakeCalendar = { version: 'fake-2', shiftHours: 24 };
const imported = fakeDeadlinePolicy(FAKE_STAGE_HOURS, IMPORTED);
/** A decision at hour `hours` on a fake calendar. */
const on = (calendar: FakeCalendar, hours = 20): HotlineContext => ({
  now: h(hours),
  deadlines: fakeDeadlinePolicy(FAKE_STAGE_HOURS, calendar),
});
const revise = (calendarVersion = 'fake-2'): TicketCommand => ({
  type: 'ReviseProvisionalDeadlines',
  data: { calendarVersion },
});

const provisional = (deadline: StageDeadline): StageDeadline => ({ ...deadline, provisional: true });
const isDeadline = (value: unknown): value is StageDeadline =>
  typeof value === 'object' && value !== null && 'stage' in value && 'dueAt' in value;
/**
 * The events as recorded before the next year was published: every deadline in them provisional but the district's
 * (a date it gave, no calendar's).
 */
const provisionally = (events: readonly TicketEvent[]): TicketEvent[] =>
  events.map(
    (event) =>
      ({
        ...event,
        data: Object.fromEntries(
          Object.entries(event.data).map(([key, value]) => [
            key,
            isDeadline(value) && value.stage !== 'upstream' ? provisional(value) : value,
          ]),
        ),
      }) as TicketEvent,
  );
/** The revision the imported calendar gives a recorded deadline, decided at hour `at`. */
const revised = (old: StageDeadline, at = 20, policy = imported): TicketEvent => ({
  type: 'DeadlineRevised',
  data: { stage: old.stage, old, new: policy.revise(old), reason: 'official-calendar', at: iso(at) },
});
const supervised = (at = 5): TicketEvent => ({
  type: 'TicketSupervised',
  data: { note: undefined, number: 1, at: iso(at), supervision: due('supervision', at) },
});

const inRework = [
  ...history['street-callback'],
  ev.streetCallback('dissatisfied'),
  { type: 'TicketMarkedAsWarning', data: { reason: 'street callback: dissatisfied', at: iso(13) } },
  ev.reworkStarted(13),
] satisfies TicketEvent[];
const inReopen = [...history.replied, ev.hotlineCallback('dissatisfied'), ev.reopened(16)];

describe('ReviseProvisionalDeadlines', () => {
  it('revises the sign deadline of a received ticket: the old and the new deadline, in full', () => {
    const old = provisional(due('sign', 0));
    spec
      .given(provisionally(history.received))
      .when(revise(), on(IMPORTED))
      .then([
        {
          type: 'DeadlineRevised',
          data: {
            stage: 'sign',
            old,
            new: {
              stage: 'sign',
              startedAt: iso(0),
              dueAt: iso(2 + 24),
              warnAt: new Date(h(0).getTime() + Math.round(((26 * 2) / 3) * 3_600_000)).toISOString(),
              limit: '2h',
              calendarVersion: 'fake-2',
              provisional: false,
            },
            reason: 'official-calendar',
            at: iso(20),
          },
        },
      ]);
  });

  it('revises the first-contact and handle deadlines of an accepted ticket, one event per stage', () => {
    spec
      .given(provisionally(history.accepted))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('firstContact', 2))), revised(provisional(due('handle', 2)))]);
  });

  it('revises the handle deadline but not the concluded first contact (in-progress)', () => {
    spec
      .given(provisionally(history['in-progress']))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('handle', 2)))]);
  });

  it('revises the review and the handle deadline of a submitted reply, not the concluded first contact', () => {
    spec
      .given(provisionally(history['reply-submitted']))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('review', 11))), revised(provisional(due('handle', 2)))]);
  });

  it.each([
    ['signed', 'dispatch', 0.5],
    ['dispatched', 'accept', 1],
  ] as const)('revises the open step clock of a %s ticket (%s)', (status, stage, start) => {
    spec
      .given(provisionally(history[status]))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due(stage, start)))]);
  });

  it("never revises the district's deadline: a date the district gave is no calendar's", () => {
    spec.given(history.received).when(revise(), on(IMPORTED)).thenNothingHappened();
  });

  it('revises the rework deadline in rework, not the handle deadline before it', () => {
    spec
      .given(provisionally(inRework))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('rework', 13)))]);
  });

  it('revises the reopen deadline of a reopened ticket', () => {
    spec
      .given(provisionally(inReopen))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('reopen', 16)))]);
  });

  it('revises the callback deadline during the street callback, not the completed stages', () => {
    spec
      .given(provisionally(history['street-callback']))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('callback', 12)))]);
  });

  it('revises a supervision deadline while the ticket is open, parked included', () => {
    spec
      .given(provisionally([...history['in-progress'], supervised(5)]))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('handle', 2))), revised(provisional(due('supervision', 5)))]);
    spec
      .given(provisionally([...history['in-progress'], supervised(5), ev.parked('in-progress', 6)]))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('supervision', 5)))]);
  });

  it('leaves deadlines that were official alone', () => {
    spec
      .given([...history['in-progress'], supervised(5)])
      .when(revise(), on(IMPORTED))
      .thenNothingHappened();
  });

  it.each(['replied'] as const)('leaves provisional deadlines of completed stages alone (%s)', (status) => {
    spec.given(provisionally(history[status])).when(revise(), on(IMPORTED)).thenNothingHappened();
  });

  it.each([
    ['closed', [...history.replied, supervised(14.5), ev.closed('replied')]],
    ['returned-upstream', [ev.received(), supervised(0.2), ev.returnedUpstream()]],
  ] as const)(
    'changes nothing on a %s ticket, supervision included (a sweep asks every ticket)',
    (status, events) => {
      expect(stateOf(events).status).toBe(status);
      spec.given(provisionally(events)).when(revise(), on(IMPORTED)).thenNothingHappened();
    },
  );

  it('changes nothing when the new calendar neither moves a deadline nor makes it official', () => {
    spec
      .given(provisionally(history.accepted))
      .when(revise(), on({ version: 'fake-2', provisional: true }))
      .thenNothingHappened();
  });

  it('records a deadline that only stops being provisional (same due time, new calendar version)', () => {
    const old = provisional(due('handle', 2));
    spec
      .given(provisionally(history['in-progress']))
      .when(revise(), on({ version: 'fake-2' }))
      .then([
        {
          type: 'DeadlineRevised',
          data: {
            stage: 'handle',
            old,
            new: { ...old, calendarVersion: 'fake-2', provisional: false },
            reason: 'official-calendar',
            at: iso(20),
          },
        },
      ]);
  });

  it('leaves a deadline already computed on the named calendar alone', () => {
    spec
      .given(provisionally(history['in-progress']))
      .when(revise('fake-1'), on(IMPORTED))
      .thenNothingHappened();
  });

  it('changes nothing the second time: the revised deadline is official', () => {
    const events = provisionally(history['in-progress']);
    spec
      .given([...events, revised(provisional(due('handle', 2)))])
      .when(revise(), on(IMPORTED, 21))
      .thenNothingHappened();
  });
});

describe('later decisions use the revised deadline', () => {
  const handle = provisional(due('handle', 2));
  const inProgress = provisionally(history['in-progress']);

  it('an extension request after the old but before the revised handle due time is in time', () => {
    // Old due: hour 122; revised: hour 146.
    spec
      .given(inProgress)
      .when({ type: 'RequestExtension', data: { reason: '需协调', workingDays: 10 } }, on(IMPORTED, 130))
      .thenThrows('TICKET.EXTENSION_AFTER_DUE', { dueAt: iso(122) });
    spec
      .given([...inProgress, revised(handle)])
      .when({ type: 'RequestExtension', data: { reason: '需协调', workingDays: 10 } }, on(IMPORTED, 130))
      .then([{ type: 'ExtensionRequested', data: { reason: '需协调', workingDays: 10, at: iso(130) } }]);
  });

  it('a reply after the old but before the revised due time is on time', () => {
    const ready = [...inProgress, ev.contact('before-reply', 'reached', 10)];
    const reply: TicketCommand = {
      type: 'SubmitReply',
      data: { result: 'resolved', summary: '已责令施工方停止夜间施工', factsConfirmed: true },
    };
    const late = ev.replySubmitted(130, 'handle', iso(122));
    const onTime = ev.replySubmitted(130, 'handle', iso(146));
    expect([late.data.onTime, onTime.data.onTime]).toEqual([false, true]);
    spec.given(ready).when(reply, contextAt(130)).then([late]);
    spec
      .given([...ready, revised(handle)])
      .when(reply, contextAt(130))
      .then([onTime]);
  });

  it('a revision that brings the due time forward makes a later signing late', () => {
    // The imported schedule takes an hour of the sign limit away (say a make-up day became a holiday).
    const earlier: FakeCalendar = { version: 'fake-2', shiftHours: -1 };
    const sign = provisional(due('sign', 0));
    const revision = revised(sign, 0.5, fakeDeadlinePolicy(FAKE_STAGE_HOURS, earlier));
    expect(revision).toMatchObject({ data: { new: { dueAt: iso(1) } } });
    const received = provisionally(history.received);
    spec
      .given(received)
      .when({ type: 'SignTicket', data: {} }, contextAt(1.5))
      .then([ev.signed(1.5, true)]);
    spec
      .given([...received, revision])
      .when({ type: 'SignTicket', data: {} }, contextAt(1.5))
      .then([ev.signed(1.5, false)]);
  });

  it('an extension approval counts from the recorded start, on the calendar in force', () => {
    spec
      .given([...inProgress, revised(handle), ev.extensionRequested(130)])
      .when({ type: 'DecideExtension', data: { approved: true } }, on(IMPORTED, 131))
      .thenEvents(([approved]) =>
        expect(approved).toMatchObject({
          data: { handle: { startedAt: iso(2), dueAt: iso(2 + 15 * 24 + 24), calendarVersion: 'fake-2' } },
        }),
      );
  });
});

describe('replaying a revision', () => {
  it('folds to the revised deadline, in the deadlines and in the handling stage', () => {
    const old = provisional(due('handle', 2));
    const events = [...provisionally(history['in-progress']), revised(old)];
    const state = stateOf(events);
    expect(state.deadlines.handle).toEqual(imported.revise(old));
    expect(state.handling).toEqual({ stage: 'handle', deadline: imported.revise(old) });
    expect(state.deadlines.firstContact).toEqual(provisional(due('firstContact', 2)));
    expect(stateOf(events)).toEqual(state);
  });

  it('touches the handling stage only when it is the revised stage', () => {
    const rework = provisional(due('rework', 13));
    const supervision = provisional(due('supervision', 14));
    const state = stateOf([
      ...provisionally([...inRework, supervised(14)]),
      revised(rework, 20),
      revised(supervision, 20),
    ]);
    expect(state.handling).toEqual({ stage: 'rework', deadline: imported.revise(rework) });
    expect(state.deadlines).toMatchObject({
      handle: provisional(due('handle', 2)),
      rework: imported.revise(rework),
      supervision: imported.revise(supervision),
    });
  });
});
