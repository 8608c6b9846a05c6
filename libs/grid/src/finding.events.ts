import { type DomainEvent, type StageAlertFlags, stageKey } from '#core';
import type { CategoryEntry } from './category-catalogue.js';
import type { GridDeadline, GridStage } from './deadline-policy.js';
import type { FindingReport, FindingSource, GeoPoint } from './finding.commands.js';

/**
 * Where a finding stands. `reported` awaits verification (public, video, hotline sources); `awaiting-filing` awaits
 * the dispatcher's 立案; `dispatched` is with a unit (first handling or rework: `handling.stage` says which);
 * `handled` awaits the inspector's check. `closed` (结案, also 自行处置), `invalid` (核实无效) and `cancelled`
 * (作废) are final; `parked` (挂账) waits for a new dispatch.
 */
export type FindingStatus =
  | 'reported'
  | 'awaiting-filing'
  | 'invalid'
  | 'cancelled'
  | 'filed'
  | 'dispatched'
  | 'handled'
  | 'closed'
  | 'parked';

/** Every status, in lifecycle order. */
export const FINDING_STATUSES: readonly FindingStatus[] = [
  'reported',
  'awaiting-filing',
  'invalid',
  'cancelled',
  'filed',
  'dispatched',
  'handled',
  'closed',
  'parked',
];

/** The handling stages: the first after dispatch, or rework after a failed check. */
export type HandlingStage = 'handle' | 'rework';

// ---------------------------------------------------------------------------------------------------------------
// Events. `at` is always the server's time (context.now); the reporter's claim is `report.foundAt`.

/**
 * The report as received, the sub-class it resolved to in the catalogue (a snapshot: later catalogue changes do
 * not touch an open finding), and the filing deadline when filing is due now (patrol source, not self-handled), or
 * the verification deadline when the report awaits verification (public, video, hotline; absent in older logs).
 */
export type FindingReported = DomainEvent<
  'FindingReported',
  {
    readonly report: FindingReport;
    readonly category: CategoryEntry;
    readonly at: string;
    readonly file?: GridDeadline;
    readonly verify?: GridDeadline;
  }
>;
/**
 * 核实. A valid report starts the filing clock. `dueAt` / `onTime` against the verification deadline, when the
 * report recorded one (按时核实; absent in older logs).
 */
export type FindingVerified = DomainEvent<
  'FindingVerified',
  {
    readonly valid: boolean;
    readonly reason?: string;
    readonly note?: string;
    readonly at: string;
    readonly file?: GridDeadline;
    readonly dueAt?: string;
    readonly onTime?: boolean;
  }
>;
/**
 * 立案; `onTime` against the filing deadline; `category` when the dispatcher corrected the sub-class; `dispatch`
 * the center's step clock until the finding is dispatched (absent in older logs).
 */
export type FindingFiled = DomainEvent<
  'FindingFiled',
  {
    readonly note?: string;
    readonly at: string;
    readonly dueAt: string;
    readonly onTime: boolean;
    readonly category?: CategoryEntry;
    readonly dispatch?: GridDeadline;
  }
>;
/** 作废. */
export type FindingCancelled = DomainEvent<
  'FindingCancelled',
  { readonly reason: string; readonly from: FindingStatus; readonly at: string }
>;
/**
 * 派遣: the handling clock starts with the category's limit. `dueAt` / `onTime` against the dispatch deadline, when
 * a filing or return recorded one (not after parking, nor in older logs).
 */
export type FindingDispatched = DomainEvent<
  'FindingDispatched',
  {
    readonly unitId: string;
    readonly note?: string;
    readonly at: string;
    readonly handle: GridDeadline;
    readonly dueAt?: string;
    readonly onTime?: boolean;
  }
>;
/** 回退 to the center, which has `dispatch` to dispatch it again (absent in older logs). */
export type FindingReturned = DomainEvent<
  'FindingReturned',
  { readonly unitId: string; readonly reason: string; readonly at: string; readonly dispatch?: GridDeadline }
>;
export type FindingExtensionRequested = DomainEvent<
  'FindingExtensionRequested',
  { readonly unitId: string; readonly workingDays: number; readonly reason: string; readonly at: string }
