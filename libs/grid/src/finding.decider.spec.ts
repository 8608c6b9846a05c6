import { deciderSpec } from '#core/testing';
import { GB_T_30428_2_2013 } from './category-catalogue.js';
import {
  category,
  contextAt,
  due,
  ev,
  GRID,
  history,
  iso,
  patrolReport,
  policy,
  publicReport,
  UNIT,
} from './testing/finding-fixtures.js';
import type { FindingCommand, FindingReport } from './finding.commands.js';
import { findingDecider } from './finding.decider.js';
import type { Finding, FindingEvent } from './finding.events.js';

const spec = deciderSpec(findingDecider, () => contextAt(1.5));
const at = (hours: number) => contextAt(hours);
const stateOf = (events: readonly FindingEvent[]) =>
  events.reduce(findingDecider.evolve, findingDecider.initialState()) as Finding;
const report = (r: FindingReport): FindingCommand => ({ type: 'ReportFinding', data: r });
const requestExtension = (workingDays = 2, unitId?: string): FindingCommand => ({
  type: 'RequestExtension',
  data: { workingDays, reason: '需协调商户', unitId },
});
const handled = (photos: string[] = ['photo-after-1'], note = '已劝离摊贩'): FindingCommand => ({
  type: 'MarkHandled',
  data: { note, photos },
});
const checkBy = (passed: boolean, gridIds = [GRID], note?: string): FindingCommand => ({
  type: 'CheckFinding',
  data: {
    passed,
    note: note ?? (passed ? undefined : '摊贩仍在'),
    photos: ['photo-check-1'],
    inspectorGridIds: gridIds,
  },
});

describe('ReportFinding', () => {
  it('starts the filing clock at once for a patrol report, with the category snapshot', () => {
    spec.given([]).when(report(patrolReport), at(0)).then([ev.reported()]);
    expect(stateOf([ev.reported()]).category).toMatchObject({ name: '占道经营', limit: '2h', kind: 'event' });
  });

  it.each(['public', 'video', 'hotline'] as const)(
    'leaves a %s report awaiting verification, no filing clock but the verification clock',
    (source) => {
      const r = { ...patrolReport, source };
      spec
        .given([])
        .when(report(r), at(0))
        .then([
          { type: 'FindingReported', data: { report: r, category, at: iso(0), verify: due('verify', 0) } },
        ]);
    },
  );

  it('closes a self-handled patrol report at once (自行处置)', () => {
    const r = { ...patrolReport, selfHandled: true, afterPhotos: ['photo-after-0'] };
    spec
      .given([])
      .when(report(r), at(0))
      .then([
        { type: 'FindingReported', data: { report: r, category, at: iso(0) } },
        { type: 'FindingClosed', data: { via: 'self-handled', at: iso(0), onTime: true } },
      ]);
  });

  it('changes nothing when the same report is delivered again', () => {
    spec.given([ev.reported()]).when(report(patrolReport)).thenNothingHappened();
  });

  it('refuses another report on the same stream (409), naming the fields', () => {
    spec
      .given([ev.reported()])
      .when(report({ ...patrolReport, description: '另一件事' }))
      .thenThrows('FINDING.REPORT_CONFLICT', { fields: ['description'] });
  });

  it.each([
    ['an empty description', { description: ' ' }, 'FINDING.INVALID_REPORT'],
    ['no grid', { gridId: '' }, 'FINDING.INVALID_REPORT'],
    ['a location off the map', { location: { lat: 91, lng: 0 } }, 'FINDING.INVALID_REPORT'],
    ['a bad foundAt', { foundAt: 'yesterday' }, 'FINDING.INVALID_TIME'],
    [
      'an unknown category',
      { category: { standard: GB_T_30428_2_2013, code: '09-99' } },
      'GRID.UNKNOWN_CATEGORY',
    ],
    [
      'an ambiguous category',
      { category: { standard: GB_T_30428_2_2013, code: '01-01' } },
      'GRID.AMBIGUOUS_CATEGORY',
    ],
    ['self-handled without after-photos', { selfHandled: true }, 'FINDING.AFTER_PHOTOS_REQUIRED'],
    [
      'self-handled from the public',
      { selfHandled: true, source: 'public', afterPhotos: ['a'] },
      'FINDING.SELF_HANDLED_NOT_PATROL',
    ],
  ] as const)('rejects %s with 400', (_what, change, code) => {
    const error = spec
      .given([])
      .when(report({ ...patrolReport, ...change }))
      .thenThrows(code);
    expect(error.kind).toBe('invalid-input');
  });

  it('accepts an ambiguous code when the kind is named', () => {
    spec
      .given([])
      .when(
        report({ ...patrolReport, category: { standard: GB_T_30428_2_2013, code: '01-01', kind: 'event' } }),
        at(0),
      )
      .thenEvents(([reported]) => {
        expect(reported?.type === 'FindingReported' && reported.data.category.name).toBe('私搭乱建');
      });
  });
});

