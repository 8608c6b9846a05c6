import { FINDING_COMMAND_STATUSES } from './finding.transitions.js';
import {
  type ActorScope,
  alertDue,
  type AlertPoint,
  assertNever,
  type Decider,
  type DecisionContext,
  canonicalJson,
  revisedDeadlines,
  DomainError,
  type DirectoryView,
} from '#core';
import { authorizeFindingCommand } from './finding.access.js';
import { type CategoryCatalogue, DEFAULT_CATEGORY_CATALOGUE, findCategory } from './category-catalogue.js';
import type { GridDeadline, GridDeadlinePolicy } from './deadline-policy.js';
import type {
  CancelFinding,
  CheckFinding,
  DecideExtension,
  DispatchFinding,
  EscalateOverdue,
  FileFinding,
  FindingCommand,
  MarkHandled,
  MarkOverdue,
  ParkFinding,
  RaiseDeadlineWarning,
  ReportFinding,
  RequestExtension,
  ReturnFinding,
  ReviseProvisionalDeadlines,
  VerifyFinding,
} from './finding.commands.js';
import { findingErrors } from './finding.errors.js';
import {
  evolveFinding,
  type Finding,
  type FindingDeadlineRevised,
  type FindingEvent,
  type FindingExtensionWithdrawn,
  type FindingState,
  type FindingStatus,
  initialFindingState,
} from './finding.events.js';
import { openFindingDeadlines, openFindingStages } from './finding.stages.js';

/** The configurable parts of the finding rules. */
export interface FindingRules {
  /**
   * The most working days one extension request may ask for; the total that chained extensions may add to a finding
   * is the SLA rules' `grid.maxExtension` (the deadline policy's `maxExtension()`).
   */
  readonly maxExtensionWorkingDays?: number;
  /** An overdue stage still open this many working days after its due time escalates to 督办. */
  readonly superviseAfterOverdueWorkingDays?: number;
  /** Reworks (返工) that escalate a finding to 督办 on its own (0: never). */
  readonly escalateAfterReworks?: number;
}

/** Up to 10 working days per extension request; 督办 2 working days after the due time, or at the third rework. */
export const DEFAULT_FINDING_RULES: Required<FindingRules> = {
  maxExtensionWorkingDays: 10,
  superviseAfterOverdueWorkingDays: 2,
  escalateAfterReworks: 3,
};

/** What the finding decider decides with: the time, the grid deadlines on the calendar, the catalogue, the rules. */
export interface GridContext extends DecisionContext {
  readonly deadlines: GridDeadlinePolicy;
  /** The category catalogue in force; the built-in one when absent. */
  readonly catalogue?: CategoryCatalogue;
  readonly rules?: FindingRules;
  /** Who sends the command, with their scope; absent for the system (timers, revisions) and AUTH_MODE=off. */
  readonly actor?: ActorScope;
  /** The street's units and grids as the directory has them now; without it nothing is checked against it. */
  readonly directory?: DirectoryView;
}

interface Decision {
  readonly directory?: DirectoryView;
  readonly now: Date;
  readonly at: string;
  readonly deadlines: GridDeadlinePolicy;
  readonly catalogue: CategoryCatalogue;
  readonly rules: Required<FindingRules>;
}

function ensureStatus(finding: Finding, command: FindingCommand['type']): void {
  const allowed: readonly FindingStatus[] = FINDING_COMMAND_STATUSES[command];
  if (!allowed.includes(finding.status))
    throw findingErrors.invalidTransition(command, finding.status, allowed);
}

function ensureText(value: string | undefined, command: string, field = 'reason'): string {
  if (typeof value !== 'string' || value.trim() === '') throw findingErrors.reasonRequired(command, field);
  return value;
}

function ensureUnit(finding: Finding, command: string, unitId: string | undefined): string {
  const assigned = finding.unitId;
  if (assigned === undefined) throw new Error(`Finding ${finding.id} is ${finding.status} without a unit`);
  if (unitId !== undefined && unitId !== assigned) throw findingErrors.wrongUnit(command, unitId, assigned);
  return assigned;
}

const notAfter = (at: string, dueAt: string): boolean => Date.parse(at) <= Date.parse(dueAt);