>;
/** The new deadline of the current handling stage: the requested working days from the recorded due time. */
export type FindingExtensionApproved = DomainEvent<
  'FindingExtensionApproved',
  { readonly note?: string; readonly at: string; readonly deadline: GridDeadline }
>;
export type FindingExtensionRejected = DomainEvent<
  'FindingExtensionRejected',
  { readonly note?: string; readonly at: string }
>;
/** A pending request lapses when the finding leaves the unit (handled, returned, parked). */
export type FindingExtensionWithdrawn = DomainEvent<
  'FindingExtensionWithdrawn',
  { readonly because: 'handled' | 'returned' | 'parked'; readonly at: string }
>;
/** 处置反馈 with after-photos; starts the check clock. `onTime` against the handling stage's deadline. */
export type FindingHandled = DomainEvent<
  'FindingHandled',
  {
    readonly unitId: string;
    readonly note: string;
    readonly photos: readonly string[];
    readonly at: string;
    readonly stage: HandlingStage;
    readonly dueAt: string;
    readonly onTime: boolean;
    readonly check: GridDeadline;
  }
>;
/** 核查 by an inspector of the grid; `onTime` against the check deadline. */
export type FindingChecked = DomainEvent<
  'FindingChecked',
  {
    readonly passed: boolean;
    readonly note?: string;
    readonly photos: readonly string[];
    readonly at: string;
    readonly dueAt: string;
    readonly onTime: boolean;
  }
>;
/** 返工 after a failed check: back to the same unit with a new handling deadline; `number` counts reworks. */
export type FindingReworkStarted = DomainEvent<
  'FindingReworkStarted',
  { readonly number: number; readonly unitId: string; readonly at: string; readonly rework: GridDeadline }
>;
/**
 * 结案: after a passed check, or at once when self-handled (自行处置). `onTime`: the last handling and the check
 * were both on time (always true for self-handled).
 */
export type FindingClosed = DomainEvent<
  'FindingClosed',
  { readonly via: 'check' | 'self-handled'; readonly at: string; readonly onTime: boolean }
>;
/** 挂账. */
export type FindingParked = DomainEvent<
  'FindingParked',
  { readonly reason: string; readonly from: FindingStatus; readonly at: string }
>;

/** 预警: a stage's warning point passed while it was open (from a timer or the sweep). */
export type FindingDeadlineWarning = DomainEvent<
  'FindingDeadlineWarning',
  {
    readonly stage: GridStage;
    readonly startedAt: string;
    readonly dueAt: string;
    readonly warnAt: string;
    readonly unitId?: string;
    readonly at: string;
  }
>;
/** 超期: a stage's due time passed while it was open. `superviseAt`: when it escalates to 督办 if still open. */
export type FindingOverdue = DomainEvent<
  'FindingOverdue',
  {
    readonly stage: GridStage;
    readonly startedAt: string;
    readonly dueAt: string;
    readonly unitId?: string;
    readonly superviseAt: string;
    readonly at: string;
  }
>;
/**
 * Raised to the supervisors (督办) on its own: a stage still open at its `superviseAt` (`overdue`), or a finding
 * reworked the configured number of times (`repeated`, `count` reworks).
 */
export type FindingEscalated = DomainEvent<
  'FindingEscalated',
  {
    readonly reason: 'overdue' | 'repeated';
    readonly stage?: GridStage;
    readonly startedAt?: string;
    readonly count?: number;
    readonly unitId?: string;
    readonly at: string;
  }
>;

/**
 * An open stage's provisional deadline recomputed after the calendar changed (an official year imported): the
 * recorded deadline and its replacement, both in full. Emitted only when the due or warning time moved or the
 * deadline stopped being provisional; a recorded deadline never changes without one. The stage stays the same
 * (its alerts stay keyed by its start).
 */
export type FindingDeadlineRevised = DomainEvent<
  'FindingDeadlineRevised',
  {
    readonly stage: GridStage;
    readonly old: GridDeadline;
    readonly new: GridDeadline;
    readonly reason: 'official-calendar';
    readonly at: string;
  }
>;