describe('VerifyFinding', () => {
  it('starts the filing clock when the report is valid', () => {
    spec
      .given([ev.reported(publicReport)])
      .when({ type: 'VerifyFinding', data: { valid: true } }, at(0.5))
      .then([ev.verified(0.5)]);
    expect(stateOf([ev.reported(publicReport), ev.verified(0.5)]).status).toBe('awaiting-filing');
  });

  it('ends the finding as invalid with a reason', () => {
    spec
      .given([ev.reported(publicReport)])
      .when({ type: 'VerifyFinding', data: { valid: false, reason: '现场未发现' } }, at(0.5))
      .then([
        {
          type: 'FindingVerified',
          data: {
            valid: false,
            reason: '现场未发现',
            note: undefined,
            at: iso(0.5),
            dueAt: iso(1),
            onTime: true,
          },
        },
      ]);
  });

  it('needs a reason to call a report invalid (400)', () => {
    spec
      .given([ev.reported(publicReport)])
      .when({ type: 'VerifyFinding', data: { valid: false } })
      .thenThrows('FINDING.REASON_REQUIRED');
  });
});

describe('FileFinding', () => {
  it('files on time within the filing limit', () => {
    spec
      .given([ev.reported()])
      .when({ type: 'FileFinding', data: {} }, at(0.5))
      .then([ev.filed(0.5, true)]);
  });

  it('files late after the filing limit and says so', () => {
    spec
      .given([ev.reported()])
      .when({ type: 'FileFinding', data: {} }, at(2))
      .then([ev.filed(2, false)]);
  });

  it('records a corrected category from the catalogue', () => {
    spec
      .given([ev.reported()])
      .when(
        { type: 'FileFinding', data: { category: { standard: GB_T_30428_2_2013, code: '04-05' } } },
        at(0.5),
      )
      .thenEvents(([filed]) => {
        expect(filed?.type === 'FindingFiled' && filed.data.category?.name).toBe('店外经营（跨门营业）');
      });
  });
});

describe('CancelFinding', () => {
  it.each(['reported', 'awaiting-filing'] as const)('cancels (作废) a finding that is %s', (status) => {
    spec
      .given(history[status])
      .when({ type: 'CancelFinding', data: { reason: '重复上报' } }, at(0.5))
      .then([{ type: 'FindingCancelled', data: { reason: '重复上报', from: status, at: iso(0.5) } }]);
  });

  it('needs a reason (400)', () => {
    spec
      .given([ev.reported()])
      .when({ type: 'CancelFinding', data: { reason: '' } })
      .thenThrows('FINDING.REASON_REQUIRED');
  });
});

describe('DispatchFinding', () => {
  it('starts the handling clock with the category limit', () => {
    spec
      .given(history.filed)
      .when({ type: 'DispatchFinding', data: { unitId: UNIT } }, at(1))
      .then([ev.dispatched(1)]);
    expect(due('handle', 1).limit).toBe('2h');
  });

  it('dispatches a parked finding again', () => {
    spec
      .given(history.parked)
      .when({ type: 'DispatchFinding', data: { unitId: UNIT } }, at(5))
      .then([ev.dispatched(5, null)]);
  });

  it('needs a unit (400)', () => {
    spec
      .given(history.filed)
      .when({ type: 'DispatchFinding', data: { unitId: ' ' } })
      .thenThrows('FINDING.REASON_REQUIRED', { field: 'unitId' });
  });
});

