import { deciderSpec } from '#core/testing';
import {
  contextAt,
  due,
  ev,
  GRID,
  history,
  iso,
  policy,
  publicReport,
  UNIT,
} from './testing/finding-fixtures.js';
import type { GridStage } from './deadline-policy.js';
import type { FindingCommand } from './finding.commands.js';
import { findingDecider, type FindingRules, type GridContext } from './finding.decider.js';
import { type Finding, type FindingEvent, FINDING_STATUSES } from './finding.events.js';
import { openFindingStages } from './finding.stages.js';

/*
 * Fake deadlines (hours from T0), category 04-06 (2h): patrol report at 0 → file due 1 (warn at 2/3 of it);
 * dispatched at 1 → handle due 3 (warn at 1 + 4/3); handled at 2 → check due 26 (warn 18); a rework at 3 → due 5.
 * 督办 2 working days (48 fake hours) after the due time.
 */
const spec = deciderSpec(findingDecider, () => contextAt(1.5));
const stateOf = (events: readonly FindingEvent[]) =>
  events.reduce(findingDecider.evolve, findingDecider.initialState()) as Finding;
const atInstant = (instant: string, rules?: FindingRules): GridContext => ({
  now: new Date(instant),
  deadlines: policy,
  rules,
});
const atHour = (hours: number, rules?: FindingRules): GridContext => ({ ...contextAt(hours), rules });
const handle = due('handle', 1);
const cmd = (
  type: 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue',
  stage: GridStage = 'handle',
  startedAt = iso(1),
): FindingCommand => ({ type, data: { stage, startedAt } });
const overdue = (
  stage: GridStage,
  startedAt: string,
  dueAt: string,
  hour: number,
  unit = true,
): FindingEvent => ({
  type: 'FindingOverdue',
  data: {
    stage,
    startedAt,
    dueAt,
    ...(unit ? { unitId: UNIT } : {}),
    superviseAt: new Date(Date.parse(dueAt) + 48 * 3_600_000).toISOString(),
    at: iso(hour),
  },
});
const checkFails = (): FindingCommand => ({
  type: 'CheckFinding',
  data: { passed: false, note: '摊贩仍在', photos: ['photo-check-1'], inspectorGridIds: [GRID] },
});
const requested: FindingEvent = {
  type: 'FindingExtensionRequested',
  data: { unitId: UNIT, workingDays: 2, reason: '需协调商户', at: iso(1.5) },
};
/** Two failed checks: the finding is in its second rework, handled again at 6. */
const reworkedTwice: FindingEvent[] = [
  ...history.handled,
  ev.checked(false, 3, 2),
  ev.reworkStarted(3, 1),
  ev.handled(4, 3, 'rework'),
  ev.checked(false, 5, 4),
  ev.reworkStarted(5, 2),
  ev.handled(6, 5, 'rework'),
];

