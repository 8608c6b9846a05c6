import {
  type ActorScope,
  alertDue,
  type AlertPoint,
  assertNever,
  type Decider,
  type DecisionContext,
  canonicalJson,
  revisedDeadlines,
  type DirectoryView,
} from '#core';
import { authorizeTicketCommand } from './ticket.access.js';
import {
  concludesStreetCallback,
  type HotlineRules,
  pastExtensionCutoff,
  resolveRules,
  streetCallbackConcluded,
} from './ticket.rules.js';
import { HOTLINE_RATE_NAMES, isExclusionKind, isHotlineRateName } from './ticket.exclusion.js';
import type { DeadlinePolicy, StageDeadline } from './deadline-policy.js';
import {
  CALLBACK_RATING_ASPECTS,
  type AcceptTicket,
  type CallbackRatings,
  type CloseTicket,
  type DecideExclusion,
  type DecideExtension,
  type DecideUpstreamExtension,
  type DispatchTicket,
  type MergeCall,
  type EraseCallerData,
  type ParkTicket,
  type RevealCallerContact,
  type ReceiveTicket,
  type RecordCallback,
  type RecordContact,
  type ReopenTicket,
  type ReplyUpstream,
  type RequestExclusion,
  type RequestExtension,
  type ReturnTicket,
  type ReviewReply,
  type ReviseProvisionalDeadlines,
  type EscalateOverdue,
  type MarkOverdue,
  type RaiseDeadlineWarning,
  type SubmitReply,
  type SuperviseTicket,
  type TicketCommand,
  type UrgeTicket,
} from './ticket.commands.js';
import { ticketErrors } from './ticket.errors.js';
import {
  callerOf,
  callerSubjectIds,
  type DeadlineRevised,
  type ExtensionWithdrawn,
  evolveTicket,
  initialTicketState,
  type MissingContact,
  type Ticket,
  type TicketEvent,
  type TicketState,
  type TicketStatus,
} from './ticket.events.js';
import { openTicketStages, openUpstream } from './ticket.stages.js';
import {
  commandLabel,
  OPEN_TICKET_STATUSES,
  TICKET_COMMAND_STATUSES,
  type TicketCommandLabel,
} from './ticket.transitions.js';

/** What the ticket decider decides with: the time, the SLA deadlines on the working calendar, the rules. */
export interface HotlineContext extends DecisionContext {
  readonly deadlines: DeadlinePolicy;
  readonly rules?: HotlineRules;
  /** Who sends the command, with their scope; absent for the system (timers, revisions) and AUTH_MODE=off. */
  readonly actor?: ActorScope;
  /** The street's units as the directory has them now; without it, units are not checked (decider tests). */
  readonly directory?: DirectoryView;
}

/**
 * Where the current handling stage (and an unconcluded first contact) is still open: with the unit, or with the
 * center for review (a rejected reply goes back to the unit under the same deadlines).
 */
const WITH_UNIT: readonly TicketStatus[] = ['accepted', 'in-progress', 'reply-submitted'];

interface Decision {
  readonly now: Date;
  readonly at: string;
  readonly deadlines: DeadlinePolicy;
  readonly rules: Required<HotlineRules>;
  readonly actor?: ActorScope;
  readonly directory?: DirectoryView;
}

function ensureStatus(ticket: Ticket, label: TicketCommandLabel): void {
  const allowed: readonly TicketStatus[] = TICKET_COMMAND_STATUSES[label];
  if (!allowed.includes(ticket.status)) throw ticketErrors.invalidTransition(label, ticket.status, allowed);
}

function ensureReason(reason: string | undefined, label: string): string {
  if (typeof reason !== 'string' || reason.trim() === '') throw ticketErrors.reasonRequired(label);
  return reason;
}

function ensureTime(field: string, value: string | undefined): void {
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw ticketErrors.invalidTime(field, value);
}

const notAfter = (at: string, dueAt: string): boolean => Date.parse(at) <= Date.parse(dueAt);

/** The unit a dispatched ticket is with; its absence would mean a corrupt stream. */
function assignedUnit(ticket: Ticket): string {
  if (ticket.unitId === undefined) throw new Error(`Ticket ${ticket.id} is ${ticket.status} without a unit`);
  return ticket.unitId;
}

