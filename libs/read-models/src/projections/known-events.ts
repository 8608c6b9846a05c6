import type { RecordedEvent } from '#event-store';
import type { FindingEvent } from '#grid';
import type { TicketEvent } from '#hotline';

/** Every 12345 ticket event type the projections know; `satisfies` keeps the list true to the union. */
const TICKET_EVENT_TYPES = new Set<string>([
  'TicketReceived',
  'TicketSigned',
  'TicketDispatched',
  'TicketAccepted',
  'TicketReturnedToCenter',
  'TicketReturnedUpstream',
  'ContactRecorded',
  'ExtensionRequested',
  'ExtensionApproved',
  'ExtensionRejected',
  'ExtensionWithdrawn',
  'ReplySubmitted',
  'ReplyApproved',
  'ReplyRejected',
  'CallbackRecorded',
  'TicketMarkedAsWarning',
  'ReworkStarted',
  'TicketRepliedUpstream',
  'TicketReopened',
  'TicketUrged',
  'TicketSupervised',
  'CallMerged',
  'TicketParked',
  'TicketClosed',
  'DeadlineRevised',
] satisfies TicketEvent['type'][]);

/** Every grid finding event type the projections know. */
const FINDING_EVENT_TYPES = new Set<string>([
  'FindingReported',
  'FindingVerified',
  'FindingFiled',
  'FindingCancelled',
  'FindingDispatched',
  'FindingReturned',
  'FindingExtensionRequested',
  'FindingExtensionApproved',
  'FindingExtensionRejected',
  'FindingExtensionWithdrawn',
  'FindingHandled',
  'FindingChecked',
  'FindingReworkStarted',
  'FindingClosed',
  'FindingParked',
] satisfies FindingEvent['type'][]);

/** A recorded event as a ticket event, or undefined for a type the projections do not know (skipped). */
export const asTicketEvent = (recorded: RecordedEvent): TicketEvent | undefined =>
  TICKET_EVENT_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as TicketEvent)
    : undefined;

/** A recorded event as a finding event, or undefined for a type the projections do not know (skipped). */
export const asFindingEvent = (recorded: RecordedEvent): FindingEvent | undefined =>
  FINDING_EVENT_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as FindingEvent)
    : undefined;