/** Every event of a grid finding; the type strings are permanent. */
export type FindingEvent =
  | FindingReported
  | FindingVerified
  | FindingFiled
  | FindingCancelled
  | FindingDispatched
  | FindingReturned
  | FindingExtensionRequested
  | FindingExtensionApproved
  | FindingExtensionRejected
  | FindingExtensionWithdrawn
  | FindingHandled
  | FindingChecked
  | FindingReworkStarted
  | FindingClosed
  | FindingParked
  | FindingDeadlineWarning
  | FindingOverdue
  | FindingEscalated
  | FindingDeadlineRevised;

// ---------------------------------------------------------------------------------------------------------------
// State

/** The latest recorded deadline of each finding stage that has started. */
export type FindingDeadlines = Readonly<
  Partial<Record<'verify' | 'file' | 'dispatch' | HandlingStage | 'check', GridDeadline>>
>;

/** A finding that exists. */
export interface Finding {
  readonly status: FindingStatus;
  readonly id: string;
  readonly source: FindingSource;
  readonly gridId: string;
  /** The sub-class in force (as reported, or as corrected at filing). */
  readonly category: CategoryEntry;
  readonly description: string;
  readonly location: GeoPoint;
  readonly shopId?: string;
  /** The report exactly as received: redelivery is compared against it. */
  readonly report: FindingReport;
  readonly reportedAt: string;
  readonly selfHandled: boolean;
  readonly deadlines: FindingDeadlines;
  readonly unitId?: string;
  /**
   * The stage the next feedback answers, with its (possibly extended) deadline. `startedAt` is when the stage
   * started (dispatch or rework): an approved extension moves the deadline (and its `startedAt`, the old due time)
   * but it stays the same stage, whose alerts are keyed by this instant.
   */
  readonly handling?: {
    readonly stage: HandlingStage;
    readonly startedAt: string;
    readonly deadline: GridDeadline;
  };
  readonly pendingExtension?: {
    readonly unitId: string;
    readonly workingDays: number;
    readonly reason: string;
    readonly requestedAt: string;
  };
  /** The latest 处置反馈. */
  readonly feedback?: {
    readonly note: string;
    readonly photos: readonly string[];
    readonly at: string;
    readonly onTime: boolean;
  };
  readonly counts: {
    readonly returns: number;
    readonly reworks: number;
    readonly extensions: number;
  };
  /** The working days approved extensions added to this finding, all stages together (`grid.maxExtension`). */
  readonly extendedWorkingDays: number;
  readonly closedAt?: string;
  readonly parkedFrom?: FindingStatus;
  /** The alerts recorded per stage (`stageKey`). */
  readonly alerts: Readonly<Record<string, StageAlertFlags>>;
  /** The escalations that happen once per finding. */
  readonly escalated: { readonly repeated?: boolean };
}

/** A finding stream's state: nothing yet, or a finding. */
export type FindingState = { readonly status: 'none' } | Finding;

/** The state of a stream with no events. */
export const initialFindingState = (): FindingState => ({ status: 'none' });

function reported(event: FindingReported): Finding {
  const { report, category, at, file, verify } = event.data;
  const needsVerification = report.source !== 'patrol' && report.selfHandled !== true;
  return {
    status: needsVerification ? 'reported' : 'awaiting-filing',
    id: report.findingId,
    source: report.source,
    gridId: report.gridId,
    category,
    description: report.description,
    location: report.location,
    shopId: report.shopId,
    report,
    reportedAt: at,
    selfHandled: report.selfHandled === true,
    deadlines: { ...(file ? { file } : {}), ...(verify ? { verify } : {}) },
    counts: { returns: 0, reworks: 0, extensions: 0 },
    extendedWorkingDays: 0,
    alerts: {},
    escalated: {},
  };
}

