import { deciderSpec } from '#core/testing';
import type { GridStage } from './deadline-policy.js';
import type { FindingCommand } from './finding.commands.js';
import { findingDecider, type GridContext } from './finding.decider.js';
import type { Finding, FindingEvent } from './finding.events.js';
import { openFindingStages } from './finding.stages.js';
import { fakeGridDeadlinePolicy } from './testing/fake-deadline-policy.js';
import {
  contextAt,
  due,
  ev,
  h,
  history,
  iso,
  patrolReport,
  publicReport,
  UNIT,
} from './testing/finding-fixtures.js';

/*
 * The step clocks of a finding (the clocks issue): `verify` from a public, video or hotline report to its
 * verification, `dispatch` from filing (and from each 回退) to the dispatch. Fake hours from T0: a public report at 0
 * is due for verification at 1 (warning 40 minutes in); a patrol report filed at 0.5 is due for dispatch at 1.5;
 * 督办 48 fake hours (2 working days) after a due time.
 */
const spec = deciderSpec(findingDecider, () => contextAt(1.5));
const stateOf = (events: readonly FindingEvent[]) =>
  events.reduce(findingDecider.evolve, findingDecider.initialState()) as Finding;
const alert = (
  type: 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue',
  stage: GridStage,
  startedAt: string,
): FindingCommand => ({ type, data: { stage, startedAt } });
const at = (instant: string): GridContext => ({ now: new Date(instant), deadlines: contextAt(0).deadlines });
const plus48 = (instant: string): string => new Date(Date.parse(instant) + 48 * 3_600_000).toISOString();

/** The warning, overdue and 督办 events of a stage of the center's (no unit). */
const warning = (stage: GridStage, start: number): FindingEvent => ({
  type: 'FindingDeadlineWarning',
  data: {
    stage,
    startedAt: iso(start),
    dueAt: due(stage, start).dueAt,
    warnAt: due(stage, start).warnAt,
    at: due(stage, start).warnAt,
  },
});
const overdue = (stage: GridStage, start: number): FindingEvent => ({
  type: 'FindingOverdue',
  data: {
    stage,
    startedAt: iso(start),
    dueAt: due(stage, start).dueAt,
    superviseAt: plus48(due(stage, start).dueAt),
    at: due(stage, start).dueAt,
  },
});
const escalated = (stage: GridStage, start: number): FindingEvent => ({
  type: 'FindingEscalated',
  data: { reason: 'overdue', stage, startedAt: iso(start), at: plus48(due(stage, start).dueAt) },
});

/** Warning, overdue and 督办 of an open stage of the center's, each once, each at its point. */
function walksTheLadder(given: readonly FindingEvent[], stage: GridStage, start: number): void {
  const deadline = due(stage, start);
  const justBefore = (instant: string) => at(new Date(Date.parse(instant) - 1).toISOString());
  spec
    .given(given)
    .when(alert('RaiseDeadlineWarning', stage, iso(start)), justBefore(deadline.warnAt))
    .thenNothingHappened();
  const warned = spec
    .given(given)
    .when(alert('RaiseDeadlineWarning', stage, iso(start)), at(deadline.warnAt))
    .then([warning(stage, start)]);
  spec
    .given([...given, ...warned])
    .when(alert('RaiseDeadlineWarning', stage, iso(start)), at(deadline.warnAt))
    .thenNothingHappened();
  spec
    .given(given)
    .when(alert('MarkOverdue', stage, iso(start)), justBefore(deadline.dueAt))
    .thenNothingHappened();
  const late = spec
    .given([...given, ...warned])
    .when(alert('MarkOverdue', stage, iso(start)), at(deadline.dueAt))
    .then([overdue(stage, start)]);
  const lateGiven = [...given, ...warned, ...late];
  spec
    .given(lateGiven)
    .when(alert('MarkOverdue', stage, iso(start)), at(deadline.dueAt))
    .thenNothingHappened();
  const superviseAt = plus48(deadline.dueAt);
  spec
    .given(lateGiven)
    .when(alert('EscalateOverdue', stage, iso(start)), justBefore(superviseAt))
    .thenNothingHappened();
  const up = spec
    .given(lateGiven)
    .when(alert('EscalateOverdue', stage, iso(start)), at(superviseAt))
    .then([escalated(stage, start)]);
  expect(openFindingStages(stateOf([...lateGiven, ...up]))).toEqual([
    expect.objectContaining({ stage, warned: true, overdue: true, superviseAt, supervised: true }),
  ]);
  spec
    .given([...lateGiven, ...up])
    .when(alert('EscalateOverdue', stage, iso(start)), at(superviseAt))
    .thenNothingHappened();
}

