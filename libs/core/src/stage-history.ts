/*
 * Every stage instance of a case's life, as the views show them (`stages[]` of GET /tickets/:id and
 * /findings/:id): which stages ran, when each ended, and the state of each at a moment.
 */

/** The state of a stage instance: running (open, past its warning point, past its due time) or ended (in time or late). */
export type StageState = 'open' | 'warning' | 'overdue' | 'done-on-time' | 'done-late';

/** The states in the order a stage can pass through them. */
export const STAGE_STATES: readonly StageState[] = [
  'open',
  'warning',
  'overdue',
  'done-on-time',
  'done-late',
];

/** One stage instance: its start, its latest deadline, and when it stopped running (null while it runs). */
export interface TrackedStage<Stage extends string = string> {
  readonly stage: Stage;
  readonly startedAt: string;
  /** The due time in force (after any extension or calendar revision), or when it ended, the one it ended under. */
  readonly dueAt: string;
  readonly warnAt: string;
  readonly endedAt: string | null;
}

/** The state of a stage instance at `now`: an ended one by its end against its due time, a running one by now. */
export function stageStateAt(
  stage: { readonly dueAt: string; readonly warnAt: string; readonly endedAt: string | null },
  now: Date,
): StageState {
  if (stage.endedAt !== null) {
    return Date.parse(stage.endedAt) <= Date.parse(stage.dueAt) ? 'done-on-time' : 'done-late';
  }
  if (now.getTime() > Date.parse(stage.dueAt)) return 'overdue';
  if (now.getTime() >= Date.parse(stage.warnAt)) return 'warning';
  return 'open';
}

/**
 * Folds a case's events, following every stage instance its decider runs (`running(state)`): an instance (stage and
 * start) begins when it first runs, takes each later due time (an extension, a revision), and ends at the event
 * after which it no longer runs — its completing event, or the case leaving it. An instance that runs again (a
 * rejected reply resumes the handling stage under its deadline) is the same instance, running again.
 */
export function foldStageHistory<S, E extends { readonly data: unknown }, Stage extends string>(
  events: readonly E[],
  fold: { readonly initialState: () => S; readonly evolve: (state: S, event: E) => S },
  running: (state: S) => readonly Pick<TrackedStage<Stage>, 'stage' | 'startedAt' | 'dueAt' | 'warnAt'>[],
): { state: S; stages: TrackedStage<Stage>[] } {
  let state = fold.initialState();
  const stages = new Map<string, TrackedStage<Stage>>();
  for (const event of events) {
    state = fold.evolve(state, event);
    const now = new Set<string>();
    for (const { stage, startedAt, dueAt, warnAt } of running(state)) {
      const key = `${stage}@${startedAt}`;
      now.add(key);
      stages.set(key, { stage, startedAt, dueAt, warnAt, endedAt: null });
    }
    const at = (event.data as { at?: unknown }).at;
    for (const [key, tracked] of stages) {
      if (!now.has(key) && tracked.endedAt === null && typeof at === 'string') {
        stages.set(key, { ...tracked, endedAt: at });
      }
    }
  }
  return { state, stages: [...stages.values()] };
}