/** A street deadline never lies past the district's: cut short at it, keeping what the limit gave. */
export function capAt(deadline: StageDeadline, upstream: StageDeadline | undefined): StageDeadline {
  if (upstream === undefined || Date.parse(deadline.dueAt) <= Date.parse(upstream.dueAt)) return deadline;
  const warnAt = Date.parse(deadline.warnAt) < Date.parse(upstream.dueAt) ? deadline.warnAt : upstream.warnAt;
  return { ...deadline, dueAt: upstream.dueAt, warnAt, cappedFrom: deadline.dueAt };
}

/** A stage's deadline by the SLA rules, capped at the district's while that runs. */
function deadline(d: Decision, stage: StageDeadline['stage'], ticket: Ticket, from = d.now): StageDeadline {
  const computed = { ...d.deadlines.deadline(stage, { type: ticket.type, urgency: ticket.urgency }, from) };
  return stage === 'reopen' || stage === 'supervision' ? computed : capAt(computed, openUpstream(ticket));
}

function withdrawPending(ticket: Ticket, because: ExtensionWithdrawn['data']['because'], at: string) {
  const withdrawn: ExtensionWithdrawn[] = ticket.extension.pending
    ? [{ type: 'ExtensionWithdrawn', data: { because, at } }]
    : [];
  return withdrawn;
}

// ---------------------------------------------------------------------------------------------------------------
// One decide function per command.

/** Intake. Redelivery of the same intake changes nothing; the same stream with other content is a conflict. */
function receive(command: ReceiveTicket, state: TicketState, d: Decision): TicketEvent[] {
  const intake = command.data;
  ensureTime('receivedAt', intake.receivedAt);
  ensureTime('upstreamDueAt', intake.upstreamDueAt);
  if (state.status !== 'none') {
    const stored: Readonly<Record<string, unknown>> = state.intake;
    const given: Readonly<Record<string, unknown>> = intake;
    const fields = [...new Set([...Object.keys(stored), ...Object.keys(given)])]
      .filter((field) => canonicalJson(stored[field]) !== canonicalJson(given[field]))
      .sort();
    if (fields.length === 0) return [];
    throw ticketErrors.intakeConflict(state.ticketNo, fields);
  }
  const kind = { type: intake.type, urgency: intake.urgency };
  // The district's clock runs from its receipt (受理时间) when that is not in the future, else from now.
  const receivedAt = Date.parse(intake.receivedAt);
  const from = Number.isNaN(receivedAt) || receivedAt > d.now.getTime() ? d.now : new Date(receivedAt);
  const upstream =
    intake.upstreamDueAt !== undefined
      ? { ...d.deadlines.until('upstream', from, new Date(intake.upstreamDueAt)) }
      : { ...d.deadlines.deadline('upstream', kind, from) };
  const sign = capAt({ ...d.deadlines.deadline('sign', kind, d.now) }, upstream);
  return [{ type: 'TicketReceived', data: { ...intake, at: d.at, sign, upstream } }];
}

function sign(t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'SignTicket');
  return [
    {
      type: 'TicketSigned',
      data: {
        at: d.at,
        onTime: notAfter(d.at, t.deadlines.sign.dueAt),
        dispatch: deadline(d, 'dispatch', t),
      },
    },
  ];
}

function dispatch(command: DispatchTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'DispatchTicket');
  const { unitId, coUnitIds, note } = command.data;
  // Only to a unit the directory knows and that still works (a lead and its co-handling units alike).
  for (const unit of [unitId, ...coUnitIds]) {
    if (d.directory && !d.directory.isActiveUnit(unit)) throw ticketErrors.unknownUnit(unit);
  }
  if (coUnitIds.includes(unitId) || new Set(coUnitIds).size !== coUnitIds.length) {
    throw ticketErrors.invalidCoUnits(unitId, coUnitIds);
  }
  return [
    {
      type: 'TicketDispatched',
      data: { unitId, coUnitIds: [...coUnitIds], note, at: d.at, accept: deadline(d, 'accept', t) },
    },
  ];
}

/**
 * Acceptance starts the first-contact stage, and the handle stage unless the ticket is in rework or a reopen
 * (returned and re-dispatched meanwhile): that stage's deadline runs on.
 */
