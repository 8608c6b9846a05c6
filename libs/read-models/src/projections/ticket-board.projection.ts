import { asTicketEvent } from './known-events.js';
import type { RecordedEvent } from '#event-store';
import {
  concludes,
  type HotlineStage,
  type StageDeadline,
  type TicketEvent,
  type TicketStatus,
  type TicketType,
  type Urgency,
} from '#hotline';
import type { IndexEntry, Projection } from '../projection.js';

/** A stage's deadline as the board shows it. */
export interface BoardDeadline {
  readonly stage: HotlineStage;
  readonly dueAt: string;
  readonly warnAt: string;
}

/**
 * One 12345 ticket on the board and in the lists. Carries no personal data: of the caller only whether there is
 * one, whether it is confidential and the masked phone number (never the subject id, a name or a number).
 */
export interface TicketBoardDoc {
  readonly id: string;
  readonly ticketNo: string;
  readonly title: string;
  readonly type: TicketType;
  readonly urgency: Urgency;
  readonly channel: string | null;
  readonly categoryCode: string;
  readonly gridId: string | null;
  readonly status: TicketStatus;
  /** The lead unit (null before dispatch and after a return to the center). */
  readonly unitId: string | null;
  readonly coUnitIds: readonly string[];
  /** The server's time of intake (`at` of TicketReceived). */
  readonly receivedAt: string;
  /** The server's time of the last event. */
  readonly updatedAt: string;
  /** The global position of the last event. */
  readonly position: string;
  /** 预警工单. */
  readonly warning: boolean;
  readonly counts: { readonly reworks: number; readonly reopens: number };
  /**
   * The open step's deadline: sign while received, dispatch while signed, accept while dispatched, handle / rework /
   * reopen while accepted or in progress, review while a reply waits, callback while in the street callback; the
   * district's while parked; null otherwise.
   */
  readonly deadline: BoardDeadline | null;
  /** The district's deadline (上级时限) while it runs: from receipt until the reply goes upstream. */
  readonly upstream: BoardDeadline | null;
  /** The deadlines the current one is chosen from (kept so a stage entered again finds its deadline). */
  readonly deadlines: {
    readonly sign: BoardDeadline;
    readonly dispatch?: BoardDeadline | null;
    readonly accept?: BoardDeadline | null;
    readonly handling: BoardDeadline | null;
    readonly review?: BoardDeadline | null;
    readonly callback: BoardDeadline | null;
  };
  readonly hasCaller: boolean;
  readonly confidential: boolean;
  readonly phoneMasked: string | null;
  /** The callers' personal data was erased (CallerDataErased): no masked number either. */
  readonly callerErased?: true;
}

/** Statuses a ticket never leaves. */
export const FINAL_TICKET_STATUSES: readonly TicketStatus[] = ['closed', 'returned-upstream'];

const board = (deadline: StageDeadline): BoardDeadline => ({
  stage: deadline.stage,
  dueAt: deadline.dueAt,
  warnAt: deadline.warnAt,
});

function openDeadline(
  status: TicketStatus,
  deadlines: TicketBoardDoc['deadlines'],
  upstream: BoardDeadline | null,
): BoardDeadline | null {
  switch (status) {
    case 'received':
      return deadlines.sign;
    case 'signed':
      return deadlines.dispatch ?? null;
    case 'dispatched':
      return deadlines.accept ?? null;
    case 'accepted':
    case 'in-progress':
      return deadlines.handling;
    case 'reply-submitted':
      return deadlines.review ?? null;
    case 'street-callback':
      return deadlines.callback;
    case 'parked':
      return upstream;
    case 'replied':
    case 'closed':
    case 'returned-upstream':
      return null;
  }
}

