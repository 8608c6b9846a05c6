import { DomainError, InvalidTransitionError } from '#core';
import type { TicketStatus } from './ticket.events.js';

/** The stable codes of every rejection of a ticket command; clients may rely on them. */
export const TICKET_ERRORS = {
  /** 409: the status does not allow the command (the details name the status and where it is allowed). */
  INVALID_TRANSITION: 'TICKET.INVALID_TRANSITION',
  /** 404: no ticket in this stream. */
  NOT_FOUND: 'TICKET.NOT_FOUND',
  /** 409: the ticket exists with a different intake. */
  INTAKE_CONFLICT: 'TICKET.INTAKE_CONFLICT',
  /** 422: a dispatch to a unit the directory does not have, or no longer active. */
  UNKNOWN_UNIT: 'TICKET.UNKNOWN_UNIT',
  /** 403: a handler of a co-handling unit: only the lead unit acts on the ticket. */
  NOT_YOUR_UNIT: 'TICKET.NOT_YOUR_UNIT',
  /** 403: the role may not send this command (e.g. a dispatcher recording the 12345 callback). */
  ROLE_NOT_ALLOWED: 'TICKET.ROLE_NOT_ALLOWED',
  /** 403: the street records street callbacks, the 12345 platform its own. */
  CALLBACK_NOT_YOURS: 'TICKET.CALLBACK_NOT_YOURS',
  /** 403: the command names a unit the ticket is not dispatched to. */
  WRONG_UNIT: 'TICKET.WRONG_UNIT',
  /** 400: a required written reason is empty. */
  REASON_REQUIRED: 'TICKET.REASON_REQUIRED',
  /** 400: a time that is not ISO-8601. */
  INVALID_TIME: 'TICKET.INVALID_TIME',
  /** 400: the lead unit among the co-units, or a co-unit twice. */
  INVALID_CO_UNITS: 'TICKET.INVALID_CO_UNITS',
  /** 400: working days not a whole number in 1..the extended total. */
  INVALID_EXTENSION: 'TICKET.INVALID_EXTENSION',
  /** 400: a satisfaction rating from a callback that did not reach the citizen. */
  RATING_WITHOUT_CONTACT: 'TICKET.RATING_WITHOUT_CONTACT',
  /** 422: 双先联 (1): no concluded first contact before handling/replying. */
  FIRST_CONTACT_MISSING: 'TICKET.FIRST_CONTACT_MISSING',
  /** 422: 双先联 (2): no concluded contact before submitting the reply. */
  BEFORE_REPLY_CONTACT_MISSING: 'TICKET.BEFORE_REPLY_CONTACT_MISSING',
  /** 422: 双回访 (1): no concluded street callback before replying upstream. */
  STREET_CALLBACK_MISSING: 'TICKET.STREET_CALLBACK_MISSING',
  /** 422: an extension requested at or after the handle due time. */
  EXTENSION_AFTER_DUE: 'TICKET.EXTENSION_AFTER_DUE',
  /** 422: extensions exist for the first handling stage only, not for rework or a reopen. */
  EXTENSION_NOT_IN_HANDLE_STAGE: 'TICKET.EXTENSION_NOT_IN_HANDLE_STAGE',
  /** 422: an extension was already approved (the total is the most there is). */
  ALREADY_EXTENDED: 'TICKET.ALREADY_EXTENDED',
  /** 409: another extension request is pending. */
  EXTENSION_PENDING: 'TICKET.EXTENSION_PENDING',
  /** 422: on the due day after the cut-off (default 17:00), the district takes no extension request. */
  EXTENSION_AFTER_CUTOFF: 'TICKET.EXTENSION_AFTER_CUTOFF',
  /** 409: no extension forwarded to the district and still waiting for its answer. */
  NO_FORWARDED_EXTENSION: 'TICKET.NO_FORWARDED_EXTENSION',
  /** 422: a grant whose due time is earlier than the district's deadline as it stands. */
  GRANT_EARLIER: 'TICKET.GRANT_EARLIER',
  /** 422: after a granted extension the citizen must be told the new date (an extension-notice) before a reply. */
  EXTENSION_NOTICE_MISSING: 'TICKET.EXTENSION_NOTICE_MISSING',
  /** 409: no extension request to decide. */
  NO_PENDING_EXTENSION: 'TICKET.NO_PENDING_EXTENSION',
  /** 404: the ticket (or the named call) has no caller. */
  NO_CALLER: 'TICKET.NO_CALLER',
  /** 403: 是否保密, a unit's staff may not see a confidential caller at all. */
  CALLER_CONFIDENTIAL: 'TICKET.CALLER_CONFIDENTIAL',
  /** 409: the callers' personal data has been erased. */
  CALLER_ERASED: 'TICKET.CALLER_ERASED',
  /** 422: the retention period after the ticket ended has not passed yet. */
  RETENTION_NOT_OVER: 'TICKET.RETENTION_NOT_OVER',
  /** 400: ratings (efficiency, attitude, result) come with the official 12345 callback only. */
  RATINGS_HOTLINE_ONLY: 'TICKET.RATINGS_HOTLINE_ONLY',
  /** 400: an exclusion request without a known kind, or whose rates are empty, unknown or repeated. */
  INVALID_EXCLUSION: 'TICKET.INVALID_EXCLUSION',
  /** 409: an exclusion request awaits the supervisor's decision. */
  EXCLUSION_PENDING: 'TICKET.EXCLUSION_PENDING',
  /** 409: the ticket is already excluded (an approved request); it cannot be asked for again. */
  ALREADY_EXCLUDED: 'TICKET.ALREADY_EXCLUDED',
  /** 409: no exclusion request waits for a decision. */
  NO_EXCLUSION_REQUESTED: 'TICKET.NO_EXCLUSION_REQUESTED',
} as const;