function accept(command: AcceptTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'AcceptTicket');
  // No unit named: a handler accepts for its own unit; the system (no actor) for the unit it was dispatched to.
  const unitId = command.data.unitId || d.actor?.unitId || assignedUnit(t);
  if (unitId !== t.unitId) throw ticketErrors.wrongUnit('AcceptTicket', unitId, t.unitId);
  const firstContact = deadline(d, 'firstContact', t);
  const continuing = t.handling !== undefined && t.handling.stage !== 'handle';
  const handle = continuing ? undefined : deadline(d, 'handle', t);
  return [{ type: 'TicketAccepted', data: { unitId, at: d.at, firstContact, handle } }];
}

function returnTicket(command: ReturnTicket, t: Ticket, d: Decision): TicketEvent[] {
  const label = commandLabel(command);
  ensureStatus(t, label);
  const reason = ensureReason(command.data.reason, label);
  if (command.data.upstream) return [{ type: 'TicketReturnedUpstream', data: { reason, at: d.at } }];
  const unitId = assignedUnit(t);
  if (command.data.unitId !== undefined && command.data.unitId !== unitId) {
    throw ticketErrors.wrongUnit(label, command.data.unitId, unitId);
  }
  return [
    ...withdrawPending(t, 'returned-to-center', d.at),
    {
      type: 'TicketReturnedToCenter',
      data: { unitId, reason, at: d.at, dispatch: deadline(d, 'dispatch', t) },
    },
  ];
}

function recordContact(command: RecordContact, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'RecordContact');
  const { phase, channel, outcome, at: claimedAt, note } = command.data;
  ensureTime('at', claimedAt);
  if (phase === 'before-reply' && !t.firstContact.concluded && d.rules.requireFirstContactBeforeReply) {
    throw ticketErrors.firstContactMissing('RecordContact');
  }
  const firstDue = t.deadlines.firstContact?.dueAt;
  const onTime = phase === 'first' && firstDue !== undefined ? notAfter(d.at, firstDue) : undefined;
  return [
    {
      type: 'ContactRecorded',
      data: { phase, channel, outcome, unitId: assignedUnit(t), claimedAt, note, at: d.at, onTime },
    },
  ];
}

function requestExtension(command: RequestExtension, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'RequestExtension');
  const reason = ensureReason(command.data.reason, 'RequestExtension');
  const { workingDays } = command.data;
  const max = d.rules.extensionTotalWorkingDays;
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > max) {
    throw ticketErrors.invalidExtension(workingDays, max);
  }
  const handling = t.handling;
  if (handling === undefined || handling.stage !== 'handle') {
    throw ticketErrors.extensionNotInHandleStage(handling?.stage ?? 'none');
  }
  if (t.extension.pending) throw ticketErrors.extensionPending(t.extension.pending.requestedAt);
  if (t.extension.approved) throw ticketErrors.alreadyExtended(handling.deadline.dueAt);
  if (!(d.now.getTime() < Date.parse(handling.deadline.dueAt))) {
    throw ticketErrors.extensionAfterDue(handling.deadline.dueAt, d.at);
  }
  // The district takes no request late on the due day: after the cut-off it is as good as after the due time.
  if (pastExtensionCutoff(handling.deadline.dueAt, d.now, d.rules)) {
    throw ticketErrors.extensionAfterCutoff(handling.deadline.dueAt, d.rules.extensionRequestCutoff, d.at);
  }
  return [{ type: 'ExtensionRequested', data: { reason, workingDays, at: d.at } }];
}

/**
 * The street's approval: the handle deadline becomes the extended total counted from the start of handling (not
 * from now), still capped at the district's deadline, and the request goes upstream — only the district's grant
 * moves its deadline (and so lifts the cap).
 */
function decideExtension(command: DecideExtension, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'DecideExtension');
  const handle = t.deadlines.handle;
  const pending = t.extension.pending;
  if (!pending || handle === undefined) throw ticketErrors.noPendingExtension();
  const { approved, note } = command.data;
  if (!approved) return [{ type: 'ExtensionRejected', data: { note, at: d.at } }];
  return [
    { type: 'ExtensionApproved', data: { note, at: d.at, handle: extendedHandle(d, t, handle) } },
    {
      type: 'ExtensionForwardedUpstream',
      data: { reason: pending.reason, workingDays: pending.workingDays, at: d.at },
    },
  ];
}

