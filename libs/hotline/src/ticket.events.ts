import { type DomainEvent, type StageAlertFlags, stageKey } from '#core';
import type { HotlineStage, StageDeadline } from './deadline-policy.js';
import type { ExclusionKind, HotlineRateName, TicketExclusion } from './ticket.exclusion.js';
import type {
  ActorRef,
  CallbackOutcome,
  CallbackRatings,
  CallerRef,
  ContactOutcome,
  RecordCallback,
  RecordContact,
  ReopenKind,
  ReplyResult,
  Satisfaction,
  TicketIntake,
  TicketType,
  Urgency,
} from './ticket.commands.js';

/**
 * Where a ticket stands. A reopened ticket (重办 / 督办 / 回访复核) and one in rework after a dissatisfied street
 * callback are `in-progress` again: `handling.stage` says which (`reopen`, `rework`) and the counters say how often.
 */
export type TicketStatus =
  | 'received'
  | 'signed'
  | 'dispatched'
  | 'accepted'
  | 'in-progress'
  | 'reply-submitted'
  | 'street-callback'
  | 'replied'
  | 'parked'
  | 'closed'
  | 'returned-upstream';

/** Every status, in lifecycle order. */
export const TICKET_STATUSES: readonly TicketStatus[] = [
  'received',
  'signed',
  'dispatched',
  'accepted',
  'in-progress',
  'reply-submitted',
  'street-callback',
  'replied',
  'parked',
  'closed',
  'returned-upstream',
];

/** The stage a reply answers: the first handling, rework after a street callback, or a reopen. */
export type HandlingStage = Extract<HotlineStage, 'handle' | 'rework' | 'reopen'>;
/** A 双先联 contact that a reply went without (only possible where the rules allow it). */
export type MissingContact = 'first-contact' | 'before-reply-contact';

// ---------------------------------------------------------------------------------------------------------------
// Events. `at` is always the server's time (context.now); the client's claims are kept under their own names.

/**
 * `upstream`: the district's deadline (上级时限), from receipt to the reply upstream; absent in tickets received
 * before it was recorded, whose district stage comes from the stored `upstreamDueAt` where there is one.
 */
export type TicketReceived = DomainEvent<
  'TicketReceived',
  TicketIntake & { readonly at: string; readonly sign: StageDeadline; readonly upstream?: StageDeadline }
>;
/** `dispatch`: the step clock until the ticket is dispatched (absent in older logs). */
export type TicketSigned = DomainEvent<
  'TicketSigned',
  { readonly at: string; readonly onTime: boolean; readonly dispatch?: StageDeadline }
>;
/** `accept`: the unit's step clock until it accepts (absent in older logs). */
export type TicketDispatched = DomainEvent<
  'TicketDispatched',
  {
    readonly unitId: string;
    readonly coUnitIds: readonly string[];
    readonly note?: string;
    readonly at: string;
    readonly accept?: StageDeadline;
  }
>;
/** `handle` is absent when the ticket is accepted again during rework or a reopen: that stage's deadline runs on. */
export type TicketAccepted = DomainEvent<
  'TicketAccepted',
  {
    readonly unitId: string;
    readonly at: string;
    readonly firstContact: StageDeadline;
    readonly handle?: StageDeadline;
  }
>;
/** 回退: the unit gave the ticket back to the center, which has `dispatch` to dispatch it again. */
export type TicketReturnedToCenter = DomainEvent<
  'TicketReturnedToCenter',
  { readonly unitId: string; readonly reason: string; readonly at: string; readonly dispatch?: StageDeadline }
>;
/** 退单: the center sent the ticket back to the district. */
export type TicketReturnedUpstream = DomainEvent<
  'TicketReturnedUpstream',
  { readonly reason: string; readonly at: string }
>;
/** One contact attempt; `onTime` (first phase only) compares `at` with the first-contact deadline. */
export type ContactRecorded = DomainEvent<
  'ContactRecorded',
  {
    readonly phase: RecordContact['data']['phase'];
    readonly channel: RecordContact['data']['channel'];
    readonly outcome: ContactOutcome;
    readonly unitId: string;
    /** The handler's claim of when the contact happened. */
    readonly claimedAt?: string;
    readonly note?: string;
    readonly at: string;
    readonly onTime?: boolean;
  }
>;
export type ExtensionRequested = DomainEvent<
  'ExtensionRequested',
  { readonly reason: string; readonly workingDays: number; readonly at: string }