/** One of the codes above. */
export type TicketErrorCode = (typeof TICKET_ERRORS)[keyof typeof TICKET_ERRORS];

const E = TICKET_ERRORS;

/** Factories for the rejections of the ticket decider. */
export const ticketErrors = {
  invalidTransition: (command: string, status: TicketStatus, allowedIn: readonly TicketStatus[]) =>
    new InvalidTransitionError(E.INVALID_TRANSITION, command, status, allowedIn),
  extensionAfterCutoff: (dueAt: string, cutoff: string, at: string) =>
    new DomainError(
      E.EXTENSION_AFTER_CUTOFF,
      'rule',
      `An extension must be requested before ${cutoff} on the day it falls due (${dueAt})`,
      { dueAt, cutoff, at },
    ),
  noForwardedExtension: () =>
    new DomainError(E.NO_FORWARDED_EXTENSION, 'invalid-state', 'No extension is waiting for the district'),
  grantEarlier: (dueAt: string, grantedDueAt: string) =>
    new DomainError(
      E.GRANT_EARLIER,
      'rule',
      `A grant cannot bring the district's deadline (${dueAt}) forward to ${grantedDueAt}`,
      { dueAt, grantedDueAt },
    ),
  extensionNoticeMissing: () =>
    new DomainError(
      E.EXTENSION_NOTICE_MISSING,
      'rule',
      'Tell the citizen the new date and the reason (a contact of phase extension-notice) before the reply',
    ),
  unknownUnit: (unitId: string) =>
    new DomainError(E.UNKNOWN_UNIT, 'rule', `No active unit ${unitId} in the directory`, { unitId }),
  notFound: (command: string) =>
    new DomainError(E.NOT_FOUND, 'not-found', `${command}: no such ticket`, { command }),
  intakeConflict: (ticketNo: string, fields: readonly string[]) =>
    new DomainError(
      E.INTAKE_CONFLICT,
      'invalid-state',
      `Ticket ${ticketNo} was received with other content (${fields.join(', ')})`,
      { ticketNo, fields },
    ),
  wrongUnit: (command: string, unitId: string, dispatchedTo: string | undefined) =>
    new DomainError(
      E.WRONG_UNIT,
      'forbidden',
      `${command}: the ticket is dispatched to ${dispatchedTo ?? 'no unit'}, not to ${unitId}`,
      { command, unitId, dispatchedTo },
    ),
  reasonRequired: (command: string) =>
    new DomainError(E.REASON_REQUIRED, 'invalid-input', `${command} needs a written reason`, {
      command,
      field: 'reason',
    }),
  invalidTime: (field: string, value: string) =>
    new DomainError(E.INVALID_TIME, 'invalid-input', `${field} is not an ISO-8601 time: ${value}`, {
      field,
      value,
    }),
  invalidCoUnits: (unitId: string, coUnitIds: readonly string[]) =>
    new DomainError(
      E.INVALID_CO_UNITS,
      'invalid-input',
      'Co-handling units must be distinct and must not include the lead unit',
      { field: 'coUnitIds', unitId, coUnitIds },
    ),
  invalidExtension: (workingDays: number, max: number) =>
    new DomainError(
      E.INVALID_EXTENSION,
      'invalid-input',
      `An extension asks for a whole number of working days from 1 to ${max}, not ${workingDays}`,
      { field: 'workingDays', workingDays, max },
    ),
  ratingWithoutContact: (outcome: string, field: 'satisfaction' | 'ratings' = 'satisfaction') =>
    new DomainError(
      E.RATING_WITHOUT_CONTACT,
      'invalid-input',
      `A callback that did not reach the citizen (${outcome}) carries no satisfaction rating`,
      { field, outcome },
    ),
  ratingsHotlineOnly: () =>
    new DomainError(
      E.RATINGS_HOTLINE_ONLY,
      'invalid-input',
      'Ratings of efficiency, attitude and result come with the official 12345 callback only (by: hotline)',
      { field: 'ratings' },
    ),
  invalidExclusion: (field: 'kind' | 'rates', detail: string) =>
    new DomainError(E.INVALID_EXCLUSION, 'invalid-input', `An exclusion request: ${detail}`, { field }),
  exclusionPending: (requestedAt: string) =>
    new DomainError(
      E.EXCLUSION_PENDING,
      'invalid-state',
      `An exclusion request of ${requestedAt} awaits the supervisor's decision`,
      { requestedAt },
    ),
  alreadyExcluded: (rates: readonly string[], decidedAt: string | undefined) =>
    new DomainError(
      E.ALREADY_EXCLUDED,
      'invalid-state',
      `The ticket is already excluded from ${rates.join(', ')}`,
      { rates, decidedAt },
    ),
  noExclusionRequested: () =>
    new DomainError(
      E.NO_EXCLUSION_REQUESTED,
      'invalid-state',
      'There is no exclusion request waiting for a decision',
    ),
  firstContactMissing: (command: string) =>
    new DomainError(
      E.FIRST_CONTACT_MISSING,
      'rule',
      `${command}: record the first contact (先行联系) with the citizen first; an unreachable attempt does not ` +
        'conclude it (try again, or send an SMS)',
      { command },
    ),
  beforeReplyContactMissing: () =>
    new DomainError(
      E.BEFORE_REPLY_CONTACT_MISSING,
      'rule',
      'SubmitReply: contact the citizen about the result (phase before-reply) before submitting the reply',
      { command: 'SubmitReply' },
    ),
  streetCallbackMissing: () =>
    new DomainError(
      E.STREET_CALLBACK_MISSING,
      'rule',
      'ReplyUpstream: the street callback (街道回访) has not reached the citizen yet',
      { command: 'ReplyUpstream' },
    ),
  extensionAfterDue: (dueAt: string, now: string) =>
    new DomainError(
      E.EXTENSION_AFTER_DUE,
      'rule',
      `An extension must be requested before the handle due time ${dueAt}`,
      { dueAt, now },
    ),
  extensionNotInHandleStage: (stage: string) =>
    new DomainError(
      E.EXTENSION_NOT_IN_HANDLE_STAGE,
      'rule',
      `Extensions apply to the first handling stage only, not to ${stage}`,
      { stage },
    ),
  alreadyExtended: (dueAt: string) =>
    new DomainError(E.ALREADY_EXTENDED, 'rule', `The ticket was already extended (due ${dueAt})`, { dueAt }),
  extensionPending: (requestedAt: string) =>
    new DomainError(
      E.EXTENSION_PENDING,
      'invalid-state',
      `An extension request of ${requestedAt} awaits its decision`,
      { requestedAt },
    ),
  noPendingExtension: () =>
    new DomainError(E.NO_PENDING_EXTENSION, 'invalid-state', 'There is no extension request to decide'),
  noCaller: (callTicketNo: string) =>
    new DomainError(E.NO_CALLER, 'not-found', `Call ${callTicketNo} of this ticket has no caller`, {
      callTicketNo,
    }),
  callerConfidential: () =>
    new DomainError(
      E.CALLER_CONFIDENTIAL,
      'forbidden',
      'The caller asked for confidentiality (是否保密): the units do not see them',
      {},
    ),
  callerErased: (erasedAt: string) =>
    new DomainError(E.CALLER_ERASED, 'invalid-state', `The callers' data was erased at ${erasedAt}`, {
      erasedAt,
    }),
  retentionNotOver: (endedAt: string, erasableFrom: string, retentionDays: number) =>
    new DomainError(
      E.RETENTION_NOT_OVER,
      'rule',
      `Personal data is kept ${retentionDays} days after the ticket ended (${endedAt}); erasable from ${erasableFrom}`,
      { endedAt, erasableFrom, retentionDays },
    ),
};