/** The due time and on-time flag of the step clock an event ends, when one was recorded. */
const endOf = (deadline: GridDeadline | undefined, at: string): { dueAt?: string; onTime?: boolean } =>
  deadline ? { dueAt: deadline.dueAt, onTime: notAfter(at, deadline.dueAt) } : {};

/** The current handling stage; its absence in `dispatched` would mean a corrupt stream. */
function handlingOf(finding: Finding): NonNullable<Finding['handling']> {
  if (finding.handling === undefined)
    throw new Error(`Finding ${finding.id} is ${finding.status} without a stage`);
  return finding.handling;
}

function withdrawPending(f: Finding, because: FindingExtensionWithdrawn['data']['because'], at: string) {
  const withdrawn: FindingExtensionWithdrawn[] = f.pendingExtension
    ? [{ type: 'FindingExtensionWithdrawn', data: { because, at } }]
    : [];
  return withdrawn;
}

const nonEmptyPhotos = (photos: readonly string[] | undefined): boolean =>
  Array.isArray(photos) && photos.length > 0 && photos.every((p) => typeof p === 'string' && p.trim() !== '');

// ---------------------------------------------------------------------------------------------------------------
// One decide function per command.

/**
 * 信息采集. Redelivery of the same report changes nothing; the same stream with another report is a conflict.
 * A patrol report starts the filing clock; a self-handled one closes at once; the others await verification, whose
 * clock starts now.
 */
function report(command: ReportFinding, state: FindingState, d: Decision): FindingEvent[] {
  const r = command.data;
  if (d.directory && !d.directory.hasGrid(r.gridId)) {
    throw new DomainError('GRID.UNKNOWN_GRID', 'rule', `No grid ${r.gridId} in the directory`, {
      gridId: r.gridId,
    });
  }
  if (state.status !== 'none') {
    const stored: Readonly<Record<string, unknown>> = { ...state.report };
    const given: Readonly<Record<string, unknown>> = { ...r };
    const fields = [...new Set([...Object.keys(stored), ...Object.keys(given)])]
      .filter((field) => canonicalJson(stored[field]) !== canonicalJson(given[field]))
      .sort();
    if (fields.length === 0) return [];
    throw findingErrors.reportConflict(state.id, fields);
  }
  if (typeof r.description !== 'string' || r.description.trim() === '') {
    throw findingErrors.invalidReport('description', 'must be a non-empty text');
  }
  if (typeof r.gridId !== 'string' || r.gridId.trim() === '') {
    throw findingErrors.invalidReport('gridId', 'must name a grid');
  }
  const { lat, lng } = r.location;
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw findingErrors.invalidReport('location', `not a point on the map: ${JSON.stringify(r.location)}`);
  }
  if (Number.isNaN(Date.parse(r.foundAt))) throw findingErrors.invalidTime('foundAt', r.foundAt);
  const category = findCategory(d.catalogue, r.category);
  if (r.selfHandled === true) {
    if (r.source !== 'patrol') throw findingErrors.selfHandledNotPatrol(r.source);
    if (!nonEmptyPhotos(r.afterPhotos))
      throw findingErrors.afterPhotosRequired('ReportFinding', 'afterPhotos');
    return [
      { type: 'FindingReported', data: { report: r, category, at: d.at } },
      { type: 'FindingClosed', data: { via: 'self-handled', at: d.at, onTime: true } },
    ];
  }
  const clock =
    r.source === 'patrol'
      ? { file: { ...d.deadlines.deadline('file', {}, d.now) } }
      : { verify: { ...d.deadlines.deadline('verify', {}, d.now) } };
  return [{ type: 'FindingReported', data: { report: r, category, at: d.at, ...clock } }];
}

/** 核实: valid starts the filing clock; invalid is final and needs a reason. */
function verify(command: VerifyFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'VerifyFinding');
  const { valid, reason, note } = command.data;
  const timing = endOf(f.deadlines.verify, d.at);
  if (!valid) {
    ensureText(reason, 'VerifyFinding');
    return [{ type: 'FindingVerified', data: { valid, reason, note, at: d.at, ...timing } }];
  }
  const file = { ...d.deadlines.deadline('file', {}, d.now) };
  return [{ type: 'FindingVerified', data: { valid, reason, note, at: d.at, file, ...timing } }];
}

/**
 * 立案, on time against the filing deadline; a corrected category is looked up in the catalogue. The dispatch clock
 * starts.
 */