>;
/** Carries the new handle deadline: the extended total counted from the start of handling. */
export type ExtensionApproved = DomainEvent<
  'ExtensionApproved',
  { readonly note?: string; readonly at: string; readonly handle: StageDeadline }
>;
/** The street approved an extension and forwards it to the district (延期申请 upstream), which alone grants it. */
export type ExtensionForwardedUpstream = DomainEvent<
  'ExtensionForwardedUpstream',
  { readonly reason: string; readonly workingDays: number; readonly at: string }
>;
/**
 * The district's answer. A grant moves the district's deadline (`upstream`) and with it the cap on the unit's
 * extended handling deadline (`handle`); the handler then tells the citizen the new date (an extension-notice).
 */
export type UpstreamExtensionDecided = DomainEvent<
  'UpstreamExtensionDecided',
  {
    readonly granted: boolean;
    readonly reason: string;
    readonly at: string;
    readonly upstream?: StageDeadline;
    readonly handle?: StageDeadline;
  }
>;
export type ExtensionRejected = DomainEvent<
  'ExtensionRejected',
  { readonly note?: string; readonly at: string }
>;
/** A pending request lapses when the ticket leaves handling (reply, return, park) before it was decided. */
export type ExtensionWithdrawn = DomainEvent<
  'ExtensionWithdrawn',
  { readonly because: 'reply-submitted' | 'returned-to-center' | 'parked'; readonly at: string }
>;
export type ReplySubmitted = DomainEvent<
  'ReplySubmitted',
  {
    readonly result: ReplyResult;
    readonly summary: string;
    readonly factsConfirmed?: boolean;
    readonly unitId: string;
    readonly at: string;
    readonly stage: HandlingStage;
    readonly dueAt: string;
    readonly onTime: boolean;
    /** 双先联 contacts the reply went without (empty when compliant). */
    readonly missingContacts: readonly MissingContact[];
    /** The center's step clock for its review (absent in older logs). */
    readonly review?: StageDeadline;
  }
>;
/** The reply passed review; the street callback stage starts. */
export type ReplyApproved = DomainEvent<
  'ReplyApproved',
  { readonly note?: string; readonly at: string; readonly callback: StageDeadline }
>;
export type ReplyRejected = DomainEvent<'ReplyRejected', { readonly note?: string; readonly at: string }>;
/**
 * One callback attempt; `onTime` (street only) compares `at` with the callback deadline. `concluded` (street only):
 * whether the outcome concludes the street callback by the rules in force when it was recorded
 * (`concludedCallbackOutcomes`): the one definition the 双回访 gate, the fold and the rates read (absent in older
 * logs, where `concludes(outcome)` stands in). `ratings` (12345 only): efficiency, attitude and result.
 */
export type CallbackRecorded = DomainEvent<
  'CallbackRecorded',
  {
    readonly by: RecordCallback['data']['by'];
    readonly outcome: CallbackOutcome;
    readonly satisfaction?: Satisfaction;
    readonly resolved?: boolean;
    readonly ratings?: CallbackRatings;
    readonly note?: string;
    readonly at: string;
    readonly onTime?: boolean;
    readonly concluded?: boolean;
  }
>;
/** 预警工单: a street callback found a dissatisfied tendency. Raised once per ticket. */
export type TicketMarkedAsWarning = DomainEvent<
  'TicketMarkedAsWarning',
  { readonly reason: string; readonly at: string }
>;
/** 再次处置 back to the unit after a dissatisfied street callback; `number` counts reworks. */
export type ReworkStarted = DomainEvent<
  'ReworkStarted',
  { readonly number: number; readonly at: string; readonly rework: StageDeadline }
>;
/** 办结: the reply went to the district. */
export type TicketRepliedUpstream = DomainEvent<
  'TicketRepliedUpstream',
  {
    readonly note?: string;
    readonly at: string;
    readonly upstreamDueAt?: string;
    /** Against the upstream due time, when the district gave one. */
    readonly onTime?: boolean;
    /** The rules allowed replying without a concluded street callback. */
    readonly streetCallbackMissing: boolean;
  }
>;
export type TicketReopened = DomainEvent<
  'TicketReopened',
  {
    readonly kind: ReopenKind;
    readonly reason: string;
    readonly number: number;
    readonly at: string;
    readonly reopen: StageDeadline;
  }