describe('deadline alerts of a finding', () => {
  it('lists the open stages: verification, filing, dispatch, the unit’s handling or rework, the check', () => {
    expect(openFindingStages(stateOf(history['awaiting-filing']))).toEqual([
      {
        stage: 'file',
        startedAt: iso(0),
        dueAt: due('file', 0).dueAt,
        warnAt: due('file', 0).warnAt,
        warned: false,
        overdue: false,
        supervised: false,
      },
    ]);
    // A public report runs its verification clock, and gets its filing clock at verification.
    expect(openFindingStages(stateOf(history.reported)).map((o) => [o.stage, o.startedAt, o.unitId])).toEqual(
      [['verify', iso(0), undefined]],
    );
    expect(
      openFindingStages(stateOf([ev.reported(publicReport), ev.verified(0.5)])).map((o) => o.startedAt),
    ).toEqual([iso(0.5)]);
    expect(openFindingStages(stateOf(history.dispatched))).toEqual([
      expect.objectContaining({ stage: 'handle', startedAt: iso(1), dueAt: handle.dueAt, unitId: UNIT }),
    ]);
    const check = openFindingStages(stateOf(history.handled));
    expect(check).toEqual([expect.objectContaining({ stage: 'check', startedAt: iso(2) })]);
    expect(check[0]).not.toHaveProperty('unitId');
    expect(
      openFindingStages(stateOf([...history.handled, ev.checked(false), ev.reworkStarted(3, 1)])).map((o) => [
        o.stage,
        o.startedAt,
        o.dueAt,
        o.unitId,
      ]),
    ).toEqual([['rework', iso(3), due('rework', 3).dueAt, UNIT]]);
    expect(openFindingStages(stateOf(history.filed)).map((o) => [o.stage, o.startedAt, o.unitId])).toEqual([
      ['dispatch', iso(0.5), undefined],
    ]);
    for (const status of ['closed', 'parked', 'invalid', 'cancelled'] as const) {
      expect(openFindingStages(stateOf(history[status]))).toEqual([]);
    }
    // A return starts a new dispatch stage (the center's).
    expect(
      openFindingStages(stateOf([...history.dispatched, ev.returned(1.5)])).map((o) => [
        o.stage,
        o.startedAt,
      ]),
    ).toEqual([['dispatch', iso(1.5)]]);
  });

  it('raises a warning once the warning point has passed, once', () => {
    const justBefore = new Date(Date.parse(handle.warnAt) - 1).toISOString();
    spec
      .given(history.dispatched)
      .when(cmd('RaiseDeadlineWarning'), atInstant(justBefore))
      .thenNothingHappened();
    const raised = spec
      .given(history.dispatched)
      .when(cmd('RaiseDeadlineWarning'), atInstant(handle.warnAt))
      .then([
        {
          type: 'FindingDeadlineWarning',
          data: {
            stage: 'handle',
            startedAt: iso(1),
            dueAt: handle.dueAt,
            warnAt: handle.warnAt,
            unitId: UNIT,
            at: handle.warnAt,
          },
        },
      ]);
    spec
      .given([...history.dispatched, ...raised])
      .when(cmd('RaiseDeadlineWarning'), atHour(2.9))
      .thenNothingHappened();
    expect(openFindingStages(stateOf([...history.dispatched, ...raised]))[0]).toMatchObject({ warned: true });
  });

  it('marks a stage overdue at its due time with its 督办 point, once', () => {
    spec.given(history.dispatched).when(cmd('MarkOverdue'), atHour(2.99)).thenNothingHappened();
    const events = spec
      .given(history.dispatched)
      .when(cmd('MarkOverdue'), atHour(3))
      .then([overdue('handle', iso(1), handle.dueAt, 3)]);
    expect(events[0]?.data).toMatchObject({ superviseAt: iso(51) });
    spec
      .given([...history.dispatched, ...events])
      .when(cmd('MarkOverdue'), atHour(4))
      .thenNothingHappened();
    // No warning after the due time: the overdue alert says more.
    spec
      .given([...history.dispatched, ...events])
      .when(cmd('RaiseDeadlineWarning'), atHour(4))
      .thenNothingHappened();
  });

  it('marks the center’s own stages (filing, check) overdue without a unit', () => {
    spec
      .given(history['awaiting-filing'])
      .when(cmd('MarkOverdue', 'file', iso(0)), atHour(1))
      .then([overdue('file', iso(0), due('file', 0).dueAt, 1, false)]);
    spec
      .given(history.handled)
      .when(cmd('MarkOverdue', 'check', iso(2)), atHour(26))
      .then([overdue('check', iso(2), due('check', 2).dueAt, 26, false)]);
  });

  it('takes the 督办 point from the rules', () => {
    spec
      .given(history.dispatched)
      .when(cmd('MarkOverdue'), atHour(3, { superviseAfterOverdueWorkingDays: 1 }))
      .thenEvents((events) =>
        expect(events).toEqual([
          expect.objectContaining({
            type: 'FindingOverdue',
            data: expect.objectContaining({ superviseAt: iso(27) }),
          }),
        ]),
      );
  });

  it('records nothing for a stage completed in time, another stage or instance, or a finished finding', () => {
    spec.given(history.handled).when(cmd('MarkOverdue'), atHour(10)).thenNothingHappened();
    spec.given(history.handled).when(cmd('RaiseDeadlineWarning'), atHour(10)).thenNothingHappened();
    spec
      .given(history.dispatched)
      .when(cmd('MarkOverdue', 'handle', iso(0.5)), atHour(10))
      .thenNothingHappened();
    spec
      .given(history.dispatched)
      .when(cmd('MarkOverdue', 'check', iso(1)), atHour(10))
      .thenNothingHappened();
    spec
      .given(history.filed)
      .when(cmd('MarkOverdue', 'file', iso(0)), atHour(10))
      .thenNothingHappened();
    for (const status of FINDING_STATUSES) {
      for (const type of ['RaiseDeadlineWarning', 'MarkOverdue', 'EscalateOverdue'] as const) {
        spec
          .given(history[status])
          .when(cmd(type, 'handle', iso(9)), atHour(500))
          .thenNothingHappened();
      }
    }
  });

  it('follows an approved extension: the old due time passes without an alert, the new one raises it', () => {
    const deadline = {
      ...policy.deadline('handle', { limit: '2h' }, new Date(handle.dueAt), { workingDays: 2 }),
    };
    const extended: FindingEvent[] = [
      ...history.dispatched,
      requested,
      { type: 'FindingExtensionApproved', data: { at: iso(2), deadline } },
    ];
    expect(deadline.dueAt).toBe(iso(51));
    // Still the stage that started at dispatch.
    expect(openFindingStages(stateOf(extended))).toEqual([
      expect.objectContaining({ stage: 'handle', startedAt: iso(1), dueAt: iso(51) }),
    ]);
    spec.given(extended).when(cmd('MarkOverdue'), atHour(3)).thenNothingHappened();
    spec.given(extended).when(cmd('RaiseDeadlineWarning'), atHour(3)).thenNothingHappened();
    spec
      .given(extended)
      .when(cmd('MarkOverdue'), atHour(51))
      .then([overdue('handle', iso(1), iso(51), 51)]);
    // A timer armed from the extension's deadline names the stage by that deadline's start (the old due time):
    // the alert is the same one, keyed by the stage, and a second firing by the stage's own key records nothing.
    const viaAlias = spec
      .given(extended)
      .when(cmd('MarkOverdue', 'handle', deadline.startedAt), atHour(51))
      .then([overdue('handle', iso(1), iso(51), 51)]);
    spec
      .given([...extended, ...viaAlias])
      .when(cmd('MarkOverdue'), atHour(52))
      .thenNothingHappened();
  });

  it('escalates an overdue stage still open at its 督办 point to the supervisors, once', () => {
    const late = [...history.dispatched, overdue('handle', iso(1), handle.dueAt, 3)];
    spec.given(late).when(cmd('EscalateOverdue'), atHour(50.9)).thenNothingHappened();
    const escalated = spec
      .given(late)
      .when(cmd('EscalateOverdue'), atHour(51))
      .then([
        {
          type: 'FindingEscalated',
          data: { reason: 'overdue', stage: 'handle', startedAt: iso(1), unitId: UNIT, at: iso(51) },
        },
      ]);
    expect(openFindingStages(stateOf([...late, ...escalated]))[0]).toMatchObject({ supervised: true });
    spec
      .given([...late, ...escalated])
      .when(cmd('EscalateOverdue'), atHour(52))
      .thenNothingHappened();
    // Not before it is marked overdue (the 督办 point is recorded with the overdue alert).
    spec.given(history.dispatched).when(cmd('EscalateOverdue'), atHour(100)).thenNothingHappened();
    // A stage handled meanwhile does not escalate.
    spec
      .given([...late, ev.handled(10)])
      .when(cmd('EscalateOverdue'), atHour(51))
      .thenNothingHappened();
  });

  it('escalates on its own at the third rework, once', () => {
    expect(stateOf(reworkedTwice)).toMatchObject({ status: 'handled', counts: { reworks: 2 } });
    spec
      .given(history.handled)
      .when(checkFails(), atHour(3))
      .thenEvents((events) =>
        expect(events.map((event) => event.type)).toEqual(['FindingChecked', 'FindingReworkStarted']),
      );
    const third = spec
      .given(reworkedTwice)
      .when(checkFails(), atHour(7))
      .thenEvents((events) => {
        expect(events.map((event) => event.type)).toEqual([
          'FindingChecked',
          'FindingReworkStarted',
          'FindingEscalated',
        ]);
        expect(events.at(-1)).toEqual({
          type: 'FindingEscalated',
          data: { reason: 'repeated', count: 3, unitId: UNIT, at: iso(7) },
        });
      });
    expect(stateOf([...reworkedTwice, ...third]).escalated).toEqual({ repeated: true });
    // The fourth rework does not escalate again.
    spec
      .given([...reworkedTwice, ...third, ev.handled(8, 7, 'rework')])
      .when(checkFails(), atHour(9))
      .thenEvents((events) => expect(events.at(-1)?.type).toBe('FindingReworkStarted'));
  });

  it('does not escalate on reworks with that rule switched off (0), and follows a lower threshold', () => {
    spec
      .given(reworkedTwice)
      .when(checkFails(), atHour(7, { escalateAfterReworks: 0 }))
      .thenEvents((events) => expect(events.at(-1)?.type).toBe('FindingReworkStarted'));
    spec
      .given(history.handled)
      .when(checkFails(), atHour(3, { escalateAfterReworks: 1 }))
      .thenEvents((events) =>
        expect(events.at(-1)).toMatchObject({
          type: 'FindingEscalated',
          data: { reason: 'repeated', count: 1 },
        }),
      );
  });
});