/** Folds one event into the state. Deadlines are copied from the events, never recomputed. */
export function evolveFinding(state: FindingState, event: FindingEvent): FindingState {
  if (event.type === 'FindingReported') return state.status === 'none' ? reported(event) : state;
  if (state.status === 'none') return state;
  const f: Finding = state;
  switch (event.type) {
    case 'FindingVerified': {
      const { valid, file } = event.data;
      if (!valid) return { ...f, status: 'invalid' };
      return { ...f, status: 'awaiting-filing', deadlines: file ? { ...f.deadlines, file } : f.deadlines };
    }
    case 'FindingFiled':
      return {
        ...f,
        status: 'filed',
        category: event.data.category ?? f.category,
        deadlines: withDispatch(f.deadlines, event.data.dispatch),
      };
    case 'FindingCancelled':
      return { ...f, status: 'cancelled' };
    case 'FindingDispatched':
      return {
        ...f,
        status: 'dispatched',
        unitId: event.data.unitId,
        deadlines: { ...f.deadlines, handle: event.data.handle },
        handling: { stage: 'handle', startedAt: event.data.handle.startedAt, deadline: event.data.handle },
        parkedFrom: undefined,
      };
    case 'FindingReturned':
      return {
        ...f,
        status: 'filed',
        unitId: undefined,
        handling: undefined,
        deadlines: withDispatch(f.deadlines, event.data.dispatch),
        counts: { ...f.counts, returns: f.counts.returns + 1 },
      };
    case 'FindingExtensionRequested': {
      const { unitId, workingDays, reason, at } = event.data;
      return { ...f, pendingExtension: { unitId, workingDays, reason, requestedAt: at } };
    }
    case 'FindingExtensionApproved': {
      const { deadline } = event.data;
      const stage = f.handling?.stage ?? 'handle';
      const startedAt = f.handling?.startedAt ?? deadline.startedAt;
      return {
        ...f,
        pendingExtension: undefined,
        deadlines: { ...f.deadlines, [stage]: deadline },
        handling: { stage, startedAt, deadline },
        counts: { ...f.counts, extensions: f.counts.extensions + 1 },
        extendedWorkingDays: f.extendedWorkingDays + (f.pendingExtension?.workingDays ?? 0),
      };
    }
    case 'FindingExtensionRejected':
    case 'FindingExtensionWithdrawn':
      return { ...f, pendingExtension: undefined };
    case 'FindingHandled': {
      const { note, photos, at, onTime, check } = event.data;
      return {
        ...f,
        status: 'handled',
        feedback: { note, photos, at, onTime },
        deadlines: { ...f.deadlines, check },
      };
    }
    case 'FindingChecked':
      // The outcome moves the status through the event that follows (FindingClosed or FindingReworkStarted).
      return f;
    case 'FindingReworkStarted':
      return {
        ...f,
        status: 'dispatched',
        unitId: event.data.unitId,
        deadlines: { ...f.deadlines, rework: event.data.rework },
        handling: { stage: 'rework', startedAt: event.data.rework.startedAt, deadline: event.data.rework },
        counts: { ...f.counts, reworks: event.data.number },
      };
    case 'FindingClosed':
      return { ...f, status: 'closed', closedAt: event.data.at };
    case 'FindingParked':
      return {
        ...f,
        status: 'parked',
        parkedFrom: event.data.from,
        unitId: undefined,
        handling: undefined,
      };
    case 'FindingDeadlineWarning':
      return withAlert(f, event.data, { warned: true });
    case 'FindingOverdue':
      return withAlert(f, event.data, { overdue: true, superviseAt: event.data.superviseAt });
    case 'FindingEscalated': {
      const { reason } = event.data;
      if (reason === 'overdue') return withAlert(f, event.data, { supervised: true });
      return { ...f, escalated: { ...f.escalated, [reason]: true } };
    }
    case 'FindingDeadlineRevised': {
      const { stage, new: revised } = event.data;
      const handling = f.handling?.stage === stage ? { ...f.handling, deadline: revised } : f.handling;
      return { ...f, deadlines: { ...f.deadlines, [stage]: revised }, handling };
    }
  }
}

/**
 * The dispatch clock a filing or a return started: a filing or return recorded before that clock existed has none,
 * so an earlier one does not linger as if it ran again.
 */
function withDispatch(deadlines: FindingDeadlines, dispatch: GridDeadline | undefined): FindingDeadlines {
  const { dispatch: _earlier, ...rest } = deadlines;
  return dispatch ? { ...rest, dispatch } : rest;
}

function withAlert(
  f: Finding,
  at: { readonly stage?: GridStage; readonly startedAt?: string },
  flags: StageAlertFlags,
): Finding {
  if (at.stage === undefined || at.startedAt === undefined) return f;
  const key = stageKey(at.stage, at.startedAt);
  return { ...f, alerts: { ...f.alerts, [key]: { ...f.alerts[key], ...flags } } };
}
