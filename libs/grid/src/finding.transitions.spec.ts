import { deciderSpec } from '#core/testing';
import { contextAt, GRID, history, iso, UNIT } from './testing/finding-fixtures.js';
import type { FindingCommand } from './finding.commands.js';
import { findingDecider } from './finding.decider.js';
import { FINDING_COMMAND_STATUSES } from './finding.transitions.js';
import { FINDING_STATUSES, type FindingStatus } from './finding.events.js';

const spec = deciderSpec(findingDecider, () => contextAt(1.5));

type Label = Exclude<FindingCommand['type'], 'ReportFinding'>;

/** The status machine as this spec states it (independently of the decider's own table). */
const allowedIn: Record<Label, FindingStatus[]> = {
  VerifyFinding: ['reported'],
  FileFinding: ['awaiting-filing'],
  CancelFinding: ['reported', 'awaiting-filing'],
  DispatchFinding: ['filed', 'parked'],
  ReturnFinding: ['dispatched'],
  RequestExtension: ['dispatched'],
  DecideExtension: ['dispatched'],
  MarkHandled: ['dispatched'],
  CheckFinding: ['handled'],
  ParkFinding: ['filed', 'dispatched'],
  RaiseDeadlineWarning: [...FINDING_STATUSES],
  MarkOverdue: [...FINDING_STATUSES],
  EscalateOverdue: [...FINDING_STATUSES],
  ReviseProvisionalDeadlines: [...FINDING_STATUSES],
};

const sample: Record<Label, FindingCommand> = {
  VerifyFinding: { type: 'VerifyFinding', data: { valid: true } },
  FileFinding: { type: 'FileFinding', data: {} },
  CancelFinding: { type: 'CancelFinding', data: { reason: '重复上报' } },
  DispatchFinding: { type: 'DispatchFinding', data: { unitId: UNIT } },
  ReturnFinding: { type: 'ReturnFinding', data: { reason: '非本单位职责' } },
  RequestExtension: { type: 'RequestExtension', data: { workingDays: 2, reason: '需协调' } },
  DecideExtension: { type: 'DecideExtension', data: { approved: true } },
  MarkHandled: { type: 'MarkHandled', data: { note: '已处置', photos: ['after'] } },
  CheckFinding: { type: 'CheckFinding', data: { passed: true, photos: [], inspectorGridIds: [GRID] } },
  ParkFinding: { type: 'ParkFinding', data: { reason: '需立项整治' } },
  RaiseDeadlineWarning: { type: 'RaiseDeadlineWarning', data: { stage: 'handle', startedAt: iso(1) } },
  MarkOverdue: { type: 'MarkOverdue', data: { stage: 'handle', startedAt: iso(1) } },
  EscalateOverdue: { type: 'EscalateOverdue', data: { stage: 'handle', startedAt: iso(1) } },
  ReviseProvisionalDeadlines: { type: 'ReviseProvisionalDeadlines', data: { calendarVersion: 'fake-2' } },
};

const labels = Object.keys(allowedIn) as Label[];
const rejected = labels.flatMap((label) =>
  FINDING_STATUSES.filter((status) => !allowedIn[label].includes(status)).map(
    (status) => [label, status] as const,
  ),
);
const allowed = labels.flatMap((label) => allowedIn[label].map((status) => [label, status] as const));

describe('the finding status machine', () => {
  it('is the one the decider exports', () => {
    expect(FINDING_COMMAND_STATUSES).toEqual({ ReportFinding: [], ...allowedIn });
  });

  it('has a history for every status', () => {
    for (const status of FINDING_STATUSES) {
      expect(history[status].reduce(findingDecider.evolve, findingDecider.initialState()).status).toBe(
        status,
      );
    }
  });

  it.each(rejected)('rejects %s in %s with the state and where it is allowed (409)', (label, status) => {
    const error = spec.given(history[status]).when(sample[label]).thenThrows('FINDING.INVALID_TRANSITION', {
      command: label,
      state: status,
      allowedIn: allowedIn[label],
    });
    expect(error.kind).toBe('invalid-state');
    expect(error.message).toBe(
      `${label} is not allowed in state ${status}; it is allowed in: ${allowedIn[label].join(', ')}`,
    );
  });

  it.each(allowed)('lets %s through in %s (the rules of the command decide the rest)', (label, status) => {
    let thrown: unknown;
    try {
      findingDecider.decide(
        sample[label],
        history[status].reduce(findingDecider.evolve, findingDecider.initialState()),
        contextAt(1.5),
      );
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { code?: string } | undefined)?.code).not.toBe('FINDING.INVALID_TRANSITION');
  });

  it.each(labels)('answers %s on a stream without a finding with 404 FINDING.NOT_FOUND', (label) => {
    const error = spec.given([]).when(sample[label]).thenThrows('FINDING.NOT_FOUND');
    expect(error.kind).toBe('not-found');
  });
});
