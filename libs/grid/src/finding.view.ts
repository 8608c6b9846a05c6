import {
  type ActionLink,
  type ActorScope,
  foldStageHistory,
  type StageState,
  stageStateAt,
  type TrackedStage,
} from '#core';
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
/** The state of a finding's stage instance (see `stageStateAt`). */
export type FindingStageState = StageState;

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
export const findingStageState = stageStateAt;

/** The finding of `events` as the caller sees it at `now`; undefined when the events hold no finding. */
export function findingView(
  events: readonly FindingEvent[],
  options: FindingViewOptions,
): FindingView | undefined {
  const { actor, now } = options;
  const { state, stages } = foldStageHistory<FindingState, FindingEvent, GridStage>(
    events,
    { initialState: initialFindingState, evolve: evolveFinding },
    (f: FindingState) => (f.status === 'none' ? [] : openFindingStages(f)),
  );
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
function provisionalOf(deadlines: FindingDeadlines, stage: TrackedStage<GridStage>): boolean {
  const recorded = (
    deadlines as Readonly<Partial<Record<GridStage, { dueAt: string; provisional: boolean }>>>
  )[stage.stage];
  return recorded !== undefined && recorded.dueAt === stage.dueAt && recorded.provisional;
}
