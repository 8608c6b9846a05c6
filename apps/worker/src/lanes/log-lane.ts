import type { EventStore, RecordedEvent } from '#event-store';
import type { JsonLogger } from '#platform';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

const BATCH_LIMIT = 1000;
/** Batches one job handles before it yields and queues its own continuation. */
const BATCHES_PER_JOB = 20;
const BACKSTOP_EVERY_MS = 1000;
const ENSURE_EVERY_MS = 5000;

export interface LogLaneOptions {
  /** The lane's queue (one job at a time, whichever worker process takes it). */
  readonly queue: string;
  /** Where the lane keeps the position after which it has not handled the log. */
  readonly checkpointKey: string;
  readonly categories: readonly string[];
  readonly connection: { readonly url: string };
  readonly prefix: string;
  /** For the log lines. */
  readonly context: string;
  /** Handles one batch of the log; the checkpoint moves when it returns (so at least once: make it idempotent). */
  readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
}

/**
 * A reactor's lane that follows the log from its own checkpoint in Redis: one batch at a time (global concurrency 1),
 * woken by a deduplicated job on every append the store announces, with a one-second job scheduler as a backstop;
 * the scheduler and the concurrency limit are put back every few seconds, so a Redis that lost everything (and with
 * it the checkpoint) restarts the lane from the beginning of the log by itself. Used by the deadline timers and the
 * notifications, whose handlers only queue idempotent jobs.
 */
export class LogLane {
  private queue: Queue | undefined;
  private worker: Worker | undefined;
  private ensureTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly redis: Redis,
    private readonly logger: JsonLogger,
    private readonly options: LogLaneOptions,
  ) {}

  async start(): Promise<void> {
    const { queue: name, connection, prefix } = this.options;
    this.queue = new Queue(name, { connection: { ...connection, maxRetriesPerRequest: null }, prefix });
    await this.ensure();
    this.ensureTimer = setInterval(() => void this.ensure(), ENSURE_EVERY_MS);
    this.worker = new Worker(name, () => this.run(), {
      connection: { ...connection, maxRetriesPerRequest: null },
      prefix,
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.event(
        'warn',
        `${name} job failed`,
        { job: job?.id, error: error.message },
        this.options.context,
      ),
    );
    // Lost locks and keys after a Redis outage or FLUSHALL: logged (without a listener BullMQ prints "Unhandled error").
    this.worker.on('error', (error) =>
      this.logger.event('warn', `${name} worker error`, { error: error.message }, this.options.context),
    );
    this.unsubscribe = this.store.subscribe?.(() => void this.wake());
    await this.wake();
  }

  async stop(): Promise<void> {
    clearInterval(this.ensureTimer);
    this.unsubscribe?.();
    await this.worker?.close();
    await this.queue?.close();
  }

  /** A wake-up job, deduplicated: while one waits, more appends add nothing. */
  async wake(): Promise<void> {
    try {
      await this.queue?.add(
        'run',
        {},
        { deduplication: { id: 'wake' }, removeOnComplete: true, removeOnFail: 100 },
      );
    } catch (error) {
      // Redis is unreachable: the backstop scheduler and the next append wake the lane again.
      this.logger.event(
        'warn',
        `${this.options.queue} wake-up failed`,
        { error: (error as Error).message },
        this.options.context,
      );
    }
  }

  private async ensure(): Promise<void> {
    try {
      await this.queue?.setGlobalConcurrency(1);
      await this.queue?.upsertJobScheduler(
        'backstop',
        { every: BACKSTOP_EVERY_MS },
        { name: 'run', opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.event(
        'warn',
        `${this.options.queue} not set`,
        { error: (error as Error).message },
        this.options.context,
      );
    }
  }

  private async run(): Promise<void> {
    for (let batch = 0; batch < BATCHES_PER_JOB; batch += 1) {
      const after = (await this.redis.get(this.options.checkpointKey)) ?? undefined;
      const read = await this.store.readAll({
        limit: BATCH_LIMIT,
        categories: [...this.options.categories],
        ...(after === undefined ? {} : { after }),
      });
      if (read.events.length > 0) await this.options.handle(read.events);
      if (read.next !== after) await this.redis.set(this.options.checkpointKey, read.next);
      if (read.atEnd) return;
    }
    // More to do: let other work have the worker, and continue in a new job.
    await this.wake();
  }
}
