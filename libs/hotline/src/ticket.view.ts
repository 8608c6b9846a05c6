import {
  type ActionLink,
  type ActorScope,
  foldStageHistory,
  isUnitLevel,
  type OpenStage,
  type StageState,
  stageStateAt,
  type TrackedStage,
} from '#core';
import { compliance, type TicketCompliance } from './compliance.js';
import type { HotlineStage } from './deadline-policy.js';
import type { TicketIntake, TicketType, Urgency } from './ticket.commands.js';
import { ticketActions } from './ticket.access.js';
import type { TicketExclusion } from './ticket.exclusion.js';
import type { HotlineRules } from './ticket.rules.js';
import {
  type ContactProgress,
  evolveTicket,
  initialTicketState,
  type Ticket,
  type TicketCall,
  type TicketDeadlines,
  type TicketEvent,
  type TicketState,
  type TicketStatus,
} from './ticket.events.js';
import { openTicketStages } from './ticket.stages.js';
import { ACTIVE_TICKET_STATUSES } from './ticket.transitions.js';

/*
 * What `GET /tickets/:id` answers: a view mapped from the ticket's events for one caller at one instant, never the
 * decider's state as such. The console renders its buttons from `actions` and its deadline colours from
 * `stages[].state`, so it copies no status list and no state machine.
 */

/** Where a stage instance stands at `now`: running (before or after its warning point, or past due), or ended. */
/** The state of a ticket's stage instance (see `stageStateAt`). */
export type TicketStageState = StageState;

/** One stage instance of the ticket (a rework or a second acceptance is another instance) with its latest deadline. */
export interface TicketStageView {
  readonly stage: HotlineStage;
  readonly startedAt: string;
  /** The due time in force (after any extension or calendar revision), or when it ended, the one it ended under. */
  readonly dueAt: string;
  readonly warnAt: string;
  /** When the stage stopped running (its completing event, or the ticket leaving it); null while it runs. */
  readonly endedAt: string | null;
  readonly state: TicketStageState;
  /** The due time was computed on a calendar year not yet published. */
  readonly provisional: boolean;
}

/** How the callers appear to this caller: as recorded (masked), not at all (a unit, confidential), or erased. */
export type CallerDisclosure = 'shown' | 'hidden' | 'erased';

/** The ticket as `GET /tickets/:id` shows it to one caller. */
export interface TicketView {
  readonly id: string;
  readonly ticketNo: string;
  readonly status: TicketStatus;
  readonly type: TicketType;
  readonly urgency: Urgency;
  /** The intake as received; its caller masked, hidden or erased as the caller may see it. */
  readonly intake: TicketIntake;
  readonly recordedAt: string;
  readonly calls: readonly TicketCall[];
  readonly unitId?: string;
  readonly coUnitIds: readonly string[];
  /** The latest recorded deadline of each stage that started, as recorded (limit, calendar version, provisional). */
  readonly deadlines: TicketDeadlines;
  readonly firstContact: ContactProgress;
  readonly beforeReplyContact: ContactProgress;
  readonly streetCallback: Ticket['streetCallback'];
  readonly hotlineCallback?: Ticket['hotlineCallback'];
  readonly extension: Ticket['extension'];
  readonly reply?: Ticket['reply'];
  /** 预警工单. */
  readonly warning: boolean;
  readonly counts: Ticket['counts'];
  readonly parkedFrom?: TicketStatus;
  readonly endedAt?: string;
  readonly callerErasedAt?: string;
  /** A confidential caller, hidden from a unit's staff: no reference, no masked number. */
  readonly callerHidden?: true;
  readonly compliance: TicketCompliance;
  /** 考核剔除: the latest exclusion request and its decision (status, kind, reason, rates), or null. */
  readonly exclusion: TicketExclusion | null;
  readonly stages: readonly TicketStageView[];
  readonly actions: readonly ActionLink[];
}

/** Whom the view is for, and when. */
export interface TicketViewOptions {
  /** The caller (absent: a system reader, nothing narrowed). */
  readonly actor?: ActorScope;
  readonly now: Date;
  /** The 双先联、双回访 gates in force, so that a gated action is not offered; the defaults when absent. */
  readonly rules?: HotlineRules;
}

/** How a caller sees the ticket's callers: a unit's staff never sees a confidential one; erased ones stay erased. */
export function callerDisclosure(t: Ticket, actor: ActorScope | undefined): CallerDisclosure {
  if (isUnitLevel(actor?.role) && t.calls.some((call) => call.caller?.confidential)) return 'hidden';
  return t.callerErasedAt === undefined ? 'shown' : 'erased';
}

