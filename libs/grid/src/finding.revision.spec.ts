import { deciderSpec } from '#core/testing';
import type { GridDeadline } from './deadline-policy.js';
import type { FindingCommand } from './finding.commands.js';
import { findingDecider, type GridContext } from './finding.decider.js';
import type { Finding, FindingEvent } from './finding.events.js';
import { openFindingStages } from './finding.stages.js';
import { type FakeGridCalendar, fakeGridDeadlinePolicy } from './testing/fake-deadline-policy.js';
import { contextAt, due, ev, h, history, iso, publicReport, UNIT } from './testing/finding-fixtures.js';

/*
 * Findings' provisional deadlines after a calendar import, as tickets' (ticket.revision.spec.ts): every open stage
 * whose deadline is provisional and was computed on another calendar gets a FindingDeadlineRevised with the old and
 * the new deadline. The imported fake calendar moves every due time one (fake) working day later.
 */
const spec = deciderSpec(findingDecider, () => contextAt(20));
const stateOf = (events: readonly FindingEvent[]) =>
  events.reduce(findingDecider.evolve, findingDecider.initialState()) as Finding;

const IMPORTED: FakeGridCalendar = { version: 'fake-2', shiftHours: 24 };
const imported = fakeGridDeadlinePolicy(IMPORTED);
const on = (calendar: FakeGridCalendar, hours = 20): GridContext => ({
  now: h(hours),
  deadlines: fakeGridDeadlinePolicy(calendar),
});
const revise = (calendarVersion = 'fake-2'): FindingCommand => ({
  type: 'ReviseProvisionalDeadlines',
  data: { calendarVersion },
});

const provisional = (deadline: GridDeadline): GridDeadline => ({ ...deadline, provisional: true });
const isDeadline = (value: unknown): value is GridDeadline =>
  typeof value === 'object' && value !== null && 'stage' in value && 'dueAt' in value;
/** The events as recorded before the next year was published: every deadline in them provisional. */
const provisionally = (events: readonly FindingEvent[]): FindingEvent[] =>
  events.map(
    (event) =>
      ({
        ...event,
        data: Object.fromEntries(
          Object.entries(event.data).map(([key, value]) => [
            key,
            isDeadline(value) ? provisional(value) : value,
          ]),
        ),
      }) as FindingEvent,
  );
/** The revision the imported calendar gives a recorded deadline, decided at hour `at`. */
const revised = (old: GridDeadline, at = 20, policy = imported): FindingEvent => ({
  type: 'FindingDeadlineRevised',
  data: { stage: old.stage, old, new: policy.revise(old), reason: 'official-calendar', at: iso(at) },
});

const inRework = [...history.handled, ev.checked(false), ev.reworkStarted(3, 1)];