describe('the verification clock (verify)', () => {
  it('opens when a public, video or hotline report is recorded, on the SLA limit, with no unit', () => {
    for (const source of ['public', 'video', 'hotline'] as const) {
      const report = { ...publicReport, source };
      spec
        .given([])
        .when({ type: 'ReportFinding', data: report }, contextAt(0))
        .then([ev.reported(report)]);
    }
    expect(ev.reported(publicReport)).toMatchObject({ data: { verify: { limit: '1h', dueAt: iso(1) } } });
    expect(openFindingStages(stateOf(history.reported))).toEqual([
      {
        stage: 'verify',
        startedAt: iso(0),
        dueAt: iso(1),
        warnAt: due('verify', 0).warnAt,
        warned: false,
        overdue: false,
        supervised: false,
      },
    ]);
  });

  it('is not started for a patrol report (filing is due at once) nor for a self-handled one', () => {
    expect(ev.reported(patrolReport).data).not.toHaveProperty('verify');
    const self = { ...patrolReport, selfHandled: true, afterPhotos: ['after'] };
    spec
      .given([])
      .when({ type: 'ReportFinding', data: self }, contextAt(0))
      .thenEvents((events) => expect(events[0]?.data).not.toHaveProperty('verify'));
  });

  it('warns, goes overdue and escalates to 督办 like every stage, each once', () => {
    walksTheLadder(history.reported, 'verify', 0);
  });

  it('ends at the verification (valid: the filing clock starts; invalid: nothing runs) or a cancellation', () => {
    const verified = [...history.reported, ev.verified(1.5)];
    expect(openFindingStages(stateOf(verified)).map((o) => [o.stage, o.startedAt])).toEqual([
      ['file', iso(1.5)],
    ]);
    expect(openFindingStages(stateOf(history.invalid))).toEqual([]);
    const cancelled: FindingEvent[] = [
      ...history.reported,
      { type: 'FindingCancelled', data: { reason: '重复上报', from: 'reported', at: iso(0.5) } },
    ];
    expect(openFindingStages(stateOf(cancelled))).toEqual([]);
    for (const given of [verified, history.invalid, cancelled]) {
      spec
        .given(given)
        .when(alert('MarkOverdue', 'verify', iso(0)), contextAt(5))
        .thenNothingHappened();
    }
  });

  it('records at its end whether the verification was on time (按时核实), valid or not', () => {
    spec
      .given(history.reported)
      .when({ type: 'VerifyFinding', data: { valid: true } }, contextAt(1.5))
      .thenEvents(([verified]) => expect(verified).toMatchObject({ data: { dueAt: iso(1), onTime: false } }));
    spec
      .given(history.reported)
      .when({ type: 'VerifyFinding', data: { valid: false, reason: '现场未发现' } }, contextAt(1))
      .thenEvents(([verified]) => expect(verified).toMatchObject({ data: { dueAt: iso(1), onTime: true } }));
  });

  it('is absent from a report recorded before the clock existed (replays unchanged)', () => {
    const { verify: _none, ...older } = ev.reported(publicReport).data as Record<string, unknown>;
    const legacy = [{ type: 'FindingReported', data: older } as FindingEvent];
    expect(stateOf(legacy)).toMatchObject({ status: 'reported', deadlines: {} });
    expect(openFindingStages(stateOf(legacy))).toEqual([]);
    spec
      .given(legacy)
      .when(alert('MarkOverdue', 'verify', iso(0)), contextAt(5))
      .thenNothingHappened();
  });
});

