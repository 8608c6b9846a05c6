import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, JsonLogger, queueOptions } from '#platform';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';

/** Runs one job; `token` is the job's lock token (for `moveToDelayed`). */
export type JobHandler<Data = unknown> = (job: Job<Data>, token?: string) => Promise<unknown>;

/** How this process works one queue. */
export interface QueueWork {
  /** Every job name the queue carries; each needs exactly one handler. */
  readonly jobs: readonly string[];
  /** Jobs of this queue this process runs at once. */
  readonly concurrency: number;
  /**
   * How long a job's lock lasts (renewed while it runs): a process that died holding a job blocks the queue this
   * long before the job counts as stalled and runs again. BullMQ's default (30 s) when absent.
   */
  readonly lockDurationMs?: number;
  /** The log context of its lines. */
  readonly context: string;
  /** Logs a failed job instead of the default warning (e.g. to tell a retry from giving up). */
  readonly onFailed?: (job: Job | undefined, error: Error) => void;
  /** Sets the queue up (limits, job schedulers) before this process starts taking its jobs. */
  readonly prepare?: (queue: Queue) => Promise<void>;
}

/**
 * The worker's one owner of BullMQ: every queue and worker is built here from the instance's connection and prefix,
 * logs its failures and errors the same way, and is closed at shutdown (workers first, so running jobs finish).
 *
 * Services say, before the application boots (`onModuleInit`), which queues this process works (`work`) and register
 * a handler for each job by name (`handle`); at boot the runtime checks that every job of every worked queue has
 * exactly one handler and refuses to start otherwise, saying what to add (after immich's job repository). A job
 * whose name the queue does not carry fails without retries.
 */
@Injectable()
export class QueueRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly worked = new Map<string, QueueWork>();
  /** queue → job name → handler */
  private readonly handlers = new Map<string, Map<string, JobHandler>>();
  private readonly workers: Worker[] = [];
  private started = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** The producer side of a queue (one per name in this process). */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, queueOptions(this.config));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Says that this process works `queue` (runs its jobs); call before the application boots. */
  work(queue: string, work: QueueWork): void {
    if (this.started)
      throw new Error(`Queue ${queue} declared after the worker started: declare it in onModuleInit`);
    if (this.worked.has(queue)) throw new Error(`Queue ${queue} is declared twice`);
    this.worked.set(queue, work);
  }

  /** Registers the handler of the job `job` of `queue`; a second handler for the same job stops the boot. */
  handle<Data>(queue: string, job: string, handler: JobHandler<Data>): void {
    if (this.started) throw new Error(`Handler of ${queue}/${job} registered after the worker started`);
    const byName = this.handlers.get(queue) ?? new Map<string, JobHandler>();
    if (byName.has(job)) {
      throw new Error(`Job ${job} of queue ${queue} has two handlers: register exactly one`);
    }
    byName.set(job, handler as JobHandler);
    this.handlers.set(queue, byName);
  }

  /** Checks the handlers, then starts a worker for every worked queue. */
  async onApplicationBootstrap(): Promise<void> {
    const problems = this.problems();
    if (problems.length > 0) throw new Error(`The worker cannot start:\n- ${problems.join('\n- ')}`);
    this.started = true;
    for (const [queue, work] of this.worked) {
      await work.prepare?.(this.queue(queue));
      this.workers.push(this.startWorker(queue, work));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /** What is missing or extra among the handlers, each with what to do. */
  private problems(): string[] {
    const problems: string[] = [];
    for (const [queue, work] of this.worked) {
      for (const job of work.jobs) {
        if (!this.handlers.get(queue)?.has(job)) {
          problems.push(
            `job ${job} of queue ${queue} has no handler: add queues.handle('${queue}', '${job}', …) to the service that works ${queue} (${work.context})`,
          );
        }
      }
    }
    for (const [queue, byName] of this.handlers) {
      const work = this.worked.get(queue);
      for (const job of byName.keys()) {
        if (!work) {
          problems.push(
            `queue ${queue} has a handler for ${job} but nobody works it: add queues.work('${queue}', …) beside the handler`,
          );
        } else if (!work.jobs.includes(job)) {
          problems.push(
            `queue ${queue} does not carry job ${job}, which has a handler: add it to the queue's jobs (JOBS in apps/worker/src/queues/jobs.ts)`,
          );
        }
      }
    }
    return problems;
  }

  private startWorker(queue: string, work: QueueWork): Worker {
    const handlers = this.handlers.get(queue) ?? new Map<string, JobHandler>();
    const worker = new Worker(
      queue,
      (job: Job, token?: string) => {
        const handler = handlers.get(job.name);
        // Retrying cannot teach this worker a job it does not know.
        if (!handler) throw new UnrecoverableError(`No handler for job ${job.name} on queue ${queue}`);
        return handler(job, token);
      },
      {
        ...queueOptions(this.config),
        concurrency: work.concurrency,
        ...(work.lockDurationMs === undefined
          ? {}
          : { lockDuration: work.lockDurationMs, stalledInterval: work.lockDurationMs / 2 }),
      },
    );
    worker.on(
      'failed',
      work.onFailed ??
        ((job, error) =>
          this.logger.event(
            'warn',
            'job failed',
            { queue, job: job?.id, name: job?.name, error: error.message },
            work.context,
          )),
    );
    // Lost locks and keys after a Redis outage or FLUSHALL: logged (without a listener BullMQ prints them).
    worker.on('error', (error) =>
      this.logger.event('warn', 'worker error', { queue, error: error.message }, work.context),
    );
    return worker;
  }
}