describe('ReturnFinding', () => {
  it('gives the finding back to the center and counts the return', () => {
    const returned = ev.returned(1.5);
    spec
      .given(history.dispatched)
      .when({ type: 'ReturnFinding', data: { reason: '非本单位职责' } })
      .then([returned]);
    const state = stateOf([...history.dispatched, returned]);
    expect(state).toMatchObject({ status: 'filed', unitId: undefined, counts: { returns: 1 } });
  });

  it('withdraws a pending extension request first', () => {
    spec
      .given([
        ...history.dispatched,
        {
          type: 'FindingExtensionRequested',
          data: { unitId: UNIT, workingDays: 2, reason: 'x', at: iso(1.2) },
        },
      ])
      .when({ type: 'ReturnFinding', data: { reason: '非本单位职责' } })
      .then([
        { type: 'FindingExtensionWithdrawn', data: { because: 'returned', at: iso(1.5) } },
        ev.returned(1.5),
      ]);
  });

  it('refuses another unit (403)', () => {
    const error = spec
      .given(history.dispatched)
      .when({ type: 'ReturnFinding', data: { reason: 'x', unitId: 'unit-other' } })
      .thenThrows('FINDING.WRONG_UNIT');
    expect(error.kind).toBe('forbidden');
  });

  it('needs a reason (400)', () => {
    spec
      .given(history.dispatched)
      .when({ type: 'ReturnFinding', data: { reason: '' } })
      .thenThrows('FINDING.REASON_REQUIRED');
  });
});

describe('RequestExtension and DecideExtension', () => {
  const requested: FindingEvent = {
    type: 'FindingExtensionRequested',
    data: { unitId: UNIT, workingDays: 2, reason: '需协调商户', at: iso(1.5) },
  };

  it('records a request before the handling due time', () => {
    spec.given(history.dispatched).when(requestExtension()).then([requested]);
  });

  it('refuses a request at or after the due time (422)', () => {
    const error = spec
      .given(history.dispatched)
      .when(requestExtension(), at(3))
      .thenThrows('FINDING.EXTENSION_AFTER_DUE');
    expect(error.kind).toBe('rule');
  });

  it.each([0, 1.5, 11])('refuses %s working days (400)', (days) => {
    spec.given(history.dispatched).when(requestExtension(days)).thenThrows('FINDING.INVALID_EXTENSION');
  });

  it('refuses a second request while one is pending (409)', () => {
    spec
      .given([...history.dispatched, requested])
      .when(requestExtension())
      .thenThrows('FINDING.EXTENSION_PENDING');
  });

  it('refuses another unit (403)', () => {
    spec.given(history.dispatched).when(requestExtension(2, 'unit-other')).thenThrows('FINDING.WRONG_UNIT');
  });

  it('approves: the due time moves by the working days, counted from the old due time', () => {
    const deadline = {
      ...policy.deadline('handle', { limit: '2h' }, new Date(due('handle', 1).dueAt), { workingDays: 2 }),
    };
    spec
      .given([...history.dispatched, requested])
      .when({ type: 'DecideExtension', data: { approved: true } }, at(2))
      .then([{ type: 'FindingExtensionApproved', data: { note: undefined, at: iso(2), deadline } }]);
    const state = stateOf([
      ...history.dispatched,
      requested,
      { type: 'FindingExtensionApproved', data: { at: iso(2), deadline } },
    ]);
    expect(state.handling?.deadline.dueAt).toBe(iso(3 + 48));
    expect(state.counts.extensions).toBe(1);
  });

  it('rejects: the deadline stays', () => {
    spec
      .given([...history.dispatched, requested])
      .when({ type: 'DecideExtension', data: { approved: false, note: '可当日处置' } }, at(2))
      .then([{ type: 'FindingExtensionRejected', data: { note: '可当日处置', at: iso(2) } }]);
  });

  it('has nothing to decide without a request (409)', () => {
    spec
      .given(history.dispatched)
      .when({ type: 'DecideExtension', data: { approved: true } })
      .thenThrows('FINDING.NO_PENDING_EXTENSION');
  });
});