>;
export type TicketUrged = DomainEvent<
  'TicketUrged',
  {
    readonly note?: string;
    readonly number: number;
    readonly at: string;
    /** 催办 sent on its own: the stage went overdue. */
    readonly automatic?: 'overdue';
  }
>;
export type TicketSupervised = DomainEvent<
  'TicketSupervised',
  {
    readonly note?: string;
    readonly number: number;
    readonly at: string;
    readonly supervision: StageDeadline;
  }
>;
export type CallMerged = DomainEvent<
  'CallMerged',
  {
    readonly callTicketNo: string;
    readonly receivedAt: string;
    readonly caller?: CallerRef;
    readonly note?: string;
    readonly at: string;
  }
>;
export type TicketParked = DomainEvent<
  'TicketParked',
  { readonly reason: string; readonly from: TicketStatus; readonly at: string }
>;
/** 考核剔除 asked for: `unitId` is the requester's unit when a handler asked (absent for the center). */
export type ExclusionRequested = DomainEvent<
  'ExclusionRequested',
  {
    readonly kind: ExclusionKind;
    readonly reason: string;
    readonly rates: readonly HotlineRateName[];
    readonly at: string;
    readonly unitId?: string;
  }
>;
/** The supervisor's decision; `kind` and `rates` copied from the request, so the decision alone says what it left out. */
export type ExclusionDecided = DomainEvent<
  'ExclusionDecided',
  {
    readonly approved: boolean;
    readonly note?: string;
    readonly kind: ExclusionKind;
    readonly rates: readonly HotlineRateName[];
    readonly at: string;
  }
>;
/**
 * An open stage's provisional deadline recomputed after the calendar changed (an official year imported): the
 * recorded deadline and its replacement, both in full. Emitted only when the due or warning time moved or the
 * deadline stopped being provisional; a recorded deadline never changes without one.
 */
export type DeadlineRevised = DomainEvent<
  'DeadlineRevised',
  {
    readonly stage: HotlineStage;
    readonly old: StageDeadline;
    readonly new: StageDeadline;
    readonly reason: 'official-calendar';
    readonly at: string;
  }
>;
/** 查看号码: someone saw a caller's unmasked contact data, with the reason they gave (domain.md §4). */
export type CallerContactRevealed = DomainEvent<
  'CallerContactRevealed',
  {
    readonly callTicketNo: string;
    readonly by: ActorRef;
    readonly reason: string;
    readonly at: string;
  }
>;
/**
 * The callers' personal data was erased after the retention period: the vault entries of `subjectIds` are gone and
 * every view shows the callers as erased, without even the masked number.
 */
export type CallerDataErased = DomainEvent<
  'CallerDataErased',
  {
    readonly subjectIds: readonly string[];
    readonly by: ActorRef;
    readonly reason: string;
    readonly at: string;
  }
>;
export type TicketClosed = DomainEvent<
  'TicketClosed',
  {
    readonly reason?: string;
    readonly from: TicketStatus;
    readonly closedBy: 'command' | 'hotline-callback';
    readonly at: string;
  }
>;

/** 预警: a stage's warning point passed while it was open (from a timer or the sweep). */
export type TicketDeadlineWarning = DomainEvent<
  'TicketDeadlineWarning',
  {
    readonly stage: HotlineStage;
    readonly startedAt: string;
    readonly dueAt: string;
    readonly warnAt: string;
    readonly unitId?: string;
    readonly at: string;
  }
>;
/** 超期: a stage's due time passed while it was open. `superviseAt`: when it escalates to 督办 if still open. */
export type TicketOverdue = DomainEvent<
  'TicketOverdue',
  {
    readonly stage: HotlineStage;
    readonly startedAt: string;
    readonly dueAt: string;
    readonly unitId?: string;
    readonly superviseAt: string;
    readonly at: string;
  }
>;
/**
 * Raised to the supervisors (督办) on its own: a stage still open at its `superviseAt` (`overdue`), a ticket reworked
 * or reopened the configured number of times (`repeated`), or dispatched to that many units (`units`).
 */
export type TicketEscalated = DomainEvent<
  'TicketEscalated',
  {
    readonly reason: 'overdue' | 'repeated' | 'units';
    readonly stage?: HotlineStage;
    readonly startedAt?: string;
    readonly count?: number;
    readonly unitId?: string;
    readonly at: string;
  }
>;