describe('ReviseProvisionalDeadlines (findings)', () => {
  it('revises the verification deadline of a reported finding: the old and the new deadline, in full', () => {
    const old = provisional(due('verify', 0));
    spec
      .given(provisionally(history.reported))
      .when(revise(), on(IMPORTED))
      .then([
        {
          type: 'FindingDeadlineRevised',
          data: {
            stage: 'verify',
            old,
            new: {
              stage: 'verify',
              startedAt: iso(0),
              dueAt: iso(1 + 24),
              warnAt: new Date(h(0).getTime() + Math.round(((25 * 2) / 3) * 3_600_000)).toISOString(),
              limit: '1h',
              calendarVersion: 'fake-2',
              provisional: false,
            },
            reason: 'official-calendar',
            at: iso(20),
          },
        },
      ]);
  });

  it.each([
    ['awaiting-filing', 'file', 0],
    ['filed', 'dispatch', 0.5],
    ['dispatched', 'handle', 1],
    ['handled', 'check', 2],
  ] as const)(
    'revises the open stage of a %s finding (%s), not the completed ones',
    (status, stage, start) => {
      spec
        .given(provisionally(history[status]))
        .when(revise(), on(IMPORTED))
        .then([revised(provisional(due(stage, start)))]);
    },
  );

  it('revises the dispatch clock a return started', () => {
    spec
      .given(provisionally([...history.dispatched, ev.returned(1.5)]))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('dispatch', 1.5)))]);
  });

  it('revises the rework deadline in rework, not the handle deadline before it', () => {
    spec
      .given(provisionally(inRework))
      .when(revise(), on(IMPORTED))
      .then([revised(provisional(due('rework', 3)))]);
  });

  it('revises an extended deadline from its own start (the old due time) and keeps the stage', () => {
    const extension = provisional(due('handle', 3, 2));
    const extended = [
      ...provisionally(history.dispatched),
      {
        type: 'FindingExtensionRequested',
        data: { unitId: UNIT, workingDays: 2, reason: '需协调商户', at: iso(1.5) },
      },
      { type: 'FindingExtensionApproved', data: { at: iso(2), deadline: extension } },
    ] satisfies FindingEvent[];
    const [revision] = spec
      .given(extended)
      .when(revise(), on(IMPORTED))
      .then([revised(extension)]);
    expect(revision).toMatchObject({
      data: { new: { startedAt: iso(3), limit: '2wd', dueAt: iso(3 + 48 + 24) } },
    });
    const state = stateOf([...extended, revision as FindingEvent]);
    expect(state.handling).toEqual({
      stage: 'handle',
      startedAt: iso(1),
      deadline: imported.revise(extension),
    });
    expect(openFindingStages(state)).toEqual([
      expect.objectContaining({ stage: 'handle', startedAt: iso(1), dueAt: iso(75) }),
    ]);
  });

  it.each(['closed', 'parked', 'invalid', 'cancelled'] as const)(
    'changes nothing on a %s finding (a sweep asks every finding)',
    (status) => {
      spec.given(provisionally(history[status])).when(revise(), on(IMPORTED)).thenNothingHappened();
    },
  );

  it('leaves deadlines that were official alone', () => {
    spec.given(history.dispatched).when(revise(), on(IMPORTED)).thenNothingHappened();
  });

  it('leaves a deadline already computed on the named calendar alone', () => {
    spec.given(provisionally(history.dispatched)).when(revise('fake-1'), on(IMPORTED)).thenNothingHappened();
  });

  it('changes nothing when the new calendar neither moves a deadline nor makes it official', () => {
    spec
      .given(provisionally(history.dispatched))
      .when(revise(), on({ version: 'fake-2', provisional: true }))
      .thenNothingHappened();
  });

  it('records a deadline that only stops being provisional (same due time, new calendar version)', () => {
    const old = provisional(due('handle', 1));
    spec
      .given(provisionally(history.dispatched))
      .when(revise(), on({ version: 'fake-2' }))
      .then([
        {
          type: 'FindingDeadlineRevised',
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

  it('changes nothing the second time: the revised deadline is official', () => {
    spec
      .given([...provisionally(history.dispatched), revised(provisional(due('handle', 1)))])
      .when(revise(), on(IMPORTED, 21))
      .thenNothingHappened();
  });
});

describe('later decisions use the revised deadline', () => {
  const handle = provisional(due('handle', 1));
  const dispatched = provisionally(history.dispatched);

  it('feedback after the old but before the revised due time is on time', () => {
    // Old due: hour 3; revised: hour 27.
    const feedback: FindingCommand = {
      type: 'MarkHandled',
      data: { note: '已劝离摊贩', photos: ['photo-after-1'] },
    };
    spec
      .given(dispatched)
      .when(feedback, contextAt(10))
      .thenEvents(([handled]) => expect(handled).toMatchObject({ data: { dueAt: iso(3), onTime: false } }));
    spec
      .given([...dispatched, revised(handle)])
      .when(feedback, contextAt(10))
      .thenEvents(([handled]) => expect(handled).toMatchObject({ data: { dueAt: iso(27), onTime: true } }));
  });

  it('the alerts follow the revised due time; the stage keeps its key', () => {
    const given = [...dispatched, revised(handle)];
    spec
      .given(given)
      .when({ type: 'MarkOverdue', data: { stage: 'handle', startedAt: iso(1) } }, contextAt(3))
      .thenNothingHappened();
    spec
      .given(given)
      .when({ type: 'MarkOverdue', data: { stage: 'handle', startedAt: iso(1) } }, contextAt(27))
      .thenEvents(([late]) =>
        expect(late).toMatchObject({ type: 'FindingOverdue', data: { startedAt: iso(1), dueAt: iso(27) } }),
      );
  });

  it('replays to the revised deadline, in the deadlines and the open stage', () => {
    const old = provisional(due('verify', 0));
    const state = stateOf([...provisionally([ev.reported(publicReport)]), revised(old)]);
    expect(state.deadlines.verify).toEqual(imported.revise(old));
    expect(openFindingStages(state)).toEqual([
      expect.objectContaining({ stage: 'verify', startedAt: iso(0), dueAt: iso(25) }),
    ]);
  });
});