describe('MarkHandled', () => {
  it('records the feedback on time and starts the check clock', () => {
    spec
      .given(history.dispatched)
      .when(handled(), at(2))
      .then([ev.handled(2)]);
  });

  it('records a late feedback as not on time', () => {
    spec
      .given(history.dispatched)
      .when(handled(), at(4))
      .thenEvents(([event]) => {
        expect(event?.type === 'FindingHandled' && event.data.onTime).toBe(false);
      });
  });

  it.each([[[]], [['']]])('needs after-photos (400): %j', (photos) => {
    spec.given(history.dispatched).when(handled(photos)).thenThrows('FINDING.AFTER_PHOTOS_REQUIRED');
  });

  it('needs a note (400)', () => {
    spec
      .given(history.dispatched)
      .when(handled(['p'], ''))
      .thenThrows('FINDING.REASON_REQUIRED', { field: 'note' });
  });

  it('withdraws a pending extension request', () => {
    spec
      .given([
        ...history.dispatched,
        {
          type: 'FindingExtensionRequested',
          data: { unitId: UNIT, workingDays: 2, reason: 'x', at: iso(1.2) },
        },
      ])
      .when(handled(), at(2))
      .then([{ type: 'FindingExtensionWithdrawn', data: { because: 'handled', at: iso(2) } }, ev.handled(2)]);
  });
});

describe('CheckFinding', () => {
  it('closes (结案) on a pass by an inspector of the grid', () => {
    spec
      .given(history.handled)
      .when(checkBy(true, ['grid-01', GRID]), at(3))
      .then([ev.checked(true), ev.closed(3, true)]);
  });

  it('closes late when the check is late', () => {
    spec
      .given(history.handled)
      .when(checkBy(true), at(30))
      .then([ev.checked(true, 30), ev.closed(30, false)]);
  });

  it('starts rework (返工) on a fail, counted, back to the unit with a new deadline', () => {
    spec
      .given(history.handled)
      .when(checkBy(false), at(3))
      .then([ev.checked(false), ev.reworkStarted(3, 1)]);
    const state = stateOf([...history.handled, ev.checked(false), ev.reworkStarted(3, 1)]);
    expect(state).toMatchObject({ status: 'dispatched', unitId: UNIT, counts: { reworks: 1 } });
    expect(state.handling).toEqual({ stage: 'rework', startedAt: iso(3), deadline: due('rework', 3) });
  });

  it('refuses an inspector of another grid (403)', () => {
    const error = spec
      .given(history.handled)
      .when(checkBy(true, ['grid-01']))
      .thenThrows('FINDING.NOT_GRID_INSPECTOR');
    expect(error.kind).toBe('forbidden');
  });

  it('needs a note to fail a check (400)', () => {
    spec
      .given(history.handled)
      .when(checkBy(false, [GRID], ''))
      .thenThrows('FINDING.REASON_REQUIRED', { field: 'note' });
  });
});

describe('ParkFinding', () => {
  it.each(['filed', 'dispatched'] as const)('parks (挂账) a %s finding', (status) => {
    spec
      .given(history[status])
      .when({ type: 'ParkFinding', data: { reason: '需立项整治' } })
      .then([{ type: 'FindingParked', data: { reason: '需立项整治', from: status, at: iso(1.5) } }]);
  });

  it('needs a reason (400)', () => {
    spec
      .given(history.filed)
      .when({ type: 'ParkFinding', data: { reason: '' } })
      .thenThrows('FINDING.REASON_REQUIRED');
  });
});