/** The extended handle deadline: the total from the start of handling, capped at the district's deadline. */
function extendedHandle(
  d: Decision,
  t: Ticket,
  handle: StageDeadline,
  upstream = openUpstream(t),
): StageDeadline {
  const extended = d.deadlines.deadline('handle', t, new Date(handle.startedAt), {
    workingDays: d.rules.extensionTotalWorkingDays,
  });
  return capAt({ ...extended }, upstream);
}

/**
 * The district's answer to a forwarded extension. A grant moves the district's deadline — to the date it names, or
 * the extended total counted from receipt — never earlier than it was; the unit's extended deadline follows up to
 * it, and the citizen is to be told the new date before the next reply.
 */
function decideUpstreamExtension(command: DecideUpstreamExtension, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'DecideUpstreamExtension');
  const reason = ensureReason(command.data.reason, 'DecideUpstreamExtension');
  const current = openUpstream(t);
  if (!t.extension.forwarded || t.extension.granted !== undefined || current === undefined) {
    throw ticketErrors.noForwardedExtension();
  }
  if (!command.data.granted) {
    return [{ type: 'UpstreamExtensionDecided', data: { granted: false, reason, at: d.at } }];
  }
  ensureTime('dueAt', command.data.dueAt);
  const from = new Date(current.startedAt);
  const upstream = command.data.dueAt
    ? { ...d.deadlines.until('upstream', from, new Date(command.data.dueAt)) }
    : { ...d.deadlines.deadline('upstream', t, from, { workingDays: d.rules.extensionTotalWorkingDays }) };
  if (Date.parse(upstream.dueAt) < Date.parse(current.dueAt)) {
    throw ticketErrors.grantEarlier(current.dueAt, upstream.dueAt);
  }
  const handle =
    t.deadlines.handle && t.extension.approved
      ? extendedHandle(d, t, t.deadlines.handle, upstream)
      : undefined;
  return [
    {
      type: 'UpstreamExtensionDecided',
      data: { granted: true, reason, at: d.at, upstream, ...(handle ? { handle } : {}) },
    },
  ];
}

function submitReply(command: SubmitReply, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'SubmitReply');
  const handling = t.handling;
  if (handling === undefined) throw new Error(`Ticket ${t.id} is ${t.status} without a handling stage`);
  const missingContacts: MissingContact[] = [];
  if (!t.firstContact.concluded) {
    if (d.rules.requireFirstContactBeforeReply) throw ticketErrors.firstContactMissing('SubmitReply');
    missingContacts.push('first-contact');
  }
  if (!t.beforeReplyContact.concluded) {
    if (d.rules.requireBeforeReplyContact) throw ticketErrors.beforeReplyContactMissing();
    missingContacts.push('before-reply-contact');
  }
  if (t.extension.noticeDue) throw ticketErrors.extensionNoticeMissing();
  const { result, summary, factsConfirmed } = command.data;
  return [
    ...withdrawPending(t, 'reply-submitted', d.at),
    {
      type: 'ReplySubmitted',
      data: {
        result,
        summary,
        factsConfirmed,
        unitId: assignedUnit(t),
        at: d.at,
        stage: handling.stage,
        dueAt: handling.deadline.dueAt,
        onTime: notAfter(d.at, handling.deadline.dueAt),
        missingContacts,
        review: deadline(d, 'review', t),
      },
    },
  ];
}

function reviewReply(command: ReviewReply, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'ReviewReply');
  const { approved, note } = command.data;
  if (!approved) return [{ type: 'ReplyRejected', data: { note, at: d.at } }];
  return [{ type: 'ReplyApproved', data: { note, at: d.at, callback: deadline(d, 'callback', t) } }];
}

/** The ratings given, each aspect once (undefined when none is). */
function givenRatings(ratings: CallbackRatings | undefined): CallbackRatings | undefined {
  if (ratings === undefined || ratings === null) return undefined;
  const given = Object.fromEntries(
    CALLBACK_RATING_ASPECTS.flatMap((aspect) =>
      ratings[aspect] === undefined ? [] : [[aspect, ratings[aspect]]],
    ),
  ) as CallbackRatings;
  return Object.keys(given).length === 0 ? undefined : given;
}