/** Every event of a 12345 ticket; the type strings are permanent. */
export type TicketEvent =
  | TicketReceived
  | TicketSigned
  | TicketDispatched
  | TicketAccepted
  | TicketReturnedToCenter
  | TicketReturnedUpstream
  | ContactRecorded
  | ExtensionRequested
  | ExtensionApproved
  | ExtensionForwardedUpstream
  | UpstreamExtensionDecided
  | ExtensionRejected
  | ExtensionWithdrawn
  | ReplySubmitted
  | ReplyApproved
  | ReplyRejected
  | CallbackRecorded
  | TicketMarkedAsWarning
  | ReworkStarted
  | TicketRepliedUpstream
  | TicketReopened
  | TicketUrged
  | TicketSupervised
  | CallMerged
  | TicketParked
  | TicketClosed
  | DeadlineRevised
  | TicketDeadlineWarning
  | TicketOverdue
  | TicketEscalated
  | CallerContactRevealed
  | CallerDataErased
  | ExclusionRequested
  | ExclusionDecided;

// ---------------------------------------------------------------------------------------------------------------
// State

/** Attempts to reach the citizen in one phase (or one callback stage). */
export interface ContactProgress {
  readonly attempts: number;
  readonly reached: boolean;
  /**
   * The attempts came to an end: reached, or a failure no retry can fix (refused; for contacts a wrong number).
   * `unreachable` is not conclusive: try again, or send an SMS. This is what the 双先联/双回访 gates check.
   */
  readonly concluded: boolean;
}

/** One call that makes up the ticket: the original first, then every merged repeat or duplicate call. */
export interface TicketCall {
  readonly callTicketNo: string;
  readonly receivedAt: string;
  readonly caller?: CallerRef;
}

/** The latest recorded deadline of each stage that has started. */
export type TicketDeadlines = { readonly sign: StageDeadline } & Readonly<
  Partial<Record<Exclude<HotlineStage, 'sign'>, StageDeadline>>
>;

/** A ticket that exists. */
export interface Ticket {
  readonly status: TicketStatus;
  readonly id: string;
  readonly ticketNo: string;
  readonly type: TicketType;
  readonly urgency: Urgency;
  /** The intake exactly as received: redelivery is compared against it. */
  readonly intake: TicketIntake;
  readonly recordedAt: string;
  readonly calls: readonly TicketCall[];
  readonly unitId?: string;
  readonly coUnitIds: readonly string[];
  readonly deadlines: TicketDeadlines;
  /** The stage the next reply answers, with its deadline (extended by an approved extension). */
  readonly handling?: { readonly stage: HandlingStage; readonly deadline: StageDeadline };
  /** Of the current acceptance. */
  readonly firstContact: ContactProgress;
  /** Of the current handling stage (reset by acceptance, rework and reopen). */
  readonly beforeReplyContact: ContactProgress;
  /** Of the current street callback stage (reset when a reply passes review). */
  readonly streetCallback: ContactProgress & {
    readonly satisfaction?: Satisfaction;
    /** Every outcome of this stage's attempts, for the rules that say which outcomes conclude a callback. */
    readonly outcomes?: readonly CallbackOutcome[];
  };
  /** The latest 12345 callback since the ticket was last replied upstream. */
  readonly hotlineCallback?: {
    readonly outcome: CallbackOutcome;
    readonly satisfaction?: Satisfaction;
    readonly resolved?: boolean;
    /** The 12345 callback's ratings of efficiency, attitude and result, when it gave them. */
    readonly ratings?: CallbackRatings;
    readonly at: string;
  };
  readonly extension: {
    readonly pending?: {
      readonly reason: string;
      readonly workingDays: number;
      readonly requestedAt: string;
    };
    readonly approved: boolean;
    /** Approved by the street and waiting for the district's answer. */
    readonly forwarded?: boolean;
    /** The district granted it: the citizen must be told the new date before the next reply. */
    readonly granted?: boolean;
    /** After a grant, until a contact of phase `extension-notice` concluded. */
    readonly noticeDue?: boolean;
  };
  readonly reply?: {
    readonly result: ReplyResult;
    readonly summary: string;
    readonly factsConfirmed?: boolean;
    readonly at: string;
  };
  /** 预警工单. */
  readonly warning: boolean;
  readonly counts: {
    readonly returns: number;
    readonly reworks: number;
    readonly reopens: number;
    readonly urges: number;
    readonly supervisions: number;
  };
  readonly parkedFrom?: TicketStatus;
  /** The alerts recorded per stage (`stageKey`). */
  readonly alerts: Readonly<Record<string, StageAlertFlags>>;
  /** Every unit the ticket was dispatched to, in order, each once. */
  readonly dispatchedUnits: readonly string[];
  /** The escalations that happen once per ticket. */
  readonly escalated: { readonly repeated?: boolean; readonly units?: boolean };
  /** When the ticket ended (closed or returned upstream); a reopen clears it. Retention counts from here. */
  readonly endedAt?: string;
  /** When the callers' personal data was erased. */
  readonly callerErasedAt?: string;
  /** When the reply first went upstream: the district stage ended then. */
  readonly repliedUpstreamAt?: string;
  /** 考核剔除: the latest exclusion request and its decision; null when none was asked for. */
  readonly exclusion: TicketExclusion | null;
}

