import type { Command } from '#core';
import type { HotlineStage } from './deadline-policy.js';
import type { ExclusionKind, HotlineRateName } from './ticket.exclusion.js';
import type { TicketType, Urgency } from './ticket-kind.js';

export type { TicketType, Urgency } from './ticket-kind.js';

/** The ticket types, in the order of domain.md. */
export const TICKET_TYPES: readonly TicketType[] = [
  'consultation',
  'help',
  'complaint',
  'report',
  'suggestion',
  'other',
];

/** A hierarchical category (三级/五级归口): its code and the names from the root down. */
export interface TicketCategory {
  readonly code: string;
  readonly path: readonly string[];
}

/** A caller, by reference only: personal data lives in the vault under `subjectId` (domain.md §4). */
export interface CallerRef {
  readonly subjectId: string;
  /** 是否保密: level-4 units must not see name or number. */
  readonly confidential: boolean;
  readonly phoneMasked?: string;
  /** Set by CallerDataErased: the vault no longer holds the data, and no view shows even the masked number. */
  readonly erased?: true;
}

/** Who did something that is recorded with its author in the event itself (a view of personal data, an erasure). */
export interface ActorRef {
  readonly id: string;
  readonly role: string;
  readonly unitId?: string;
}

/** Outcome of one attempt to reach the citizen by the handler (先行联系 / 答复前联系). */
export type ContactOutcome = 'reached' | 'unreachable' | 'wrong-number' | 'refused';
/** Outcome of one callback attempt (回访). */
export type CallbackOutcome = 'reached' | 'unreachable' | 'refused';
/** 满意 / 基本满意 / 不满意. */
export type Satisfaction = 'satisfied' | 'basically-satisfied' | 'dissatisfied';
/**
 * The official 12345 callback's ratings of the handling (Shanghai's callback asks about each): 办理效率 efficiency,
 * 服务态度 attitude, 办理结果 result.
 */
export interface CallbackRatings {
  readonly efficiency?: Satisfaction;
  readonly attitude?: Satisfaction;
  readonly result?: Satisfaction;
}
/** The aspects a 12345 callback rates. */
export const CALLBACK_RATING_ASPECTS = ['efficiency', 'attitude', 'result'] as const;
/** 实际解决 / 解释说明 / 未解决. */
export type ReplyResult = 'resolved' | 'explained' | 'unresolved';
/** 重办 / 督办 / 回访复核. */
export type ReopenKind = 'redo' | 'supervision' | 'recheck';

/** Intake of a 12345 ticket; `receivedAt` is the platform's claim (the server's time is recorded beside it). */
export type ReceiveTicket = Command<
  'ReceiveTicket',
  {
    readonly ticketId: string;
    /** 工单编号: the upstream number, unique, the idempotency key of intake. */
    readonly ticketNo: string;
    readonly receivedAt: string;
    readonly type: TicketType;
    readonly urgency: Urgency;
    readonly category: TicketCategory;
    readonly title: string;
    readonly content: string;
    readonly address: string;
    readonly channel?: string;
    readonly gridId?: string;
    readonly location?: { readonly lat: number; readonly lng: number };
    readonly caller?: CallerRef;
    readonly upstreamDueAt?: string;
    /** 累计拨打: how many times the citizen called about this before. */
    readonly repeatCount?: number;
  }
>;
/** The data of an intake, as it is kept on the ticket. */
export type TicketIntake = ReceiveTicket['data'];

/** 签收. */
export type SignTicket = Command<'SignTicket', Readonly<Record<string, never>>>;
/** 派遣 to a lead unit, with co-handling units (协办). */
export type DispatchTicket = Command<
  'DispatchTicket',
  { readonly unitId: string; readonly coUnitIds: readonly string[]; readonly note?: string }
>;
/** 接单 by the handler of the unit it was dispatched to. */
export type AcceptTicket = Command<'AcceptTicket', { readonly unitId: string }>;
/**
 * `upstream: true`: 退单, the center sends it back to the district (from received or signed).
 * `upstream: false`: 回退, the unit gives it back to the center, which re-dispatches it.
 */
export type ReturnTicket = Command<
  'ReturnTicket',
  { readonly reason: string; readonly upstream: boolean; readonly unitId?: string }
>;
/** One attempt to contact the citizen; `at` is the handler's claim of when it happened. */
/** The phases of a contact with the citizen. */
export const CONTACT_PHASES = ['first', 'before-reply', 'extension-notice'] as const;
export type ContactPhase = (typeof CONTACT_PHASES)[number];

export type RecordContact = Command<
  'RecordContact',
  {
    /**
     * `first`: 先行联系; `before-reply`: the contact before the reply; `extension-notice`: telling the citizen the new
     * date and the reason after the district granted an extension.
     */
    readonly phase: ContactPhase;
    readonly channel: 'phone' | 'visit' | 'sms';
    readonly outcome: ContactOutcome;
    readonly at?: string;
    readonly note?: string;
  }
>;
/** 延期申请; only before the handle due time. */
export type RequestExtension = Command<
  'RequestExtension',
  { readonly reason: string; readonly workingDays: number }
>;
export type DecideExtension = Command<
  'DecideExtension',
  { readonly approved: boolean; readonly note?: string }
