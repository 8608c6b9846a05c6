import type { RecordedEvent } from '#event-store';
import type { FindingEvent } from '#grid';
import type { TicketEvent } from '#hotline';

/** Every 12345 ticket event type; `satisfies Record<…>` makes a new event type a compile error until listed. */
const TICKET_EVENT_TYPES = new Set<string>(
  Object.keys({
    TicketReceived: true,
    TicketSigned: true,
    TicketDispatched: true,
    TicketAccepted: true,
    TicketReturnedToCenter: true,
    TicketReturnedUpstream: true,
    ContactRecorded: true,
    ExtensionRequested: true,
    ExtensionApproved: true,
    ExtensionRejected: true,
    ExtensionWithdrawn: true,
    ReplySubmitted: true,
    ReplyApproved: true,
    ReplyRejected: true,
    CallbackRecorded: true,
    TicketMarkedAsWarning: true,
    ReworkStarted: true,
    TicketRepliedUpstream: true,
    TicketReopened: true,
    TicketUrged: true,
    TicketSupervised: true,
    CallMerged: true,
    TicketParked: true,
    TicketClosed: true,
    DeadlineRevised: true,
    TicketDeadlineWarning: true,
    TicketOverdue: true,
    TicketEscalated: true,
    CallerContactRevealed: true,
    CallerDataErased: true,
    ExtensionForwardedUpstream: true,
    UpstreamExtensionDecided: true,
    ExclusionRequested: true,
    ExclusionDecided: true,
  } satisfies Record<TicketEvent['type'], true>),
);

/** Every grid finding event type the projections know. */
const FINDING_EVENT_TYPES = new Set<string>(
  Object.keys({
    FindingReported: true,
    FindingVerified: true,
    FindingFiled: true,
    FindingCancelled: true,
    FindingDispatched: true,
    FindingReturned: true,
    FindingExtensionRequested: true,
    FindingExtensionApproved: true,
    FindingExtensionRejected: true,
    FindingExtensionWithdrawn: true,
    FindingHandled: true,
    FindingChecked: true,
    FindingReworkStarted: true,
    FindingClosed: true,
    FindingParked: true,
    FindingDeadlineWarning: true,
    FindingOverdue: true,
    FindingEscalated: true,
    FindingDeadlineRevised: true,
  } satisfies Record<FindingEvent['type'], true>),
);

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