function file(command: FileFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'FileFinding');
  const due = f.deadlines.file;
  if (due === undefined) throw new Error(`Finding ${f.id} awaits filing without a filing deadline`);
  const corrected = command.data.category ? findCategory(d.catalogue, command.data.category) : undefined;
  const category =
    corrected &&
    (corrected.code !== f.category.code ||
      corrected.standard !== f.category.standard ||
      corrected.kind !== f.category.kind)
      ? { category: corrected }
      : {};
  return [
    {
      type: 'FindingFiled',
      data: {
        note: command.data.note,
        at: d.at,
        dueAt: due.dueAt,
        onTime: notAfter(d.at, due.dueAt),
        ...category,
        dispatch: { ...d.deadlines.deadline('dispatch', {}, d.now) },
      },
    },
  ];
}

function cancel(command: CancelFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'CancelFinding');
  const reason = ensureText(command.data.reason, 'CancelFinding');
  return [{ type: 'FindingCancelled', data: { reason, from: f.status, at: d.at } }];
}

/** 派遣: the handling clock starts now with the category's limit. */
function dispatch(command: DispatchFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'DispatchFinding');
  const unitId = ensureText(command.data.unitId, 'DispatchFinding', 'unitId');
  if (d.directory && !d.directory.isActiveUnit(unitId)) {
    throw new DomainError('FINDING.UNKNOWN_UNIT', 'rule', `No active unit ${unitId} in the directory`, {
      unitId,
    });
  }
  const handle = { ...d.deadlines.deadline('handle', { limit: f.category.limit }, d.now) };
  // A parked finding has no dispatch clock: parking ended it.
  const timing = endOf(f.status === 'filed' ? f.deadlines.dispatch : undefined, d.at);
  return [
    { type: 'FindingDispatched', data: { unitId, note: command.data.note, at: d.at, handle, ...timing } },
  ];
}

/** 回退 to the center: the dispatch clock starts anew. */
function returnFinding(command: ReturnFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'ReturnFinding');
  const unitId = ensureUnit(f, 'ReturnFinding', command.data.unitId);
  const reason = ensureText(command.data.reason, 'ReturnFinding');
  const dispatch = { ...d.deadlines.deadline('dispatch', {}, d.now) };
  return [
    ...withdrawPending(f, 'returned', d.at),
    { type: 'FindingReturned', data: { unitId, reason, at: d.at, dispatch } },
  ];
}

/**
 * 延期: before the handling due time, one pending at a time, and within what `grid.maxExtension` leaves of the
 * working days approved extensions may add to the finding.
 */
function requestExtension(command: RequestExtension, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'RequestExtension');
  const unitId = ensureUnit(f, 'RequestExtension', command.data.unitId);
  const { workingDays } = command.data;
  const max = d.rules.maxExtensionWorkingDays;
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > max) {
    throw findingErrors.invalidExtension(workingDays, max);
  }
  const reason = ensureText(command.data.reason, 'RequestExtension');
  if (f.pendingExtension) throw findingErrors.extensionPending(f.pendingExtension.requestedAt);
  const allowance = d.deadlines.maxExtension();
  if (f.extendedWorkingDays + workingDays > allowance.workingDays)
    throw findingErrors.extensionLimit(workingDays, allowance, f.extendedWorkingDays);
  const { deadline } = handlingOf(f);
  if (!(d.now.getTime() < Date.parse(deadline.dueAt)))
    throw findingErrors.extensionAfterDue(deadline.dueAt, d.at);
  return [{ type: 'FindingExtensionRequested', data: { unitId, workingDays, reason, at: d.at } }];
}

/** Approval moves the current stage's due time by the requested working days (counted from the old due time). */
function decideExtension(command: DecideExtension, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'DecideExtension');
  const pending = f.pendingExtension;
  if (!pending) throw findingErrors.noPendingExtension();
  const { note, approved } = command.data;
  if (!approved) return [{ type: 'FindingExtensionRejected', data: { note, at: d.at } }];
  const { stage, deadline: current } = handlingOf(f);
  const deadline = {
    ...d.deadlines.deadline(stage, { limit: f.category.limit }, new Date(current.dueAt), {
      workingDays: pending.workingDays,
    }),
  };
  return [{ type: 'FindingExtensionApproved', data: { note, at: d.at, deadline } }];
}