describe('the dispatch clock (dispatch)', () => {
  it('opens at the filing, on the SLA limit, the center’s (no unit)', () => {
    spec
      .given(history['awaiting-filing'])
      .when({ type: 'FileFinding', data: {} }, contextAt(0.5))
      .then([ev.filed(0.5)]);
    expect(ev.filed(0.5)).toMatchObject({ data: { dispatch: { limit: '1h', dueAt: iso(1.5) } } });
    expect(openFindingStages(stateOf(history.filed))).toEqual([
      {
        stage: 'dispatch',
        startedAt: iso(0.5),
        dueAt: iso(1.5),
        warnAt: due('dispatch', 0.5).warnAt,
        warned: false,
        overdue: false,
        supervised: false,
      },
    ]);
  });

  it('warns, goes overdue and escalates to 督办 like every stage, each once', () => {
    walksTheLadder(history.filed, 'dispatch', 0.5);
  });

  it('ends at the dispatch (the handling clock starts) or when the finding is parked', () => {
    expect(openFindingStages(stateOf(history.dispatched)).map((o) => o.stage)).toEqual(['handle']);
    expect(openFindingStages(stateOf(history.parked))).toEqual([]);
    for (const given of [history.dispatched, history.parked]) {
      spec
        .given(given)
        .when(alert('MarkOverdue', 'dispatch', iso(0.5)), contextAt(5))
        .thenNothingHappened();
    }
    // Dispatching a parked finding starts no dispatch clock after the fact: parking ended it.
    spec
      .given(history.parked)
      .when({ type: 'DispatchFinding', data: { unitId: UNIT } }, contextAt(3))
      .then([
        {
          type: 'FindingDispatched',
          data: { unitId: UNIT, note: undefined, at: iso(3), handle: due('handle', 3) },
        },
      ]);
  });

  it('records at the dispatch whether it was on time, against the clock that ran', () => {
    spec
      .given(history.filed)
      .when({ type: 'DispatchFinding', data: { unitId: UNIT } }, contextAt(2))
      .then([ev.dispatched(2)]);
    expect(ev.dispatched(2).data).toMatchObject({ dueAt: iso(1.5), onTime: false });
    expect(ev.dispatched(1.5).data).toMatchObject({ onTime: true });
  });

  it('starts anew when a unit returns the finding (回退): a new stage, alerted on its own', () => {
    spec
      .given(history.dispatched)
      .when({ type: 'ReturnFinding', data: { reason: '非本单位职责' } }, contextAt(1.5))
      .then([ev.returned(1.5)]);
    const returned = [...history.dispatched, ev.returned(1.5)];
    expect(openFindingStages(stateOf(returned)).map((o) => [o.stage, o.startedAt, o.dueAt])).toEqual([
      ['dispatch', iso(1.5), iso(2.5)],
    ]);
    // The filing's stage ended at the first dispatch: its timers record nothing.
    spec
      .given(returned)
      .when(alert('MarkOverdue', 'dispatch', iso(0.5)), contextAt(2))
      .thenNothingHappened();
    walksTheLadder(returned, 'dispatch', 1.5);
  });

  it('is absent from filings and returns recorded before the clock existed (replays unchanged)', () => {
    const strip = (event: FindingEvent): FindingEvent => {
      const { dispatch: _none, ...older } = event.data as Record<string, unknown>;
      return { type: event.type, data: older } as FindingEvent;
    };
    const legacyFiled = [ev.reported(), strip(ev.filed())];
    expect(openFindingStages(stateOf(legacyFiled))).toEqual([]);
    // A return recorded before the clock does not bring back the filing's dispatch deadline.
    const mixed = [ev.reported(), ev.filed(), ev.dispatched(), strip(ev.returned(1.5))];
    expect(stateOf(mixed).deadlines).not.toHaveProperty('dispatch');
    expect(openFindingStages(stateOf(mixed))).toEqual([]);
  });
});

describe('the extension allowance (grid.maxExtension)', () => {
  const request = (workingDays: number): FindingCommand => ({
    type: 'RequestExtension',
    data: { workingDays, reason: '需协调商户' },
  });
  const requested = (workingDays: number, hour: number): FindingEvent => ({
    type: 'FindingExtensionRequested',
    data: { unitId: UNIT, workingDays, reason: '需协调商户', at: iso(hour) },
  });
  const approved = (deadline = due('handle', 3, 8), hour = 2): FindingEvent => ({
    type: 'FindingExtensionApproved',
    data: { at: iso(hour), deadline },
  });
  /** Dispatched at 1 (handle due 3), 8 working days approved at 2 (due 3 + 8 × 24). */
  const extended8 = [...history.dispatched, requested(8, 1.5), approved()];
  const withAllowance = (workingDays: number, hour = 1.5): GridContext => ({
    now: h(hour),
    deadlines: fakeGridDeadlinePolicy({ version: 'fake-1', maxExtensionWorkingDays: workingDays }),
  });

  it('counts the working days approved extensions added', () => {
    expect(stateOf(history.dispatched).extendedWorkingDays).toBe(0);
    expect(stateOf(extended8).extendedWorkingDays).toBe(8);
    const rejected: FindingEvent = { type: 'FindingExtensionRejected', data: { at: iso(2) } };
    expect(stateOf([...history.dispatched, requested(8, 1.5), rejected]).extendedWorkingDays).toBe(0);
  });

  it('refuses a request that would take the chain past the allowance (422), with what remains', () => {
    const error = spec
      .given(extended8)
      .when(request(3), contextAt(10))
      .thenThrows('FINDING.EXTENSION_LIMIT', {
        requestedWorkingDays: 3,
        maxWorkingDays: 10,
        maxExtension: '10wd',
        usedWorkingDays: 8,
        remainingWorkingDays: 2,
      });
    expect(error.kind).toBe('rule');
    spec
      .given(extended8)
      .when(request(2), contextAt(10))
      .then([requested(2, 10)]);
  });

  it('takes the allowance from the policy (the SLA rules), before the per-request maximum', () => {
    spec
      .given(history.dispatched)
      .when(request(4), withAllowance(3))
      .thenThrows('FINDING.EXTENSION_LIMIT', { remainingWorkingDays: 3, maxExtension: '3wd' });
    spec
      .given(history.dispatched)
      .when(request(3), withAllowance(3))
      .then([requested(3, 1.5)]);
  });

  it('counts the whole finding: an extension of the first handling counts in its rework', () => {
    const inRework = [...extended8, ev.handled(4, 1), ev.checked(false, 5, 4), ev.reworkStarted(5, 1)];
    spec
      .given(inRework)
      .when(request(3), contextAt(5.5))
      .thenThrows('FINDING.EXTENSION_LIMIT', { usedWorkingDays: 8, remainingWorkingDays: 2 });
  });
});
