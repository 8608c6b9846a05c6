import type { CallbackOutcome } from './ticket.commands.js';
import type { Ticket } from './ticket.events.js';

/**
 * The configurable parts of 双先联、双回访 (domain.md §1: "the rule set must be configurable"). Each gate, when on,
 * rejects the command with a 422; when off, the command goes through and its event records what was missing, so
 * compliance() flags the ticket.
 */
export interface HotlineRules {
  /** SubmitReply (and a before-reply contact) needs a concluded first contact of the current acceptance. */
  readonly requireFirstContactBeforeReply?: boolean;
  /** SubmitReply needs a concluded before-reply contact in the current handling stage. */
  readonly requireBeforeReplyContact?: boolean;
  /** ReplyUpstream needs a concluded street callback in the current callback stage. */
  readonly requireStreetCallbackBeforeReplyUpstream?: boolean;
  /** An approved extension sets the handle deadline to this many working days from the start of handling. */
  readonly extensionTotalWorkingDays?: number;
  /** An overdue stage still open this many working days after its due time escalates to 督办. */
  readonly superviseAfterOverdueWorkingDays?: number;
  /** Reworks and reopens together that escalate a ticket to 督办 on its own (0: never). */
  readonly escalateAfterRepeats?: number;
  /** Distinct units a ticket was dispatched to that escalate it to 督办 on its own (0: never). */
  readonly escalateAfterUnits?: number;
  /**
   * The street callback outcomes that conclude the callback (reached and refused by default): each street callback
   * records what they say (`concluded`) when it is made, for the 双回访 gate, the callback stage and the rates.
   */
  readonly concludedCallbackOutcomes?: readonly CallbackOutcome[];
  /** On the day the handling deadline falls, extension requests close at this Shanghai time (`HH:MM`). */
  readonly extensionRequestCutoff?: string;
}

/** Every gate on; 15 working days in all after an extension (Shanghai's 1、5、15). */
export const DEFAULT_HOTLINE_RULES: Required<HotlineRules> = {
  requireFirstContactBeforeReply: true,
  requireBeforeReplyContact: true,
  requireStreetCallbackBeforeReplyUpstream: true,
  extensionTotalWorkingDays: 15,
  superviseAfterOverdueWorkingDays: 2,
  escalateAfterRepeats: 3,
  escalateAfterUnits: 3,
  concludedCallbackOutcomes: ['reached', 'refused'],
  extensionRequestCutoff: '17:00',
};

/** The rules in force: the defaults, with what a context or a rules file sets. */
export function resolveRules(rules: HotlineRules | undefined): Required<HotlineRules> {
  const given = Object.fromEntries(Object.entries(rules ?? {}).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_HOTLINE_RULES, ...given };
}

/**
 * 双回访 (1): a street callback of the current stage concluded. Each attempt records whether it concluded by the
 * rules in force when it was made (`CallbackRecorded.concluded`, from `concludedCallbackOutcomes`), and the fold
 * keeps it: the gate, the callback stage, the view and the rates read that one definition.
 */
export function streetCallbackConcluded(t: Ticket): boolean {
  return t.streetCallback.concluded;
}

/** Whether a street callback's outcome concludes it by the rules in force: what the decider records. */
export function concludesStreetCallback(outcome: CallbackOutcome, rules: Required<HotlineRules>): boolean {
  return rules.concludedCallbackOutcomes.includes(outcome);
}

/** 双先联: the contacts the reply still lacks, as the gates in force would refuse them. */
export function replyGated(t: Ticket, rules: Required<HotlineRules>): boolean {
  return (
    (rules.requireFirstContactBeforeReply && !t.firstContact.concluded) ||
    (rules.requireBeforeReplyContact && !t.beforeReplyContact.concluded) ||
    t.extension.noticeDue === true
  );
}

/** An extension request is closed: at or after the due time, or on the due day after the cut-off (Shanghai time). */
export function pastExtensionCutoff(dueAt: string, now: Date, rules: Required<HotlineRules>): boolean {
  if (now.getTime() >= Date.parse(dueAt)) return true;
  const local = (instant: number) => new Date(instant + 8 * 3_600_000).toISOString();
  const due = local(Date.parse(dueAt));
  const today = local(now.getTime());
  return due.slice(0, 10) === today.slice(0, 10) && today.slice(11, 16) >= rules.extensionRequestCutoff;
}
