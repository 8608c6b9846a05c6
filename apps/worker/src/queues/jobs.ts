import { QUEUES } from '#platform';

/** The job of every lane queue (a projection partition, a reactor's log follower): run batches from the checkpoint. */
export const LANE_JOB = 'catch-up';

/**
 * The jobs each fixed queue of the worker carries. A process that works a queue must register a handler for each of
 * its jobs (`QueueRuntime.handle`), and may register none for a job not listed here: it refuses to start otherwise.
 * A new job starts here. Lane queues (one per projection partition, one per reactor) carry `LANE_JOB` only.
 */
export const JOBS = {
  [QUEUES.system]: ['heartbeat'],
  [QUEUES.deadlineTimers]: ['fire', 'sweep'],
  [QUEUES.notifications]: ['deliver'],
} as const satisfies Readonly<Record<string, readonly string[]>>;