/** A ticket stream's state: nothing yet, or a ticket. */
export type TicketState = { readonly status: 'none' } | Ticket;

/** The state of a stream with no events. */
export const initialTicketState = (): TicketState => ({ status: 'none' });

const noContact: ContactProgress = { attempts: 0, reached: false, concluded: false };

/** Whether an attempt's outcome ends the attempts of its phase (see ContactProgress.concluded). */
export function concludes(outcome: ContactOutcome | CallbackOutcome): boolean {
  return outcome === 'reached' || outcome === 'refused' || outcome === 'wrong-number';
}

function progress(
  previous: ContactProgress,
  outcome: ContactOutcome | CallbackOutcome,
  concluded = concludes(outcome),
): ContactProgress {
  return {
    attempts: previous.attempts + 1,
    reached: previous.reached || outcome === 'reached',
    concluded: previous.concluded || concluded,
  };
}

/**
 * The district stage of a ticket received before it was recorded: from the stored `upstreamDueAt`, warning at 2/3
 * of the time (the default), in natural time.
 */
function legacyUpstream(at: string, dueAt: string | undefined): StageDeadline | undefined {
  if (dueAt === undefined || Number.isNaN(Date.parse(dueAt))) return undefined;
  const start = Date.parse(at);
  const due = Date.parse(dueAt);
  return {
    stage: 'upstream',
    startedAt: at,
    dueAt: new Date(due).toISOString(),
    warnAt: new Date(start + Math.round(((due - start) * 2) / 3)).toISOString(),
    limit: `${Math.max(0, Math.round((due - start) / 60_000))}m`,
    calendarVersion: 'upstreamDueAt',
    provisional: false,
  };
}

function received(event: TicketReceived): Ticket {
  const { at, sign, upstream: recorded, ...intake } = event.data;
  const upstream = recorded ?? legacyUpstream(at, intake.upstreamDueAt);
  return {
    status: 'received',
    id: intake.ticketId,
    ticketNo: intake.ticketNo,
    type: intake.type,
    urgency: intake.urgency,
    intake,
    recordedAt: at,
    calls: [{ callTicketNo: intake.ticketNo, receivedAt: intake.receivedAt, caller: intake.caller }],
    coUnitIds: [],
    deadlines: { sign, ...(upstream ? { upstream } : {}) },
    firstContact: noContact,
    beforeReplyContact: noContact,
    streetCallback: noContact,
    extension: { approved: false },
    warning: false,
    counts: { returns: 0, reworks: 0, reopens: 0, urges: 0, supervisions: 0 },
    alerts: {},
    dispatchedUnits: [],
    escalated: {},
    exclusion: null,
  };
}

/**
 * Folds one event into the state. Deadlines are copied from the events, never recomputed: a revised deadline
 * comes from its DeadlineRevised event.
 */