/** 处置反馈 with after-photos: the check clock starts. */
function markHandled(command: MarkHandled, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'MarkHandled');
  const unitId = ensureUnit(f, 'MarkHandled', command.data.unitId);
  const note = ensureText(command.data.note, 'MarkHandled', 'note');
  if (!nonEmptyPhotos(command.data.photos)) throw findingErrors.afterPhotosRequired('MarkHandled', 'photos');
  const { stage, deadline } = handlingOf(f);
  const check = { ...d.deadlines.deadline('check', {}, d.now) };
  return [
    ...withdrawPending(f, 'handled', d.at),
    {
      type: 'FindingHandled',
      data: {
        unitId,
        note,
        photos: command.data.photos,
        at: d.at,
        stage,
        dueAt: deadline.dueAt,
        onTime: notAfter(d.at, deadline.dueAt),
        check,
      },
    },
  ];
}

/** 核查 by an inspector of the grid: pass closes (结案), fail starts rework (返工) with a new handling deadline. */
function check(command: CheckFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'CheckFinding');
  const { passed, note, photos, inspectorGridIds } = command.data;
  if (!inspectorGridIds.includes(f.gridId)) throw findingErrors.notGridInspector(f.gridId, inspectorGridIds);
  if (!passed) ensureText(note, 'CheckFinding', 'note');
  const due = f.deadlines.check;
  if (due === undefined) throw new Error(`Finding ${f.id} is handled without a check deadline`);
  const onTime = notAfter(d.at, due.dueAt);
  const checked: FindingEvent = {
    type: 'FindingChecked',
    data: { passed, note, photos, at: d.at, dueAt: due.dueAt, onTime },
  };
  if (passed) {
    const handledOnTime = f.feedback?.onTime ?? false;
    return [
      checked,
      { type: 'FindingClosed', data: { via: 'check', at: d.at, onTime: onTime && handledOnTime } },
    ];
  }
  const unitId = ensureUnit(f, 'CheckFinding', undefined);
  const rework: GridDeadline = { ...d.deadlines.deadline('rework', { limit: f.category.limit }, d.now) };
  return [
    checked,
    { type: 'FindingReworkStarted', data: { number: f.counts.reworks + 1, unitId, at: d.at, rework } },
  ];
}

/**
 * After a calendar change: each open stage whose deadline is provisional, and was not computed on the named
 * calendar already, is recomputed by the policy (from its recorded start and limit, on the calendar in force).
 * A revision is recorded only when the due or warning time moves or the deadline stops being provisional.
 */
function reviseProvisional(command: ReviseProvisionalDeadlines, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'ReviseProvisionalDeadlines');
  const open = openFindingDeadlines(f).map(({ deadline }) => deadline);
  return revisedDeadlines(open, command.data.calendarVersion, (old) => d.deadlines.revise(old)).map(
    ({ old, revised }): FindingDeadlineRevised => ({
      type: 'FindingDeadlineRevised',
      data: { stage: old.stage, old, new: revised, reason: 'official-calendar', at: d.at },
    }),
  );
}

function park(command: ParkFinding, f: Finding, d: Decision): FindingEvent[] {
  ensureStatus(f, 'ParkFinding');
  const reason = ensureText(command.data.reason, 'ParkFinding');
  return [
    ...withdrawPending(f, 'parked', d.at),
    { type: 'FindingParked', data: { reason, from: f.status, at: d.at } },
  ];
}

/** Answers a finding command with its events, or throws a DomainError (see finding.errors.ts). */
export function decideFinding(
  command: FindingCommand,
  state: FindingState,
  context: GridContext,
): FindingEvent[] {
  const d: Decision = {
    now: context.now,
    at: context.now.toISOString(),
    deadlines: context.deadlines,
    catalogue: context.catalogue ?? DEFAULT_CATEGORY_CATALOGUE,
    rules: { ...DEFAULT_FINDING_RULES, ...stripUndefined(context.rules) },
    ...(context.directory ? { directory: context.directory } : {}),
  };
  authorizeFindingCommand(command, state.status === 'none' ? undefined : state, context.actor);
  if (command.type === 'ReportFinding') return report(command, state, d);
  if (state.status === 'none') throw findingErrors.notFound(command.type);
  const events = decideOnFinding(command, state, d);
  return [...events, ...escalations(state, events, d)];
}