/**
 * Street callback: a dissatisfied rating marks the ticket as a 预警工单 (once) and starts rework; whether the attempt
 * concluded the callback is recorded by the rules in force. Hotline callback: satisfied or basically satisfied
 * closes a replied ticket; anything else is recorded and waits for reopen or close. Only the 12345 callback rates
 * efficiency, attitude and result (`ratings`).
 */
function recordCallback(command: RecordCallback, t: Ticket, d: Decision): TicketEvent[] {
  const label = commandLabel(command);
  ensureStatus(t, label);
  const { by, outcome, satisfaction, resolved, note } = command.data;
  const ratings = givenRatings(command.data.ratings);
  if (satisfaction !== undefined && outcome !== 'reached') throw ticketErrors.ratingWithoutContact(outcome);
  if (ratings !== undefined && by !== 'hotline') throw ticketErrors.ratingsHotlineOnly();
  if (ratings !== undefined && outcome !== 'reached') {
    throw ticketErrors.ratingWithoutContact(outcome, 'ratings');
  }
  if (by === 'hotline') {
    const events: TicketEvent[] = [
      {
        type: 'CallbackRecorded',
        data: { by, outcome, satisfaction, resolved, ...(ratings ? { ratings } : {}), note, at: d.at },
      },
    ];
    if (t.status === 'replied' && (satisfaction === 'satisfied' || satisfaction === 'basically-satisfied')) {
      events.push({
        type: 'TicketClosed',
        data: {
          reason: `hotline callback: ${satisfaction}`,
          from: t.status,
          closedBy: 'hotline-callback',
          at: d.at,
        },
      });
    }
    return events;
  }
  const dueAt = t.deadlines.callback?.dueAt;
  const onTime = dueAt === undefined ? undefined : notAfter(d.at, dueAt);
  const concluded = concludesStreetCallback(outcome, d.rules);
  const events: TicketEvent[] = [
    {
      type: 'CallbackRecorded',
      data: { by, outcome, satisfaction, resolved, note, at: d.at, onTime, concluded },
    },
  ];
  if (satisfaction === 'dissatisfied') {
    if (!t.warning) {
      events.push({
        type: 'TicketMarkedAsWarning',
        data: { reason: 'street callback: dissatisfied', at: d.at },
      });
    }
    events.push({
      type: 'ReworkStarted',
      data: { number: t.counts.reworks + 1, at: d.at, rework: deadline(d, 'rework', t) },
    });
  }
  return events;
}

function replyUpstream(command: ReplyUpstream, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'ReplyUpstream');
  const streetCallbackMissing = !streetCallbackConcluded(t);
  if (streetCallbackMissing && d.rules.requireStreetCallbackBeforeReplyUpstream) {
    throw ticketErrors.streetCallbackMissing();
  }
  // Against the district's deadline as it stands (granted extensions included); the intake's when none was recorded.
  const upstreamDueAt = openUpstream(t)?.dueAt ?? t.intake.upstreamDueAt;
  const onTime = upstreamDueAt === undefined ? undefined : notAfter(d.at, upstreamDueAt);
  return [
    {
      type: 'TicketRepliedUpstream',
      data: { note: command.data.note, at: d.at, upstreamDueAt, onTime, streetCallbackMissing },
    },
  ];
}

/** 重办 / 督办 / 回访复核: back to the unit that handled it, with a new stage; a wrong unit returns it (回退). */
function reopen(command: ReopenTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'ReopenTicket');
  const reason = ensureReason(command.data.reason, 'ReopenTicket');
  return [
    {
      type: 'TicketReopened',
      data: {
        kind: command.data.kind,
        reason,
        number: t.counts.reopens + 1,
        at: d.at,
        reopen: deadline(d, 'reopen', t),
      },
    },
  ];
}

function urge(command: UrgeTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'UrgeTicket');
  return [{ type: 'TicketUrged', data: { note: command.data.note, number: t.counts.urges + 1, at: d.at } }];
}

function supervise(command: SuperviseTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'SuperviseTicket');
  return [
    {
      type: 'TicketSupervised',
      data: {
        note: command.data.note,
        number: t.counts.supervisions + 1,
        at: d.at,
        supervision: deadline(d, 'supervision', t),
      },
    },
  ];
}

/**
 * 查看号码: recorded before the data is shown. A unit's staff may reveal only while handling the ticket and never a
 * confidential caller; nothing is left to reveal once the data is erased.
 */