/** The district's deadline of an intake: as recorded, or from the stored upstreamDueAt of an older log. */
function upstreamOf(event: Extract<TicketEvent, { type: 'TicketReceived' }>): BoardDeadline | null {
  const { upstream, upstreamDueAt, at } = event.data;
  if (upstream) return board(upstream);
  if (upstreamDueAt === undefined || Number.isNaN(Date.parse(upstreamDueAt))) return null;
  const start = Date.parse(at);
  const due = Date.parse(upstreamDueAt);
  return {
    stage: 'upstream',
    dueAt: new Date(due).toISOString(),
    warnAt: new Date(start + Math.round(((due - start) * 2) / 3)).toISOString(),
  };
}

type Change = Partial<Omit<TicketBoardDoc, 'deadlines'>> & {
  readonly deadlines?: Partial<TicketBoardDoc['deadlines']>;
};

function received(event: Extract<TicketEvent, { type: 'TicketReceived' }>, recorded: RecordedEvent) {
  const { at, sign, ticketId, ticketNo, title, type, urgency, channel, category, gridId, caller } =
    event.data;
  const deadlines = { sign: board(sign), handling: null, callback: null };
  const doc: TicketBoardDoc = {
    id: ticketId,
    ticketNo,
    title,
    type,
    urgency,
    channel: channel ?? null,
    categoryCode: category.code,
    gridId: gridId ?? null,
    status: 'received',
    unitId: null,
    coUnitIds: [],
    receivedAt: at,
    updatedAt: at,
    position: recorded.position,
    warning: false,
    counts: { reworks: 0, reopens: 0 },
    deadline: deadlines.sign,
    upstream: upstreamOf(event),
    deadlines,
    hasCaller: caller !== undefined,
    confidential: caller?.confidential === true,
    phoneMasked: caller?.phoneMasked ?? null,
  };
  return doc;
}

/** The doc's change caused by one event (besides updatedAt, position and the derived deadline). */
function change(doc: TicketBoardDoc, event: TicketEvent): Change | undefined {
  switch (event.type) {
    case 'TicketReceived':
      return undefined;
    case 'TicketSigned':
      return {
        status: 'signed',
        ...(event.data.dispatch ? { deadlines: { dispatch: board(event.data.dispatch) } } : {}),
      };
    case 'TicketDispatched':
      return {
        status: 'dispatched',
        unitId: event.data.unitId,
        coUnitIds: [...event.data.coUnitIds],
        ...(event.data.accept ? { deadlines: { accept: board(event.data.accept) } } : {}),
      };
    case 'TicketAccepted': {
      const { handle } = event.data;
      return { status: 'accepted', ...(handle ? { deadlines: { handling: board(handle) } } : {}) };
    }
    case 'TicketReturnedToCenter':
      return { status: 'signed', unitId: null, coUnitIds: [] };
    case 'TicketReturnedUpstream':
      return { status: 'returned-upstream' };
    case 'ContactRecorded':
      // The first concluded first-phase contact after acceptance starts handling (as the decider's fold).
      return doc.status === 'accepted' && event.data.phase === 'first' && concludes(event.data.outcome)
        ? { status: 'in-progress' }
        : {};
    case 'ExtensionApproved':
      return { deadlines: { handling: board(event.data.handle) } };
    case 'UpstreamExtensionDecided': {
      const { handle, upstream } = event.data;
      return {
        ...(upstream && doc.upstream ? { upstream: board(upstream) } : {}),
        ...(handle && doc.deadlines.handling?.stage === 'handle'
          ? { deadlines: { handling: board(handle) } }
          : {}),
      };
    }
    case 'ReplySubmitted':
      return {
        status: 'reply-submitted',
        ...(event.data.review ? { deadlines: { review: board(event.data.review) } } : {}),
      };
    case 'ReplyApproved':
      return { status: 'street-callback', deadlines: { callback: board(event.data.callback) } };
    case 'ReplyRejected':
      return { status: 'in-progress' };
    case 'TicketMarkedAsWarning':
      return { warning: true };
    case 'ReworkStarted':
      return {
        status: 'in-progress',
        deadlines: { handling: board(event.data.rework) },
        counts: { ...doc.counts, reworks: event.data.number },
      };
    case 'TicketRepliedUpstream':
      return { status: 'replied' };
    case 'TicketReopened':
      return {
        status: 'in-progress',
        deadlines: { handling: board(event.data.reopen) },
        counts: { ...doc.counts, reopens: event.data.number },
      };
    case 'CallMerged': {
      const { caller } = event.data;
      if (!caller) return {};
      // A merged call's caller makes the ticket confidential if any caller asked for it.
      return {
        hasCaller: true,
        confidential: doc.confidential || caller.confidential,
        phoneMasked: doc.phoneMasked ?? caller.phoneMasked ?? null,
      };
    }
    case 'TicketParked':
      return { status: 'parked' };
    case 'TicketClosed':
      return { status: 'closed' };
    case 'CallerDataErased':
      return { phoneMasked: null, callerErased: true };
    case 'CallerContactRevealed':
      // A view of the data, not a change of the case: the board (and its updatedAt) stays as it was.
      return undefined;
    case 'DeadlineRevised': {
      const { stage, new: revised } = event.data;
      if (stage === 'sign') return { deadlines: { sign: board(revised) } };
      if (stage === 'callback') return { deadlines: { callback: board(revised) } };
      if (doc.deadlines.handling?.stage === stage) return { deadlines: { handling: board(revised) } };
      return {};
    }
    case 'CallbackRecorded':
    case 'ExtensionRequested':
    case 'ExtensionRejected':
    case 'ExtensionWithdrawn':
    case 'ExtensionForwardedUpstream':
    case 'TicketUrged':
    case 'TicketDeadlineWarning':
    case 'TicketOverdue':
    case 'TicketEscalated':
    case 'TicketSupervised':
    case 'ExclusionRequested': // 考核剔除 concerns the statistics (hotline-rates), not the board's fields.
    case 'ExclusionDecided':
      return {};
  }
}

