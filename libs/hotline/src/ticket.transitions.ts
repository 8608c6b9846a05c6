import type { TicketCommand } from './ticket.commands.js';
import { TICKET_STATUSES, type TicketStatus } from './ticket.events.js';

/** Every status in which the ticket is being worked on (not parked, not final). */
export const ACTIVE_TICKET_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (status) => status !== 'parked' && status !== 'closed' && status !== 'returned-upstream',
);
/** Where side actions (urge, supervise, merge) are allowed: every status but the final ones. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = [...ACTIVE_TICKET_STATUSES, 'parked'];
/**
 * Where each command is allowed, by the label used in InvalidTransitionError (ReturnTicket and RecordCallback
 * have two meanings each). The HTTP layer may use it to offer only the actions that can succeed.
 */
export const TICKET_COMMAND_STATUSES = {
  ReceiveTicket: [],
  SignTicket: ['received'],
  DispatchTicket: ['signed'],
  AcceptTicket: ['dispatched'],
  'ReturnTicket (upstream)': ['received', 'signed'],
  'ReturnTicket (to center)': ['dispatched', 'accepted', 'in-progress'],
  RecordContact: ['accepted', 'in-progress'],
  RequestExtension: ['accepted', 'in-progress'],
  DecideExtension: ['accepted', 'in-progress'],
  /** The district may answer while the ticket is anywhere in the street (a unit may have replied or returned it). */
  DecideUpstreamExtension: OPEN_TICKET_STATUSES,
  SubmitReply: ['accepted', 'in-progress'],
  ReviewReply: ['reply-submitted'],
  'RecordCallback (street)': ['street-callback'],
  'RecordCallback (hotline)': ['replied', 'closed'],
  ReplyUpstream: ['street-callback'],
  ReopenTicket: ['replied', 'closed'],
  UrgeTicket: OPEN_TICKET_STATUSES,
  SuperviseTicket: OPEN_TICKET_STATUSES,
  MergeCall: OPEN_TICKET_STATUSES,
  ParkTicket: ACTIVE_TICKET_STATUSES,
  CloseTicket: ['replied', 'parked'],
  /** Everywhere: where no stage is open (e.g. closed, returned-upstream) nothing happens; a sweep asks every ticket. */
  ReviseProvisionalDeadlines: TICKET_STATUSES,
  /** Everywhere, like the revision: a timer may fire after the stage ended, and then nothing happens. */
  RaiseDeadlineWarning: TICKET_STATUSES,
  MarkOverdue: TICKET_STATUSES,
  EscalateOverdue: TICKET_STATUSES,
  /** The center may need to call at any point (callbacks, reviews, complaints about the handling). */
  'RevealCallerContact (center)': TICKET_STATUSES,
  /** A unit calls while it handles the ticket (先行联系, the contact before the reply). */
  'RevealCallerContact (unit)': ['accepted', 'in-progress'],
  EraseCallerData: ['closed', 'returned-upstream'],
  /** 考核剔除 is judged after the fact: in every status once the ticket exists, closed and replied included. */
  RequestExclusion: TICKET_STATUSES,
  DecideExclusion: TICKET_STATUSES,
} as const satisfies Readonly<Record<string, readonly TicketStatus[]>>;

/** A command as InvalidTransitionError names it. */
export type TicketCommandLabel = keyof typeof TICKET_COMMAND_STATUSES;

/** The label of a command: its type, with the variant for ReturnTicket and RecordCallback. */
export function commandLabel(command: TicketCommand): TicketCommandLabel {
  if (command.type === 'ReturnTicket') {
    return command.data.upstream ? 'ReturnTicket (upstream)' : 'ReturnTicket (to center)';
  }
  if (command.type === 'RecordCallback') return `RecordCallback (${command.data.by})`;
  if (command.type === 'RevealCallerContact') {
    return command.data.by.role === 'handler' ? 'RevealCallerContact (unit)' : 'RevealCallerContact (center)';
  }
  return command.type;
}