function revealCallerContact(command: RevealCallerContact, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, commandLabel(command));
  const reason = ensureReason(command.data.reason, 'RevealCallerContact');
  if (t.callerErasedAt !== undefined) throw ticketErrors.callerErased(t.callerErasedAt);
  const callTicketNo = command.data.callTicketNo ?? t.ticketNo;
  if (!callerOf(t, callTicketNo)) throw ticketErrors.noCaller(callTicketNo);
  const { by } = command.data;
  if (by.role === 'handler' && t.calls.some((call) => call.caller?.confidential)) {
    throw ticketErrors.callerConfidential();
  }
  return [{ type: 'CallerContactRevealed', data: { callTicketNo, by, reason, at: d.at } }];
}

/**
 * Erasure once the retention period after the ticket ended has passed; erasing again, or a ticket without callers,
 * records nothing.
 */
function eraseCallerData(command: EraseCallerData, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'EraseCallerData');
  const reason = ensureReason(command.data.reason, 'EraseCallerData');
  const { retentionDays, by } = command.data;
  if (!Number.isInteger(retentionDays) || retentionDays < 0) {
    throw new Error(`EraseCallerData: retentionDays must be a whole number of days, not ${retentionDays}`);
  }
  const subjectIds = callerSubjectIds(t);
  if (t.callerErasedAt !== undefined || subjectIds.length === 0) return [];
  const endedAt = t.endedAt ?? t.recordedAt;
  const erasableFrom = new Date(Date.parse(endedAt) + retentionDays * 86_400_000);
  if (d.now < erasableFrom) {
    throw ticketErrors.retentionNotOver(endedAt, erasableFrom.toISOString(), retentionDays);
  }
  return [{ type: 'CallerDataErased', data: { subjectIds, by, reason, at: d.at } }];
}

/**
 * 考核剔除 asked for by a handler of the lead unit or the center, in any status (the assessment comes after the fact):
 * one request at a time, none once approved, a new one after a rejection.
 */
function requestExclusion(command: RequestExclusion, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'RequestExclusion');
  const reason = ensureReason(command.data.reason, 'RequestExclusion');
  const { kind } = command.data;
  if (!isExclusionKind(kind)) throw ticketErrors.invalidExclusion('kind', `unknown kind ${String(kind)}`);
  const given: readonly unknown[] = Array.isArray(command.data.rates) ? command.data.rates : [];
  if (given.length === 0) throw ticketErrors.invalidExclusion('rates', 'name at least one rate');
  const rates = given.filter(isHotlineRateName);
  if (rates.length !== given.length) {
    const unknown = given.filter((rate) => !isHotlineRateName(rate)).map(String);
    throw ticketErrors.invalidExclusion(
      'rates',
      `unknown rates ${unknown.join(', ')} (rates are ${HOTLINE_RATE_NAMES.join(', ')})`,
    );
  }
  if (new Set(rates).size !== rates.length)
    throw ticketErrors.invalidExclusion('rates', 'a rate named twice');
  const current = t.exclusion;
  if (current?.status === 'requested') throw ticketErrors.exclusionPending(current.requestedAt);
  if (current?.status === 'approved') throw ticketErrors.alreadyExcluded(current.rates, current.decidedAt);
  const unitId = d.actor?.role === 'handler' ? d.actor.unitId : undefined;
  return [
    {
      type: 'ExclusionRequested',
      data: { kind, reason, rates, at: d.at, ...(unitId === undefined ? {} : { unitId }) },
    },
  ];
}

/** The supervisor's decision on the pending request, with what it covers copied from the request. */
function decideExclusion(command: DecideExclusion, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'DecideExclusion');
  const pending = t.exclusion?.status === 'requested' ? t.exclusion : undefined;
  if (!pending) throw ticketErrors.noExclusionRequested();
  const { approved, note } = command.data;
  return [
    {
      type: 'ExclusionDecided',
      data: {
        approved,
        ...(note === undefined || note === '' ? {} : { note }),
        kind: pending.kind,
        rates: [...pending.rates],
        at: d.at,
      },
    },
  ];
}

/** A call that is already part of the ticket (redelivered, or the ticket's own number) changes nothing. */
function mergeCall(command: MergeCall, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'MergeCall');
  const { callTicketNo, receivedAt, caller, note } = command.data;
  ensureTime('receivedAt', receivedAt);
  if (t.calls.some((call) => call.callTicketNo === callTicketNo)) return [];
  return [{ type: 'CallMerged', data: { callTicketNo, receivedAt, caller, note, at: d.at } }];
}

