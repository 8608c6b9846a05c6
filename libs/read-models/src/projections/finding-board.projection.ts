import { asFindingEvent } from './known-events.js';
import type { RecordedEvent } from '#event-store';
import type {
  CategoryEntry,
  FindingEvent,
  FindingSource,
  FindingStatus,
  GridDeadline,
  GridStage,
} from '#grid';
import type { IndexEntry, Projection } from '../projection.js';

/** A stage's deadline as the board shows it. */
export interface FindingBoardDeadline {
  readonly stage: GridStage;
  readonly dueAt: string;
  readonly warnAt: string;
}

/** One grid finding on the board, in the lists and in an inspector's task list. */
export interface FindingBoardDoc {
  readonly id: string;
  readonly gridId: string;
  readonly category: {
    readonly standard: string;
    readonly kind: CategoryEntry['kind'];
    readonly code: string;
    readonly name: string;
  };
  readonly source: FindingSource;
  readonly status: FindingStatus;
  readonly unitId: string | null;
  readonly shopId: string | null;
  /** The server's time of the report. */
  readonly reportedAt: string;
  /** The server's time of the last event. */
  readonly updatedAt: string;
  /** The global position of the last event. */
  readonly position: string;
  /** 自行处置. */
  readonly selfHandled: boolean;
  readonly counts: { readonly reworks: number };
  /**
   * The open stage's deadline: verify while a report awaits verification, file while awaiting filing, dispatch while
   * filed (after filing or a return), handle / rework while dispatched, check while handled; null otherwise (and for
   * a stage recorded before its clock existed).
   */
  readonly deadline: FindingBoardDeadline | null;
  /** The deadlines the current one is chosen from (`verify` and `dispatch` absent in docs built before them). */
  readonly deadlines: {
    readonly verify?: FindingBoardDeadline | null;
    readonly file: FindingBoardDeadline | null;
    readonly dispatch?: FindingBoardDeadline | null;
    readonly handling: FindingBoardDeadline | null;
    readonly check: FindingBoardDeadline | null;
  };
}

/** Statuses a finding never leaves. */
export const FINAL_FINDING_STATUSES: readonly FindingStatus[] = ['closed', 'invalid', 'cancelled'];

/** Whether the finding waits for an inspector of its grid: verification of a report, or the check after handling. */
export const awaitsInspector = (doc: Pick<FindingBoardDoc, 'status'>): boolean =>
  doc.status === 'reported' || doc.status === 'handled';

const board = (deadline: GridDeadline): FindingBoardDeadline => ({
  stage: deadline.stage,
  dueAt: deadline.dueAt,
  warnAt: deadline.warnAt,
});

const categoryOf = ({ standard, kind, code, name }: CategoryEntry): FindingBoardDoc['category'] => ({
  standard,
  kind,
  code,
  name,
});

function openDeadline(
  status: FindingStatus,
  deadlines: FindingBoardDoc['deadlines'],
): FindingBoardDeadline | null {
  switch (status) {
    case 'reported':
      return deadlines.verify ?? null;
    case 'awaiting-filing':
      return deadlines.file;
    case 'filed':
      return deadlines.dispatch ?? null;
    case 'dispatched':
      return deadlines.handling;
    case 'handled':
      return deadlines.check;
    case 'parked':
    case 'closed':
    case 'invalid':
    case 'cancelled':
      return null;
  }
}

type Change = Partial<Omit<FindingBoardDoc, 'deadlines'>> & {
  readonly deadlines?: Partial<FindingBoardDoc['deadlines']>;
};

function reported(event: Extract<FindingEvent, { type: 'FindingReported' }>, recorded: RecordedEvent) {
  const { report, category, at, file, verify } = event.data;
  const needsVerification = report.source !== 'patrol' && report.selfHandled !== true;
  const status: FindingStatus = needsVerification ? 'reported' : 'awaiting-filing';
  const deadlines = {
    verify: verify ? board(verify) : null,
    file: file ? board(file) : null,
    dispatch: null,
    handling: null,
    check: null,
  };
  const doc: FindingBoardDoc = {
    id: report.findingId,
    gridId: report.gridId,
    category: categoryOf(category),
    source: report.source,
    status,
    unitId: null,
    shopId: report.shopId ?? null,
    reportedAt: at,
    updatedAt: at,
    position: recorded.position,
    selfHandled: report.selfHandled === true,
    counts: { reworks: 0 },
    deadline: openDeadline(status, deadlines),
    deadlines,
  };
  return doc;
}

