import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventStore, type RecordedEvent } from '#event-store';
import { AppConfig, JsonLogger, redisKey } from '#platform';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LANE_JOB } from '../queues/jobs.js';
import { QueueRuntime } from '../queues/queue-runtime.js';
import { type LaneCheckpoint, reactorCheckpoint } from './lane-checkpoints.js';

/** Batches one job handles before it yields and queues its own continuation, so a rebuild never hogs a worker. */
const BATCHES_PER_JOB = 20;
const BACKSTOP_EVERY_MS = 1000;
const ENSURE_EVERY_MS = 5000;
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: 100 } as const;

/** One follower of the log: a queue whose job runs batches from a checkpoint. */
export interface Lane {
  /** Its queue (one job at a time, whichever worker process takes it). */
  readonly queue: string;
  /** The log context of its lines. */
  readonly context: string;
  /** How it takes a batch and moves its checkpoint (lane-checkpoints.ts). */
  readonly checkpoint: LaneCheckpoint;
  /** See `QueueWork.lockDurationMs`. */
  readonly lockDurationMs?: number;
  /** Before a job's batches: false ends the job without one (a projection version that was superseded). */
  readonly shouldRun?: () => Promise<boolean>;
  /** When a job has reached the head of the log. */
  readonly onHead?: () => Promise<void>;
}

/**
 * The lanes of the worker, projections and reactors alike (docs/architecture.md, "Lanes and queues"): each lane is
 * a queue with a global concurrency of 1, so one batch at a time whichever process runs it; it is woken by a
 * deduplicated job on every append the store announces, with a one-second job scheduler as a backstop; a job runs
 * up to 20 batches, then queues its continuation. The limit and the scheduler are put back every few seconds, so a
 * Redis that lost everything restarts the lanes by itself (from the beginning of the log, its checkpoints gone).
 * Add lanes in `onModuleInit`.
 */
@Injectable()
export class LanesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lanes: Lane[] = [];
  private ensureTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(QueueRuntime) private readonly queues: QueueRuntime,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /**
   * Adds a reactor's lane: it follows `categories` from its own checkpoint (`<prefix>:<name>:checkpoint`) and hands
   * every batch to `handle`, which must be idempotent (see `reactorCheckpoint`).
   */
  addReactor(reactor: {
    readonly name: string;
    readonly queue: string;
    readonly context: string;
    readonly categories: readonly string[];
    readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
  }): void {
    const key = redisKey(this.config, reactor.name, 'checkpoint');
    const { categories, handle } = reactor;
    this.add({
      queue: reactor.queue,
      context: reactor.context,
      checkpoint: reactorCheckpoint(this.store, this.redis, { key, categories, handle }),
    });
  }

  /** Adds a lane: its queue is worked by this process, its job runs the lane's batches. */
  add(lane: Lane): void {
    this.queues.work(lane.queue, {
      jobs: [LANE_JOB],
      concurrency: 1,
      context: lane.context,
      ...(lane.lockDurationMs === undefined ? {} : { lockDurationMs: lane.lockDurationMs }),
      prepare: (queue) => this.ensureLogged(() => this.ensure(queue), { queue: lane.queue }, lane.context),
    });
    this.queues.handle(lane.queue, LANE_JOB, () => this.run(lane));
    this.lanes.push(lane);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.lanes.length === 0) return;
    this.ensureTimer = setInterval(() => void this.ensureAll(), ENSURE_EVERY_MS);
    this.unsubscribe = this.store.subscribe?.(() => void this.wakeAll());
    await this.wakeAll();
  }

  onModuleDestroy(): void {
    clearInterval(this.ensureTimer);
    this.unsubscribe?.();
  }

  /** A wake-up job, deduplicated: while one waits, more appends add nothing. */
  async wake(lane: Lane): Promise<void> {
    try {
      await this.queues
        .queue(lane.queue)
        .add(LANE_JOB, {}, { deduplication: { id: 'wake' }, ...JOB_OPTIONS });
    } catch (error) {
      // Redis is unreachable: the backstop scheduler and the next append wake the lane again.
      this.logger.event(
        'warn',
        'lane wake-up failed',
        { queue: lane.queue, error: (error as Error).message },
        lane.context,
      );
    }
  }

  private async wakeAll(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.wake(lane)));
  }

  /** Puts back every lane's limit and scheduler; while Redis is away, one line says so. */
  private async ensureAll(): Promise<void> {
    await this.ensureLogged(
      async () => {
        for (const lane of this.lanes) await this.ensure(this.queues.queue(lane.queue));
      },
      {},
      'Lanes',
    );
  }

  /** One batch at a time per lane, whichever process runs it, and the backstop schedule (both idempotent). */
  private async ensure(queue: Queue): Promise<void> {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      'backstop',
      { every: BACKSTOP_EVERY_MS },
      { name: LANE_JOB, opts: JOB_OPTIONS },
    );
  }

  private async ensureLogged(
    ensure: () => Promise<void>,
    fields: Readonly<Record<string, unknown>>,
    context: string,
  ): Promise<void> {
    try {
      await ensure();
    } catch (error) {
      this.logger.event('warn', 'lanes not set', { ...fields, error: (error as Error).message }, context);
    }
  }

  private async run(lane: Lane): Promise<void> {
    if (lane.shouldRun && !(await lane.shouldRun())) return;
    for (let batch = 0; batch < BATCHES_PER_JOB; batch += 1) {
      const { atEnd } = await lane.checkpoint.next();
      if (atEnd) {
        await lane.onHead?.();
        return;
      }
    }
    // More to do: let the other lanes have the worker, and continue in a new job.
    await this.wake(lane);
  }
}