function park(command: ParkTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'ParkTicket');
  const reason = ensureReason(command.data.reason, 'ParkTicket');
  return [
    ...withdrawPending(t, 'parked', d.at),
    { type: 'TicketParked', data: { reason, from: t.status, at: d.at } },
  ];
}

/** The recorded deadline of each stage that is still open: the ones a later decision may still be judged by. */
function openDeadlines(t: Ticket): StageDeadline[] {
  const open: (StageDeadline | undefined)[] = [openUpstream(t)];
  if (t.status === 'received') open.push(t.deadlines.sign);
  if (t.status === 'signed') open.push(t.deadlines.dispatch);
  if (t.status === 'dispatched') open.push(t.deadlines.accept);
  if (t.status === 'reply-submitted') open.push(t.deadlines.review);
  if (WITH_UNIT.includes(t.status)) {
    if (!t.firstContact.concluded) open.push(t.deadlines.firstContact);
    open.push(t.handling?.deadline);
  }
  if (t.status === 'street-callback') open.push(t.deadlines.callback);
  if (OPEN_TICKET_STATUSES.includes(t.status)) open.push(t.deadlines.supervision);
  return open.filter((deadline): deadline is StageDeadline => deadline !== undefined);
}

/**
 * After a calendar change: each open stage whose deadline is provisional, and was not computed on the named
 * calendar already, is recomputed by the policy (from its recorded start and limit, on the calendar in force).
 * A revision is recorded only when the due or warning time moves or the deadline stops being provisional.
 */
function reviseProvisional(command: ReviseProvisionalDeadlines, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'ReviseProvisionalDeadlines');
  return revisedDeadlines(openDeadlines(t), command.data.calendarVersion, (old) =>
    d.deadlines.revise(old),
  ).map(({ old, revised }): DeadlineRevised => ({
    type: 'DeadlineRevised',
    data: { stage: old.stage, old, new: revised, reason: 'official-calendar', at: d.at },
  }));
}

function close(command: CloseTicket, t: Ticket, d: Decision): TicketEvent[] {
  ensureStatus(t, 'CloseTicket');
  return [
    {
      type: 'TicketClosed',
      data: { reason: command.data.reason, from: t.status, closedBy: 'command', at: d.at },
    },
  ];
}

/** Answers a ticket command with its events, or throws a DomainError (see ticket.errors.ts). */
export function decideTicket(
  command: TicketCommand,
  state: TicketState,
  context: HotlineContext,
): TicketEvent[] {
  const d: Decision = {
    now: context.now,
    at: context.now.toISOString(),
    deadlines: context.deadlines,
    rules: resolveRules(context.rules),
    ...(context.actor ? { actor: context.actor } : {}),
    ...(context.directory ? { directory: context.directory } : {}),
  };
  if (command.type === 'ReceiveTicket') return receive(command, state, d);
  if (state.status === 'none') throw ticketErrors.notFound(command.type);
  authorizeTicketCommand(command, state, context.actor);
  const events = decideOnTicket(command, state, d);
  return [...events, ...escalations(state, events, d)];
}

