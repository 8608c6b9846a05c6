import { findCategory, DEFAULT_CATEGORY_CATALOGUE, GB_T_30428_2_2013 } from '../category-catalogue.js';
import type { GridDeadline, GridStage } from '../deadline-policy.js';
import type { FindingReport } from '../finding.commands.js';
import type { GridContext } from '../finding.decider.js';
import type { FindingEvent, FindingStatus } from '../finding.events.js';
import { fakeGridDeadlinePolicy } from './fake-deadline-policy.js';

/**
 * Literal events of one finding at fixed times, for Given/When/Then tests. Time is counted in hours from T0
 * (Monday 2 March 2026, 09:00 in Shanghai); `h(5)` is T0 + 5 hours. The category is 事件 04-06 占道经营 (2h).
 * The fake policy's verify, file and dispatch clocks are 1 hour, the check 24.
 */
export const T0 = Date.parse('2026-03-02T01:00:00.000Z');
export const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
export const iso = (hours: number): string => h(hours).toISOString();

export const policy = fakeGridDeadlinePolicy();
export const GRID = 'grid-07';
export const UNIT = 'unit-chengguan';
export const category = findCategory(DEFAULT_CATEGORY_CATALOGUE, {
  standard: GB_T_30428_2_2013,
  code: '04-06',
});

/** The deadline the fake policy gives a stage that starts at hour `start`. */
export const due = (stage: GridStage, start: number, workingDays?: number): GridDeadline =>
  policy.deadline(
    stage,
    { limit: category.limit },
    h(start),
    workingDays === undefined ? undefined : { workingDays },
  );

/** The context of a decision at hour `hours` with the fake policy and the built-in catalogue. */
export const contextAt = (hours: number): GridContext => ({ now: h(hours), deadlines: policy });

export const patrolReport: FindingReport = {
  findingId: 'f-1',
  source: 'patrol',
  gridId: GRID,
  category: { standard: GB_T_30428_2_2013, code: '04-06' },
  description: '石门一路近威海路人行道有流动摊贩设摊',
  location: { lat: 31.2304, lng: 121.4581 },
  address: '石门一路 100 号',
  photos: ['photo-before-1'],
  foundAt: '2026-03-02T08:58:00+08:00',
};
export const publicReport: FindingReport = { ...patrolReport, source: 'public' };

export const ev = {
  reported: (report: FindingReport = patrolReport, at = 0): FindingEvent => ({
    type: 'FindingReported',
    data: {
      report,
      category,
      at: iso(at),
      ...(report.source === 'patrol' ? { file: due('file', at) } : { verify: due('verify', at) }),
    },
  }),
  verified: (at = 0.5): FindingEvent => ({
    type: 'FindingVerified',
    data: {
      valid: true,
      reason: undefined,
      note: undefined,
      at: iso(at),
      file: due('file', at),
      dueAt: due('verify', 0).dueAt,
      onTime: at <= 1,
    },
  }),
  filed: (at = 0.5, onTime = true): FindingEvent => ({
    type: 'FindingFiled',
    data: {
      note: undefined,
      at: iso(at),
      dueAt: due('file', 0).dueAt,
      onTime,
      dispatch: due('dispatch', at),
    },
  }),
  returned: (at = 1.5): FindingEvent => ({
    type: 'FindingReturned',
    data: { unitId: UNIT, reason: '非本单位职责', at: iso(at), dispatch: due('dispatch', at) },
  }),
  /** Dispatched at `at`, ending the dispatch clock started at `since` (a filing or return; null: none, as after parking). */
  dispatched: (at = 1, since: number | null = 0.5): FindingEvent => ({
    type: 'FindingDispatched',
    data: {
      unitId: UNIT,
      note: undefined,
      at: iso(at),
      handle: due('handle', at),
      ...(since === null ? {} : { dueAt: due('dispatch', since).dueAt, onTime: at <= since + 1 }),
    },
  }),
  handled: (at = 2, start = 1, stage: 'handle' | 'rework' = 'handle'): FindingEvent => ({
    type: 'FindingHandled',
    data: {
      unitId: UNIT,
      note: '已劝离摊贩',
      photos: ['photo-after-1'],
      at: iso(at),
      stage,
      dueAt: due(stage, start).dueAt,
      onTime: at <= start + 2,
      check: due('check', at),
    },
  }),
  checked: (passed: boolean, at = 3, handledAt = 2): FindingEvent => ({
    type: 'FindingChecked',
    data: {
      passed,
      note: passed ? undefined : '摊贩仍在',
      photos: ['photo-check-1'],
      at: iso(at),
      dueAt: due('check', handledAt).dueAt,
      onTime: at <= handledAt + 24,
    },
  }),
  reworkStarted: (at = 3, number = 1): FindingEvent => ({
    type: 'FindingReworkStarted',
    data: { number, unitId: UNIT, at: iso(at), rework: due('rework', at) },
  }),
  closed: (at = 3, onTime = true): FindingEvent => ({
    type: 'FindingClosed',
    data: { via: 'check', at: iso(at), onTime },
  }),
};

const filed = [ev.reported(), ev.filed()];
const dispatched = [...filed, ev.dispatched()];
const handled = [...dispatched, ev.handled()];

/** One history that ends in each status. */
export const history: Record<FindingStatus, FindingEvent[]> = {
  reported: [ev.reported(publicReport)],
  'awaiting-filing': [ev.reported()],
  invalid: [
    ev.reported(publicReport),
    {
      type: 'FindingVerified',
      data: { valid: false, reason: '现场未发现', at: iso(0.5), dueAt: iso(1), onTime: true },
    },
  ],
  cancelled: [
    ev.reported(),
    { type: 'FindingCancelled', data: { reason: '重复上报', from: 'awaiting-filing', at: iso(0.5) } },
  ],
  filed,
  dispatched,
  handled,
  closed: [...handled, ev.checked(true), ev.closed()],
  parked: [...filed, { type: 'FindingParked', data: { reason: '需立项整治', from: 'filed', at: iso(1) } }],
};