export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'TicketReceived') return state.status === 'none' ? received(event) : state;
  if (state.status === 'none') return state;
  const t: Ticket = state;
  switch (event.type) {
    case 'TicketSigned':
      return {
        ...t,
        status: 'signed',
        deadlines: { ...t.deadlines, ...(event.data.dispatch ? { dispatch: event.data.dispatch } : {}) },
      };
    case 'TicketDispatched':
      return {
        ...t,
        status: 'dispatched',
        deadlines: { ...t.deadlines, ...(event.data.accept ? { accept: event.data.accept } : {}) },
        unitId: event.data.unitId,
        coUnitIds: event.data.coUnitIds,
        dispatchedUnits: t.dispatchedUnits.includes(event.data.unitId)
          ? t.dispatchedUnits
          : [...t.dispatchedUnits, event.data.unitId],
      };
    case 'TicketAccepted': {
      const { firstContact, handle } = event.data;
      return {
        ...t,
        status: 'accepted',
        deadlines: { ...t.deadlines, firstContact, ...(handle ? { handle } : {}) },
        handling: handle ? { stage: 'handle', deadline: handle } : t.handling,
        firstContact: noContact,
        beforeReplyContact: noContact,
      };
    }
    case 'TicketReturnedToCenter':
      return {
        ...t,
        status: 'signed',
        deadlines: { ...t.deadlines, ...(event.data.dispatch ? { dispatch: event.data.dispatch } : {}) },
        unitId: undefined,
        coUnitIds: [],
        counts: { ...t.counts, returns: t.counts.returns + 1 },
      };
    case 'TicketReturnedUpstream':
      return { ...t, status: 'returned-upstream', endedAt: event.data.at };
    case 'ContactRecorded': {
      if (event.data.phase === 'extension-notice') {
        const told = concludes(event.data.outcome);
        return told ? { ...t, extension: { ...t.extension, noticeDue: false } } : t;
      }
      if (event.data.phase === 'before-reply') {
        return { ...t, beforeReplyContact: progress(t.beforeReplyContact, event.data.outcome) };
      }
      const firstContact = progress(t.firstContact, event.data.outcome);
      const status = t.status === 'accepted' && firstContact.concluded ? 'in-progress' : t.status;
      return { ...t, status, firstContact };
    }
    case 'ExtensionRequested':
      return {
        ...t,
        extension: {
          ...t.extension,
          pending: {
            reason: event.data.reason,
            workingDays: event.data.workingDays,
            requestedAt: event.data.at,
          },
        },
      };
    case 'ExtensionApproved':
      return {
        ...t,
        extension: { approved: true },
        deadlines: { ...t.deadlines, handle: event.data.handle },
        handling: { stage: 'handle', deadline: event.data.handle },
      };
    case 'ExtensionForwardedUpstream':
      return { ...t, extension: { ...t.extension, forwarded: true } };
    case 'UpstreamExtensionDecided': {
      const { granted, upstream, handle } = event.data;
      const extension = { approved: t.extension.approved, granted, noticeDue: granted };
      if (!granted) return { ...t, extension: { approved: t.extension.approved, granted: false } };
      const handling =
        handle && t.handling?.stage === 'handle'
          ? { stage: 'handle' as const, deadline: handle }
          : t.handling;
      return {
        ...t,
        extension,
        deadlines: { ...t.deadlines, ...(upstream ? { upstream } : {}), ...(handle ? { handle } : {}) },
        handling,
      };
    }
    case 'ExtensionRejected':
    case 'ExtensionWithdrawn':
      return { ...t, extension: { approved: t.extension.approved } };
    case 'ReplySubmitted': {
      const { result, summary, factsConfirmed, at, review } = event.data;
      return {
        ...t,
        status: 'reply-submitted',
        reply: { result, summary, factsConfirmed, at },
        deadlines: { ...t.deadlines, ...(review ? { review } : {}) },
      };
    }
    case 'ReplyApproved':
      return {
        ...t,
        status: 'street-callback',
        deadlines: { ...t.deadlines, callback: event.data.callback },
        streetCallback: noContact,
      };
    case 'ReplyRejected':
      return { ...t, status: 'in-progress' };
    case 'CallbackRecorded': {
      const { by, outcome, satisfaction, resolved, ratings, at } = event.data;
      if (by === 'hotline') {
        return {
          ...t,
          hotlineCallback: { outcome, satisfaction, resolved, ...(ratings ? { ratings } : {}), at },
        };
      }
      // As recorded under the rules in force then; older events, which lack it, by the constant definition.
      const concluded = event.data.concluded ?? concludes(outcome);
      return {
        ...t,
        streetCallback: {
          ...progress(t.streetCallback, outcome, concluded),
          satisfaction: satisfaction ?? t.streetCallback.satisfaction,
          outcomes: [...new Set([...(t.streetCallback.outcomes ?? []), outcome])],
        },
      };
    }
    case 'TicketMarkedAsWarning':
      return { ...t, warning: true };
    case 'ReworkStarted':
      return {
        ...t,
        status: 'in-progress',
        deadlines: { ...t.deadlines, rework: event.data.rework },
        handling: { stage: 'rework', deadline: event.data.rework },
        beforeReplyContact: noContact,
        counts: { ...t.counts, reworks: event.data.number },
      };
    case 'TicketRepliedUpstream':
      return {
        ...t,
        status: 'replied',
        hotlineCallback: undefined,
        repliedUpstreamAt: t.repliedUpstreamAt ?? event.data.at,
      };
    case 'TicketReopened':
      return {
        ...t,
        status: 'in-progress',
        deadlines: { ...t.deadlines, reopen: event.data.reopen },
        handling: { stage: 'reopen', deadline: event.data.reopen },
        beforeReplyContact: noContact,
        parkedFrom: undefined,
        endedAt: undefined,
        counts: { ...t.counts, reopens: event.data.number },
      };
    case 'TicketUrged':
      return { ...t, counts: { ...t.counts, urges: event.data.number } };
    case 'TicketSupervised':
      return {
        ...t,
        deadlines: { ...t.deadlines, supervision: event.data.supervision },
        counts: { ...t.counts, supervisions: event.data.number },
      };
    case 'CallMerged': {
      const { callTicketNo, receivedAt, caller } = event.data;
      return { ...t, calls: [...t.calls, { callTicketNo, receivedAt, caller }] };
    }
    case 'TicketParked':
      return { ...t, status: 'parked', parkedFrom: event.data.from };
    case 'TicketClosed':
      return { ...t, status: 'closed', endedAt: event.data.at };
    case 'CallerContactRevealed':
      return t;
    case 'ExclusionRequested': {
      const { kind, reason, rates, at } = event.data;
      return { ...t, exclusion: { status: 'requested', kind, reason, rates, requestedAt: at } };
    }
    case 'ExclusionDecided': {
      const { approved, note, kind, rates, at } = event.data;
      return {
        ...t,
        exclusion: {
          status: approved ? 'approved' : 'rejected',
          kind,
          reason: t.exclusion?.reason ?? '',
          rates,
          requestedAt: t.exclusion?.requestedAt ?? at,
          decidedAt: at,
          ...(note === undefined ? {} : { note }),
        },
      };
    }
    case 'CallerDataErased':
      return erasedCallers(t, event.data.at);
    case 'TicketDeadlineWarning':
      return withAlert(t, event.data, { warned: true });
    case 'TicketOverdue':
      return withAlert(t, event.data, { overdue: true, superviseAt: event.data.superviseAt });
    case 'TicketEscalated': {
      const { reason } = event.data;
      if (reason === 'overdue') return withAlert(t, event.data, { supervised: true });
      return { ...t, escalated: { ...t.escalated, [reason]: true } };
    }
    case 'DeadlineRevised': {
      const { stage, new: revised } = event.data;
      return {
        ...t,
        deadlines: { ...t.deadlines, [stage]: revised },
        handling: t.handling?.stage === stage ? { stage: t.handling.stage, deadline: revised } : t.handling,
      };
    }
  }
}