function change(doc: FindingBoardDoc, event: FindingEvent): Change | undefined {
  switch (event.type) {
    case 'FindingReported':
      return undefined;
    case 'FindingVerified': {
      const { valid, file } = event.data;
      if (!valid) return { status: 'invalid' };
      return { status: 'awaiting-filing', ...(file ? { deadlines: { file: board(file) } } : {}) };
    }
    case 'FindingFiled':
      return {
        status: 'filed',
        deadlines: { dispatch: event.data.dispatch ? board(event.data.dispatch) : null },
        ...(event.data.category ? { category: categoryOf(event.data.category) } : {}),
      };
    case 'FindingCancelled':
      return { status: 'cancelled' };
    case 'FindingDispatched':
      return {
        status: 'dispatched',
        unitId: event.data.unitId,
        deadlines: { handling: board(event.data.handle) },
      };
    case 'FindingReturned': {
      const dispatch = event.data.dispatch ? board(event.data.dispatch) : null;
      return { status: 'filed', unitId: null, deadlines: { handling: null, dispatch } };
    }
    case 'FindingExtensionApproved':
      return { deadlines: { handling: board(event.data.deadline) } };
    case 'FindingHandled':
      return { status: 'handled', deadlines: { check: board(event.data.check) } };
    case 'FindingReworkStarted':
      return {
        status: 'dispatched',
        unitId: event.data.unitId,
        deadlines: { handling: board(event.data.rework) },
        counts: { reworks: event.data.number },
      };
    case 'FindingClosed':
      return { status: 'closed' };
    case 'FindingParked':
      return { status: 'parked', unitId: null, deadlines: { handling: null } };
    case 'FindingDeadlineRevised':
      return { deadlines: revisedDeadline(event.data.new) };
    case 'FindingChecked': // the outcome moves the status through the next event
    case 'FindingExtensionRequested':
    case 'FindingExtensionRejected':
    case 'FindingExtensionWithdrawn':
    case 'FindingDeadlineWarning':
    case 'FindingOverdue':
    case 'FindingEscalated':
      return {};
  }
}

/** Where a revised deadline goes: its own stage, or the handling slot for `handle` / `rework`. */
function revisedDeadline(deadline: GridDeadline): Partial<FindingBoardDoc['deadlines']> {
  switch (deadline.stage) {
    case 'verify':
    case 'file':
    case 'dispatch':
    case 'check':
      return { [deadline.stage]: board(deadline) };
    case 'handle':
    case 'rework':
      return { handling: board(deadline) };
    case 'notice':
    case 'claim':
      return {};
  }
}

/**
 * The grid findings board and lists: one doc per finding, indexed newest first (score: report time in ms).
 * `inspector-task:<gridId>` holds the findings an inspector of the grid must act on (`assignedTo=me`).
 */
export const findingBoardProjection: Projection<FindingBoardDoc> = {
  name: 'finding-board',
  version: 1,
  categories: ['finding'],
  evolve(doc, recorded) {
    const event = asFindingEvent(recorded);
    if (!event) return doc;
    if (event.type === 'FindingReported') return doc ?? reported(event, recorded);
    if (!doc) return undefined;
    const delta = change(doc, event);
    if (!delta) return doc;
    const deadlines = { ...doc.deadlines, ...delta.deadlines };
    const status = delta.status ?? doc.status;
    return {
      ...doc,
      ...delta,
      deadlines,
      deadline: openDeadline(status, deadlines),
      updatedAt: event.data.at,
      position: recorded.position,
    };
  },
  indexes(doc) {
    const score = Date.parse(doc.reportedAt);
    const member = doc.id;
    const sets = ['all', `status:${doc.status}`, `grid:${doc.gridId}`, `source:${doc.source}`];
    if (doc.unitId !== null) sets.push(`unit:${doc.unitId}`);
    if (!FINAL_FINDING_STATUSES.includes(doc.status)) sets.push('open');
    if (awaitsInspector(doc)) sets.push(`inspector-task:${doc.gridId}`);
    const entries: IndexEntry[] = sets.map((set) => ({ set, member, score }));
    // Open deadlines by due time, for `overdue`: ZRANGEBYSCORE idx:due -inf <now>.
    if (doc.deadline) entries.push({ set: 'due', member, score: Date.parse(doc.deadline.dueAt) });
    return entries;
  },
};
