import type { ActorScope } from '#core';
import {
  due,
  ev,
  GRID,
  h,
  history,
  iso,
  patrolReport,
  publicReport,
  UNIT,
} from './testing/finding-fixtures.js';
import type { FindingEvent } from './finding.events.js';
import { findingView } from './finding.view.js';

const handler: ActorScope = { role: 'handler', unitId: UNIT, gridIds: [] };
const otherHandler: ActorScope = { role: 'handler', unitId: 'unit-other', gridIds: [] };
const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const inspector: ActorScope = { role: 'inspector', gridIds: [GRID] };
const otherInspector: ActorScope = { role: 'inspector', gridIds: ['grid-99'] };

const view = (events: readonly FindingEvent[], actor: ActorScope | undefined, hour: number) => {
  const shown = findingView(events, { actor, now: h(hour) });
  if (!shown) throw new Error('no finding');
  return shown;
};
const names = (events: readonly FindingEvent[], actor: ActorScope | undefined, hour = 0.2) =>
  view(events, actor, hour).actions.map((action) => action.name);

describe('the finding view', () => {
  it('answers nothing for a stream without a finding', () => {
    expect(findingView([], { now: h(0) })).toBeUndefined();
  });

  it('offers each role, in its scope, what the decider allows in the status', () => {
    expect(names(history['awaiting-filing'], dispatcher)).toEqual(['file', 'cancel']);
    expect(names(history.reported, inspector)).toEqual(['verify']);
    expect(names(history.reported, otherInspector)).toEqual([]);
    expect(names(history.filed, dispatcher)).toEqual(['dispatch', 'park']);
    expect(names(history.dispatched, handler, 1.5)).toEqual(['return', 'extension-requests', 'handled']);
    expect(names(history.dispatched, otherHandler, 1.5)).toEqual([]);
    expect(names(history.dispatched, dispatcher, 1.5)).toEqual(['park']);
    expect(names(history.handled, inspector, 2.5)).toEqual(['check']);
    expect(view(history.handled, inspector, 2.5).actions[0]).toEqual({
      name: 'check',
      method: 'POST',
      href: `/findings/${patrolReport.findingId}/check`,
    });
    expect(names(history.closed, dispatcher, 4)).toEqual([]);
  });

  it('offers no extension request once the handling stage is due', () => {
    // handle: 2 hours from the dispatch at hour 1.
    expect(names(history.dispatched, handler, 3.5)).toEqual(['return', 'handled']);
  });

  it('follows the stages: filing, dispatch, handling, check, each done on time or late', () => {
    expect(view(history.closed, dispatcher, 10).stages).toEqual([
      {
        stage: 'file',
        startedAt: iso(0),
        dueAt: due('file', 0).dueAt,
        warnAt: due('file', 0).warnAt,
        endedAt: iso(0.5),
        state: 'done-on-time',
        provisional: false,
      },
      {
        stage: 'dispatch',
        startedAt: iso(0.5),
        dueAt: due('dispatch', 0.5).dueAt,
        warnAt: due('dispatch', 0.5).warnAt,
        endedAt: iso(1),
        state: 'done-on-time',
        provisional: false,
      },
      expect.objectContaining({ stage: 'handle', startedAt: iso(1), endedAt: iso(2), state: 'done-on-time' }),
      expect.objectContaining({ stage: 'check', startedAt: iso(2), endedAt: iso(3), state: 'done-on-time' }),
    ]);
    const late = [...history.filed, ev.dispatched(2), ev.handled(5, 2)];
    expect(view(late, dispatcher, 6).stages.map(({ stage, state }) => `${stage}:${state}`)).toEqual([
      'file:done-on-time',
      'dispatch:done-late',
      'handle:done-late',
      'check:open',
    ]);
  });

  it('reads a running stage as open, warning, then overdue, and starts a new stage for a rework', () => {
    const states = (hour: number) => view(history.dispatched, handler, hour).stages.at(-1)?.state;
    expect([states(1.5), states(2.5), states(3.5)]).toEqual(['open', 'warning', 'overdue']);
    const reworked = [...history.handled, ev.checked(false), ev.reworkStarted(3)];
    expect(view(reworked, handler, 3.5).stages.map(({ stage, state }) => `${stage}:${state}`)).toEqual([
      'file:done-on-time',
      'dispatch:done-on-time',
      'handle:done-on-time',
      'check:done-on-time',
      'rework:open',
    ]);
  });

  it('shows the verification stage of a public report, and the dispatch stage a return starts', () => {
    const verifying = view([ev.reported(publicReport)], dispatcher, 0.8).stages;
    expect(verifying).toEqual([
      expect.objectContaining({ stage: 'verify', startedAt: iso(0), endedAt: null, state: 'warning' }),
    ]);
    const returned = view([...history.dispatched, ev.returned(1.5)], dispatcher, 1.6).stages;
    expect(returned.map(({ stage, startedAt, state }) => `${stage}@${startedAt}:${state}`)).toEqual([
      `file@${iso(0)}:done-on-time`,
      `dispatch@${iso(0.5)}:done-on-time`,
      `handle@${iso(1)}:done-on-time`,
      `dispatch@${iso(1.5)}:open`,
    ]);
  });

  it('keeps the handling stage through an extension, with the new due time', () => {
    const extended: FindingEvent[] = [
      ...history.dispatched,
      {
        type: 'FindingExtensionRequested',
        data: { unitId: UNIT, workingDays: 2, reason: '需协调', at: iso(1.5) },
      },
      {
        type: 'FindingExtensionApproved',
        data: { note: undefined, at: iso(2), deadline: due('handle', 3, 2) },
      },
    ];
    const stages = view(extended, handler, 4).stages.filter((stage) => stage.stage === 'handle');
    expect(stages).toEqual([
      expect.objectContaining({ startedAt: iso(1), dueAt: due('handle', 3, 2).dueAt, state: 'open' }),
    ]);
  });

  it('carries the fields clients read, and none of the decider’s bookkeeping', () => {
    const shown = view(history.closed, dispatcher, 4);
    expect(shown).toMatchObject({
      id: patrolReport.findingId,
      status: 'closed',
      gridId: GRID,
      unitId: UNIT,
      selfHandled: false,
      counts: { returns: 0, reworks: 0, extensions: 0 },
      feedback: { note: '已劝离摊贩' },
      closedAt: iso(3),
    });
    expect(shown.deadlines.handle).toEqual(due('handle', 1));
    expect(shown).not.toHaveProperty('alerts');
    expect(shown).not.toHaveProperty('handling');
    expect(shown).not.toHaveProperty('escalated');
  });
});
