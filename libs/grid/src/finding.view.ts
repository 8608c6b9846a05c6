import { type ActionLink, type ActorScope, stageKey } from '#core';
import type { CategoryEntry } from './category-catalogue.js';
import type { GridStage } from './deadline-policy.js';
import type { FindingReport, FindingSource, GeoPoint } from './finding.commands.js';
import { findingActions } from './finding.access.js';
import {
  evolveFinding,
  type Finding,
  type FindingDeadlines,
  type FindingEvent,
  type FindingState,
  type FindingStatus,
  initialFindingState,
} from './finding.events.js';
import { openFindingStages } from './finding.stages.js';

/*
 * What `GET /findings/:id` answers: a view mapped from the finding's events for one caller at one instant. The
 * console renders its buttons from `actions` and its deadline colours from `stages[].state`.
 */

/** Where a stage instance stands at `now`: running (before or after its warning point, or past due), or ended. */
export type FindingStageState = 'open' | 'warning' | 'overdue' | 'done-on-time' | 'done-late';

/** One stage instance of the finding (a rework or a new dispatch is another one) with its latest deadline. */
export interface FindingStageView {
  readonly stage: GridStage;
  readonly startedAt: string;
  /** The due time in force (after an extension), or when it ended, the one it ended under. */
  readonly dueAt: string;
  readonly warnAt: string;
  /** When the stage stopped running (its completing event, or the finding leaving it); null while it runs. */
  readonly endedAt: string | null;
  readonly state: FindingStageState;
  /** The due time was computed on a calendar year not yet published. */
  readonly provisional: boolean;
}

/** The finding as `GET /findings/:id` shows it to one caller. */
export interface FindingView {
  readonly id: string;
  readonly status: FindingStatus;
  readonly source: FindingSource;
  readonly gridId: string;
  /** The sub-class in force (as reported, or as corrected at filing). */
  readonly category: CategoryEntry;
  readonly description: string;
  readonly location: GeoPoint;
  readonly shopId?: string;
  /** The report as received (address, before-photos, the reporter's time). */
  readonly report: FindingReport;
  readonly reportedAt: string;
  readonly selfHandled: boolean;
  /** The latest recorded deadline of each stage that started, as recorded. */
  readonly deadlines: FindingDeadlines;
  readonly unitId?: string;
  readonly pendingExtension?: Finding['pendingExtension'];
  /** The latest 处置反馈. */
  readonly feedback?: Finding['feedback'];
  readonly counts: Finding['counts'];
  readonly closedAt?: string;
  readonly parkedFrom?: FindingStatus;
  readonly stages: readonly FindingStageView[];
  readonly actions: readonly ActionLink[];
}

/** Whom the view is for, and when. */
export interface FindingViewOptions {
  /** The caller (absent: a system reader, nothing narrowed). */
  readonly actor?: ActorScope;
  readonly now: Date;
}

/** The state of a stage instance at `now`. */
export function findingStageState(
  stage: { readonly dueAt: string; readonly warnAt: string; readonly endedAt: string | null },
  now: Date,
): FindingStageState {
  if (stage.endedAt !== null) {
    return Date.parse(stage.endedAt) <= Date.parse(stage.dueAt) ? 'done-on-time' : 'done-late';
  }
  if (now.getTime() > Date.parse(stage.dueAt)) return 'overdue';
  if (now.getTime() >= Date.parse(stage.warnAt)) return 'warning';
  return 'open';
}

interface TrackedStage {
  stage: GridStage;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  endedAt: string | null;
}

/**
 * Folds the events, following every stage instance the decider runs (`openFindingStages`): it starts when it first
 * runs, takes each later due time (an extension keeps the stage), and ends at the event after which it no longer
 * runs — its completing event (filed, handled, checked), or the finding leaving it (returned, parked, cancelled).
 */
function foldWithStages(events: readonly FindingEvent[]): { state: FindingState; stages: TrackedStage[] } {
  let state: FindingState = initialFindingState();
  const stages = new Map<string, TrackedStage>();
  for (const event of events) {
    state = evolveFinding(state, event);
    if (state.status === 'none') continue;
    const running = new Set<string>();
    for (const { stage, startedAt, dueAt, warnAt } of openFindingStages(state)) {
      const key = stageKey(stage, startedAt);
      running.add(key);
      stages.set(key, { stage, startedAt, dueAt, warnAt, endedAt: null });
    }
    for (const [key, tracked] of stages) {
      if (!running.has(key) && tracked.endedAt === null) tracked.endedAt = event.data.at;
    }
  }
  return { state, stages: [...stages.values()] };
}

/** The finding of `events` as the caller sees it at `now`; undefined when the events hold no finding. */
export function findingView(
  events: readonly FindingEvent[],
  options: FindingViewOptions,
): FindingView | undefined {
  const { actor, now } = options;
  const { state, stages } = foldWithStages(events);
  if (state.status === 'none') return undefined;
  const f: Finding = state;
  const due = f.handling?.deadline.dueAt;
  // The decider refuses an extension request once the handling stage is due.
  const gated = due !== undefined && now.getTime() >= Date.parse(due) ? ['extension-requests'] : [];
  return {
    id: f.id,
    status: f.status,
    source: f.source,
    gridId: f.gridId,
    category: f.category,
    description: f.description,
    location: f.location,
    ...(f.shopId === undefined ? {} : { shopId: f.shopId }),
    report: f.report,
    reportedAt: f.reportedAt,
    selfHandled: f.selfHandled,
    deadlines: f.deadlines,
    ...(f.unitId === undefined ? {} : { unitId: f.unitId }),
    ...(f.pendingExtension === undefined ? {} : { pendingExtension: f.pendingExtension }),
    ...(f.feedback === undefined ? {} : { feedback: f.feedback }),
    counts: f.counts,
    ...(f.closedAt === undefined ? {} : { closedAt: f.closedAt }),
    ...(f.parkedFrom === undefined ? {} : { parkedFrom: f.parkedFrom }),
    stages: stages.map((stage) => ({
      ...stage,
      state: findingStageState(stage, now),
      provisional: provisionalOf(f.deadlines, stage),
    })),
    actions: findingActions(f, actor).filter((action) => !gated.includes(action.name)),
  };
}

/** Whether the stage's due time is provisional, as its recorded deadline says (when it is still the latest). */
function provisionalOf(deadlines: FindingDeadlines, stage: TrackedStage): boolean {
  const recorded = (
    deadlines as Readonly<Partial<Record<GridStage, { dueAt: string; provisional: boolean }>>>
  )[stage.stage];
  return recorded !== undefined && recorded.dueAt === stage.dueAt && recorded.provisional;
}