function decideOnTicket(
  command: Exclude<TicketCommand, ReceiveTicket>,
  state: Ticket,
  d: Decision,
): TicketEvent[] {
  switch (command.type) {
    case 'SignTicket':
      return sign(state, d);
    case 'DispatchTicket':
      return dispatch(command, state, d);
    case 'AcceptTicket':
      return accept(command, state, d);
    case 'ReturnTicket':
      return returnTicket(command, state, d);
    case 'RecordContact':
      return recordContact(command, state, d);
    case 'RequestExtension':
      return requestExtension(command, state, d);
    case 'DecideExtension':
      return decideExtension(command, state, d);
    case 'DecideUpstreamExtension':
      return decideUpstreamExtension(command, state, d);
    case 'SubmitReply':
      return submitReply(command, state, d);
    case 'ReviewReply':
      return reviewReply(command, state, d);
    case 'RecordCallback':
      return recordCallback(command, state, d);
    case 'ReplyUpstream':
      return replyUpstream(command, state, d);
    case 'ReopenTicket':
      return reopen(command, state, d);
    case 'UrgeTicket':
      return urge(command, state, d);
    case 'SuperviseTicket':
      return supervise(command, state, d);
    case 'MergeCall':
      return mergeCall(command, state, d);
    case 'RevealCallerContact':
      return revealCallerContact(command, state, d);
    case 'EraseCallerData':
      return eraseCallerData(command, state, d);
    case 'RequestExclusion':
      return requestExclusion(command, state, d);
    case 'DecideExclusion':
      return decideExclusion(command, state, d);
    case 'ParkTicket':
      return park(command, state, d);
    case 'CloseTicket':
      return close(command, state, d);
    case 'ReviseProvisionalDeadlines':
      return reviseProvisional(command, state, d);
    case 'RaiseDeadlineWarning':
      return deadlineAlert(command, state, d, 'warning');
    case 'MarkOverdue':
      return deadlineAlert(command, state, d, 'overdue');
    case 'EscalateOverdue':
      return deadlineAlert(command, state, d, 'supervision');
    default:
      return assertNever(command, 'ticket command');
  }
}

/**
 * A timer or the sweep: the alert of the point, when the stage is open, the point has passed and nothing was
 * recorded yet; nothing otherwise. Overdue on a unit's stage urges the unit (催办) in the same decision.
 */
function deadlineAlert(
  command: RaiseDeadlineWarning | MarkOverdue | EscalateOverdue,
  t: Ticket,
  d: Decision,
  point: AlertPoint,
): TicketEvent[] {
  const open = alertDue(openTicketStages(t), command.data.stage, command.data.startedAt, point, d.now);
  if (!open) return [];
  const { stage, startedAt } = open;
  const unit = open.unitId === undefined ? {} : { unitId: open.unitId };
  switch (point) {
    case 'warning':
      return [
        {
          type: 'TicketDeadlineWarning',
          data: { stage, startedAt, dueAt: open.dueAt, warnAt: open.warnAt, ...unit, at: d.at },
        },
      ];
    case 'overdue': {
      const superviseAt = d.deadlines.deadline('supervision', t, new Date(open.dueAt), {
        workingDays: d.rules.superviseAfterOverdueWorkingDays,
      }).dueAt;
      const events: TicketEvent[] = [
        {
          type: 'TicketOverdue',
          data: { stage, startedAt, dueAt: open.dueAt, ...unit, superviseAt, at: d.at },
        },
      ];
      if (open.unitId !== undefined) {
        events.push({
          type: 'TicketUrged',
          data: { note: '超期自动催办', number: t.counts.urges + 1, at: d.at, automatic: 'overdue' },
        });
      }
      return events;
    }
    case 'supervision':
      return [{ type: 'TicketEscalated', data: { reason: 'overdue', stage, startedAt, ...unit, at: d.at } }];
  }
}

/** The escalations a decision's events bring about on their own: the repeat and unit thresholds, once each. */
function escalations(before: Ticket, events: readonly TicketEvent[], d: Decision): TicketEvent[] {
  if (events.length === 0) return [];
  let after: TicketState = before;
  for (const event of events) after = evolveTicket(after, event);
  if (after.status === 'none') return [];
  const found: TicketEvent[] = [];
  const repeats = after.counts.reworks + after.counts.reopens;
  const { escalateAfterRepeats, escalateAfterUnits } = d.rules;
  if (escalateAfterRepeats > 0 && repeats >= escalateAfterRepeats && !after.escalated.repeated) {
    found.push({ type: 'TicketEscalated', data: { reason: 'repeated', count: repeats, at: d.at } });
  }
  const units = after.dispatchedUnits.length;
  if (escalateAfterUnits > 0 && units >= escalateAfterUnits && !after.escalated.units) {
    found.push({
      type: 'TicketEscalated',
      data: { reason: 'units', count: units, ...(after.unitId ? { unitId: after.unitId } : {}), at: d.at },
    });
  }
  return found;
}

/** The 12345 ticket: intake to close, with 双先联、双回访 gates, extensions, rework, reopen and side actions. */
export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState, HotlineContext> = {
  initialState: initialTicketState,
  evolve: evolveTicket,
  decide: decideTicket,
  authorize: (command, state, context) => {
    if (state.status !== 'none') authorizeTicketCommand(command, state, context.actor);
  },
};
