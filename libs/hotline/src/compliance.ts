import { concludes, type TicketEvent } from './ticket.events.js';

/**
 * One 双先联/双回访 obligation of a ticket. For contacts and the 12345 callback, `done` counts only attempts that
 * reached the citizen; for the street callback, the callback the decider recorded as concluded by the rules in force
 * (`concluded`: one definition with the reply-upstream gate and 回访率).
 */
export interface ComplianceCheck {
  /** The ticket got far enough for the obligation to arise. */
  readonly required: boolean;
  readonly done: boolean;
  /** Done within its limit (for checks without a limit of ours: the same as done). */
  readonly onTime: boolean;
}

/** The 双先联、双回访 compliance of one ticket, derived from its events alone. */
export interface TicketCompliance {
  /** 先行联系 of the latest acceptance, within the first-contact deadline. */
  readonly firstContact: ComplianceCheck;
  /** A reached before-reply contact in the handling stage of every submitted reply. */
  readonly beforeReplyContact: ComplianceCheck;
  /** A concluded street callback in every callback stage (after each approved reply), within its deadline. */
  readonly streetCallback: ComplianceCheck;
  /** A reached 12345 callback after every reply upstream (the platform's own; no limit of ours). */
  readonly hotlineCallback: ComplianceCheck;
  /** Every required check done on time. A ticket still waiting for a contact or callback is not (yet) compliant. */
  readonly compliant: boolean;
}

interface Occurrence {
  reached: boolean;
  onTime: boolean;
}

function summarize(occurrences: readonly Occurrence[]): ComplianceCheck {
  return {
    required: occurrences.length > 0,
    done: occurrences.length > 0 && occurrences.every((o) => o.reached),
    onTime: occurrences.length > 0 && occurrences.every((o) => o.reached && o.onTime),
  };
}

/**
 * Computes the compliance flags of a ticket from its events (pure; the metrics' 先行联系率 and 回访率 count these).
 * An attempt that did not reach the citizen (unreachable, wrong number, refused) is recorded but is not done.
 */
export function compliance(events: readonly TicketEvent[]): TicketCompliance {
  let firstContact: Occurrence | undefined;
  let stageContactReached = false;
  const replies: Occurrence[] = [];
  const streetStages: Occurrence[] = [];
  let streetOpen: Occurrence | undefined;
  const hotlineStages: Occurrence[] = [];
  let hotlineOpen: Occurrence | undefined;

  const endStreetStage = () => {
    if (streetOpen) streetStages.push(streetOpen);
    streetOpen = undefined;
  };

  for (const event of events) {
    switch (event.type) {
      case 'TicketAccepted':
        firstContact = { reached: false, onTime: false };
        stageContactReached = false;
        break;
      case 'ContactRecorded':
        if (event.data.outcome !== 'reached' || event.data.phase === 'extension-notice') break;
        if (event.data.phase === 'before-reply') stageContactReached = true;
        else if (firstContact && !firstContact.reached) {
          firstContact = { reached: true, onTime: event.data.onTime ?? false };
        }
        break;
      case 'ReplySubmitted':
        replies.push({ reached: stageContactReached, onTime: stageContactReached });
        break;
      case 'ReplyApproved':
        endStreetStage();
        streetOpen = { reached: false, onTime: false };
        break;
      case 'CallbackRecorded':
        if (event.data.by === 'street') {
          // Concluded as the decider recorded it from the rules (an older event: reached or refused).
          if (!(event.data.concluded ?? concludes(event.data.outcome))) break;
          if (streetOpen && !streetOpen.reached)
            streetOpen = { reached: true, onTime: event.data.onTime ?? false };
        } else if (hotlineOpen && event.data.outcome === 'reached') {
          hotlineOpen = { reached: true, onTime: true };
        }
        break;
      case 'ReworkStarted':
        endStreetStage();
        stageContactReached = false;
        break;
      case 'TicketRepliedUpstream':
        endStreetStage();
        if (hotlineOpen) hotlineStages.push(hotlineOpen);
        hotlineOpen = { reached: false, onTime: false };
        break;
      case 'TicketReopened':
        if (hotlineOpen) hotlineStages.push(hotlineOpen);
        hotlineOpen = undefined;
        stageContactReached = false;
        break;
      case 'TicketParked':
      case 'TicketClosed':
        endStreetStage();
        break;
      case 'TicketReceived':
      case 'TicketSigned':
      case 'TicketDispatched':
      case 'TicketReturnedToCenter':
      case 'TicketReturnedUpstream':
      case 'ExtensionRequested':
      case 'ExtensionApproved':
      case 'ExtensionRejected':
      case 'ExtensionWithdrawn':
      case 'ExtensionForwardedUpstream':
      case 'UpstreamExtensionDecided':
      case 'ReplyRejected':
      case 'TicketMarkedAsWarning':
      case 'TicketUrged':
      case 'TicketSupervised':
      case 'TicketDeadlineWarning':
      case 'TicketOverdue':
      case 'TicketEscalated':
      case 'CallMerged':
      case 'DeadlineRevised':
      case 'CallerContactRevealed':
      case 'CallerDataErased':
      case 'ExclusionRequested':
      case 'ExclusionDecided':
        break;
    }
  }
  endStreetStage();
  if (hotlineOpen) hotlineStages.push(hotlineOpen);

  const checks = {
    firstContact: summarize(firstContact ? [firstContact] : []),
    beforeReplyContact: summarize(replies),
    streetCallback: summarize(streetStages),
    hotlineCallback: summarize(hotlineStages),
  };
  const compliant = Object.values(checks).every((check) => !check.required || (check.done && check.onTime));
  return { ...checks, compliant };
}