>;
/**
 * The district's answer to an extension the street approved and forwarded (only the integration account sends it):
 * a grant moves the district's deadline to `dueAt` (or the extended total counted from receipt).
 */
export type DecideUpstreamExtension = Command<
  'DecideUpstreamExtension',
  { readonly granted: boolean; readonly dueAt?: string; readonly reason: string }
>;
/** 提交答复. */
export type SubmitReply = Command<
  'SubmitReply',
  { readonly result: ReplyResult; readonly summary: string; readonly factsConfirmed?: boolean }
>;
/** 审核 of the submitted reply by the center. */
export type ReviewReply = Command<'ReviewReply', { readonly approved: boolean; readonly note?: string }>;
/**
 * 回访: `street` is the center's own (街道回访), `hotline` the official 12345 result, which alone may carry `ratings`
 * (efficiency, attitude, result).
 */
export type RecordCallback = Command<
  'RecordCallback',
  {
    readonly by: 'street' | 'hotline';
    readonly outcome: CallbackOutcome;
    readonly satisfaction?: Satisfaction;
    readonly resolved?: boolean;
    readonly ratings?: CallbackRatings;
    readonly note?: string;
  }
>;
/** 办结: the reply goes to the district. */
export type ReplyUpstream = Command<'ReplyUpstream', { readonly note?: string }>;
export type ReopenTicket = Command<'ReopenTicket', { readonly kind: ReopenKind; readonly reason: string }>;
/** 催办. */
export type UrgeTicket = Command<'UrgeTicket', { readonly note?: string }>;
/** 督办, with its own deadline. */
export type SuperviseTicket = Command<'SuperviseTicket', { readonly note?: string }>;
/** 并单: a repeat or duplicate call joins this ticket, keeping its caller. */
export type MergeCall = Command<
  'MergeCall',
  {
    readonly callTicketNo: string;
    readonly receivedAt: string;
    readonly caller?: CallerRef;
    readonly note?: string;
  }
>;
/**
 * 考核剔除: take the ticket out of chosen rates of the district's assessment (a handler of the lead unit or a
 * dispatcher asks; a supervisor decides with DecideExclusion).
 */
export type RequestExclusion = Command<
  'RequestExclusion',
  { readonly kind: ExclusionKind; readonly reason: string; readonly rates: readonly HotlineRateName[] }
>;
/** The supervisor's decision on the pending exclusion request. */
export type DecideExclusion = Command<
  'DecideExclusion',
  { readonly approved: boolean; readonly note?: string }
>;
/** 挂账: a long-term problem, with a written explanation. */
export type ParkTicket = Command<'ParkTicket', { readonly reason: string }>;
/** 结案. */
export type CloseTicket = Command<'CloseTicket', { readonly reason?: string }>;

/**
 * After the working calendar changed (an official year imported): revise the provisional deadlines of the stages
 * still open. `calendarVersion` is the calendar that prompted it; deadlines already recorded on it are left alone.
 */
export type ReviseProvisionalDeadlines = Command<
  'ReviseProvisionalDeadlines',
  { readonly calendarVersion: string }
>;

/**
 * Sent by a deadline timer or the reconciliation sweep, never by a person: the named stage's warning point, due time
 * or 督办 point has passed. Records the alert when the stage is still open and not yet flagged; otherwise nothing.
 */
export type RaiseDeadlineWarning = Command<
  'RaiseDeadlineWarning',
  { readonly stage: HotlineStage; readonly startedAt: string }
>;
export type MarkOverdue = Command<
  'MarkOverdue',
  { readonly stage: HotlineStage; readonly startedAt: string }
>;
export type EscalateOverdue = Command<
  'EscalateOverdue',
  { readonly stage: HotlineStage; readonly startedAt: string }
>;

/** Every command of a 12345 ticket. */
/**
 * 查看号码: showing a caller's unmasked contact data to someone who has to call them. Takes a written reason and is
 * recorded (who, when, which ticket and call, why) before the data is shown (domain.md §4). `callTicketNo` picks a
 * merged call's caller; the first call's by default.
 */
export type RevealCallerContact = Command<
  'RevealCallerContact',
  { readonly reason: string; readonly callTicketNo?: string; readonly by: ActorRef }
>;
/**
 * Erasure of the callers' personal data (PIPL Art. 47) once the retention period after the ticket ended (closed or
 * returned upstream) has passed. The API erases the vault entries of the subjects the event names.
 */
export type EraseCallerData = Command<
  'EraseCallerData',
  { readonly reason: string; readonly retentionDays: number; readonly by: ActorRef }
>;

export type TicketCommand =
  | ReceiveTicket
  | SignTicket
  | DispatchTicket
  | AcceptTicket
  | ReturnTicket
  | RecordContact
  | RequestExtension
  | DecideExtension
  | DecideUpstreamExtension
  | SubmitReply
  | ReviewReply
  | RecordCallback
  | ReplyUpstream
  | ReopenTicket
  | UrgeTicket
  | SuperviseTicket
  | MergeCall
  | RequestExclusion
  | DecideExclusion
  | ParkTicket
  | CloseTicket
  | ReviseProvisionalDeadlines
  | RaiseDeadlineWarning
  | MarkOverdue
  | EscalateOverdue
  | RevealCallerContact
  | EraseCallerData;