/** The caller of one call of the ticket (the first call's by default), if that call had one. */
export function callerOf(t: Ticket, callTicketNo: string = t.ticketNo): CallerRef | undefined {
  return t.calls.find((call) => call.callTicketNo === callTicketNo)?.caller;
}

/** The vault subjects of the ticket's callers (the first call's and every merged call's), each once. */
export function callerSubjectIds(t: Ticket): string[] {
  return [...new Set(t.calls.flatMap((call) => (call.caller ? [call.caller.subjectId] : [])))];
}

/** The ticket after erasure: every caller reference keeps its subject id and confidentiality, nothing else. */
function erasedCallers(t: Ticket, at: string): Ticket {
  const erase = (caller: CallerRef | undefined): CallerRef | undefined =>
    caller && { subjectId: caller.subjectId, confidential: caller.confidential, erased: true };
  const caller = erase(t.intake.caller);
  return {
    ...t,
    intake: { ...t.intake, ...(caller ? { caller } : {}) },
    calls: t.calls.map((call) => ({ ...call, caller: erase(call.caller) })),
    callerErasedAt: at,
  };
}

function withAlert(
  t: Ticket,
  at: { readonly stage?: HotlineStage; readonly startedAt?: string },
  flags: StageAlertFlags,
): Ticket {
  if (at.stage === undefined || at.startedAt === undefined) return t;
  const key = stageKey(at.stage, at.startedAt);
  return { ...t, alerts: { ...t.alerts, [key]: { ...t.alerts[key], ...flags } } };
}