/** The 12345 board and lists: one doc per ticket, indexed newest first (score: intake time in ms). */
export const ticketBoardProjection: Projection<TicketBoardDoc> = {
  name: 'ticket-board',
  // 2: the district's deadline and the step clocks (dispatch, accept, review).
  version: 2,
  categories: ['ticket'],
  evolve(doc, recorded) {
    const event = asTicketEvent(recorded);
    if (!event) return doc;
    if (event.type === 'TicketReceived') return doc ?? received(event, recorded);
    if (!doc) return undefined;
    const delta = change(doc, event);
    if (!delta) return doc;
    const deadlines = { ...doc.deadlines, ...delta.deadlines };
    const status = delta.status ?? doc.status;
    // The district's stage ends with the reply upstream (or the ticket's end); a reopen does not start it again.
    const ended = event.type === 'TicketRepliedUpstream' || FINAL_TICKET_STATUSES.includes(status);
    const upstream = ended ? null : (delta.upstream ?? doc.upstream ?? null);
    const at = (event.data as { at?: string }).at ?? recorded.recordedAt;
    return {
      ...doc,
      ...delta,
      deadlines,
      upstream,
      deadline: openDeadline(status, deadlines, upstream),
      updatedAt: at,
      position: recorded.position,
    };
  },
  indexes(doc) {
    const score = Date.parse(doc.receivedAt);
    const member = doc.id;
    const sets = [
      'all',
      `status:${doc.status}`,
      `type:${doc.type}`,
      `urgency:${doc.urgency}`,
      ...new Set(
        [doc.unitId, ...doc.coUnitIds].filter((unit) => unit !== null).map((unit) => `unit:${unit}`),
      ),
    ];
    if (doc.gridId !== null) sets.push(`grid:${doc.gridId}`);
    if (!FINAL_TICKET_STATUSES.includes(doc.status)) sets.push('open');
    const entries: IndexEntry[] = sets.map((set) => ({ set, member, score }));
    // Open deadlines by due time, for `overdue`: ZRANGEBYSCORE idx:due -inf <now>.
    if (doc.deadline) entries.push({ set: 'due', member, score: Date.parse(doc.deadline.dueAt) });
    return entries;
  },
};