/**
 * An event's data as the history of a view shows it: the caller reference (intake and merged calls carry one)
 * left out when hidden, reduced to `{subjectId, confidential, erased}` once erased (the events keep masked numbers).
 */
export function ticketEventDataForView(data: unknown, disclosure: CallerDisclosure): unknown {
  if (disclosure === 'shown' || typeof data !== 'object' || data === null || !('caller' in data)) return data;
  const { caller, ...rest } = data as Record<string, unknown>;
  if (disclosure === 'hidden' || typeof caller !== 'object' || caller === null) return rest;
  const { subjectId, confidential } = caller as { subjectId?: unknown; confidential?: unknown };
  return { ...rest, caller: { subjectId, confidential, erased: true } };
}

/** The state of a stage instance at `now`. */
export const ticketStageState = stageStateAt;

/**
 * The stages whose clock runs in this state: the decider's own (`openTicketStages`), and a 督办's deadline
 * (`supervision`, which raises no alerts of its own) while the ticket is being worked on, until the reply goes
 * upstream (办结) or the ticket is parked, closed or returned; a later 督办 replaces it.
 */
function runningStages(
  t: Ticket,
): Pick<OpenStage<HotlineStage>, 'stage' | 'startedAt' | 'dueAt' | 'warnAt'>[] {
  const running: Pick<OpenStage<HotlineStage>, 'stage' | 'startedAt' | 'dueAt' | 'warnAt'>[] =
    openTicketStages(t);
  const supervision = t.deadlines.supervision;
  if (supervision && t.status !== 'replied' && ACTIVE_TICKET_STATUSES.includes(t.status)) {
    running.push(supervision);
  }
  return running;
}

/** The ticket of `events` as `caller` sees it at `now`; undefined when the events hold no ticket. */
export function ticketView(
  events: readonly TicketEvent[],
  options: TicketViewOptions,
): TicketView | undefined {
  const { actor, now } = options;
  const { state, stages } = foldStageHistory<TicketState, TicketEvent, HotlineStage>(
    events,
    { initialState: initialTicketState, evolve: evolveTicket },
    (t: TicketState) => (t.status === 'none' ? [] : runningStages(t)),
  );
  if (state.status === 'none') return undefined;
  const t: Ticket = state;
  const hidden = callerDisclosure(t, actor) === 'hidden';
  const view: TicketView = {
    id: t.id,
    ticketNo: t.ticketNo,
    status: t.status,
    type: t.type,
    urgency: t.urgency,
    intake: hidden ? withoutCaller(t.intake) : t.intake,
    recordedAt: t.recordedAt,
    calls: hidden ? t.calls.map(({ callTicketNo, receivedAt }) => ({ callTicketNo, receivedAt })) : t.calls,
    ...(t.unitId === undefined ? {} : { unitId: t.unitId }),
    coUnitIds: t.coUnitIds,
    deadlines: t.deadlines,
    firstContact: t.firstContact,
    beforeReplyContact: t.beforeReplyContact,
    streetCallback: t.streetCallback,
    ...(t.hotlineCallback === undefined ? {} : { hotlineCallback: t.hotlineCallback }),
    extension: t.extension,
    ...(t.reply === undefined ? {} : { reply: t.reply }),
    warning: t.warning,
    counts: t.counts,
    ...(t.parkedFrom === undefined ? {} : { parkedFrom: t.parkedFrom }),
    ...(t.endedAt === undefined ? {} : { endedAt: t.endedAt }),
    ...(t.callerErasedAt === undefined ? {} : { callerErasedAt: t.callerErasedAt }),
    ...(hidden ? { callerHidden: true as const } : {}),
    compliance: compliance(events),
    exclusion: t.exclusion ?? null,
    stages: stages.map((stage) => ({
      ...stage,
      state: ticketStageState(stage, now),
      provisional: provisionalOf(t.deadlines, stage),
    })),
    actions: ticketActions(t, actor, { ...(options.rules ? { rules: options.rules } : {}), now }),
  };
  return view;
}

function withoutCaller(intake: TicketIntake): TicketIntake {
  const { caller: _caller, ...rest } = intake;
  return rest;
}

/** Whether the stage's due time is provisional, as its recorded deadline says (when it is still the latest). */
function provisionalOf(deadlines: TicketDeadlines, stage: TrackedStage<HotlineStage>): boolean {
  const recorded = deadlines[stage.stage];
  return recorded !== undefined && recorded.dueAt === stage.dueAt && recorded.provisional;
}