function decideOnFinding(
  command: Exclude<FindingCommand, ReportFinding>,
  state: Finding,
  d: Decision,
): FindingEvent[] {
  switch (command.type) {
    case 'VerifyFinding':
      return verify(command, state, d);
    case 'FileFinding':
      return file(command, state, d);
    case 'CancelFinding':
      return cancel(command, state, d);
    case 'DispatchFinding':
      return dispatch(command, state, d);
    case 'ReturnFinding':
      return returnFinding(command, state, d);
    case 'RequestExtension':
      return requestExtension(command, state, d);
    case 'DecideExtension':
      return decideExtension(command, state, d);
    case 'MarkHandled':
      return markHandled(command, state, d);
    case 'CheckFinding':
      return check(command, state, d);
    case 'ParkFinding':
      return park(command, state, d);
    case 'RaiseDeadlineWarning':
      return deadlineAlert(command, state, d, 'warning');
    case 'MarkOverdue':
      return deadlineAlert(command, state, d, 'overdue');
    case 'EscalateOverdue':
      return deadlineAlert(command, state, d, 'supervision');
    case 'ReviseProvisionalDeadlines':
      return reviseProvisional(command, state, d);
    default:
      return assertNever(command, 'finding command');
  }
}

/**
 * A timer or the sweep: the alert of the point, when the stage is open (openFindingStages), the point has passed
 * and nothing was recorded yet; nothing otherwise, in any status. The grid has no 催办 of its own: an overdue stage
 * records FindingOverdue only, with the instant it escalates to 督办 if still open.
 */
function deadlineAlert(
  command: RaiseDeadlineWarning | MarkOverdue | EscalateOverdue,
  f: Finding,
  d: Decision,
  point: AlertPoint,
): FindingEvent[] {
  const open = alertDue(openFindingStages(f), command.data.stage, command.data.startedAt, point, d.now);
  if (!open) return [];
  // The stage as the finding keys it (a timer may name it by its extended deadline's start).
  const { stage, startedAt } = open;
  const unit = open.unitId === undefined ? {} : { unitId: open.unitId };
  switch (point) {
    case 'warning':
      return [
        {
          type: 'FindingDeadlineWarning',
          data: { stage, startedAt, dueAt: open.dueAt, warnAt: open.warnAt, ...unit, at: d.at },
        },
      ];
    case 'overdue': {
      const superviseAt = d.deadlines.deadline(
        open.stage,
        { limit: f.category.limit },
        new Date(open.dueAt),
        { workingDays: d.rules.superviseAfterOverdueWorkingDays },
      ).dueAt;
      return [
        {
          type: 'FindingOverdue',
          data: { stage, startedAt, dueAt: open.dueAt, ...unit, superviseAt, at: d.at },
        },
      ];
    }
    case 'supervision':
      return [{ type: 'FindingEscalated', data: { reason: 'overdue', stage, startedAt, ...unit, at: d.at } }];
  }
}

/** The escalations a decision's events bring about on their own: the rework threshold, once. */
function escalations(before: Finding, events: readonly FindingEvent[], d: Decision): FindingEvent[] {
  if (events.length === 0) return [];
  let after: FindingState = before;
  for (const event of events) after = evolveFinding(after, event);
  if (after.status === 'none') return [];
  const reworks = after.counts.reworks;
  const { escalateAfterReworks } = d.rules;
  if (escalateAfterReworks > 0 && reworks >= escalateAfterReworks && !after.escalated.repeated) {
    const unit = after.unitId === undefined ? {} : { unitId: after.unitId };
    return [{ type: 'FindingEscalated', data: { reason: 'repeated', count: reworks, ...unit, at: d.at } }];
  }
  return [];
}

function stripUndefined(rules: FindingRules | undefined): FindingRules {
  return Object.fromEntries(Object.entries(rules ?? {}).filter(([, value]) => value !== undefined));
}

/**
 * The grid finding: report to close (结案), with verification, filing, dispatch, extension, rework and parking, and
 * the revision of provisional deadlines after a calendar import.
 */
export const findingDecider: Decider<FindingCommand, FindingEvent, FindingState, GridContext> = {
  initialState: initialFindingState,
  evolve: evolveFinding,
  decide: decideFinding,
  authorize: (command, state, context) =>
    authorizeFindingCommand(command, state.status === 'none' ? undefined : state, context.actor),
};
