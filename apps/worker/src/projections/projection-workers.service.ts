import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '#event-store';
import { AppConfig, JsonLogger, queuePrefix, redisKey } from '#platform';
import {
  isSuperseded,
  PROJECTIONS,
  type Projection,
  projectionQueueName,
  RedisProjectionStore,
  retireSuperseded,
  runBatch,
} from '#read-models';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** Batches one job applies before it yields (and queues its own continuation), so a rebuild never hogs a worker. */
const BATCHES_PER_JOB = 20;
const BATCH_LIMIT = 1000;
const BACKSTOP_EVERY_MS = 1000;
const LOCK_MS = 10_000;
const ENSURE_EVERY_MS = 5000;

/** One batch at a time per lane, whichever process runs it, and the backstop schedule (both idempotent). */
async function ensureLane(queue: Queue): Promise<void> {
  await queue.setGlobalConcurrency(1);
  await queue.upsertJobScheduler(
    'backstop',
    { every: BACKSTOP_EVERY_MS },
    { name: 'catch-up', opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
}

interface Lane {
  readonly projection: Projection<unknown>;
  readonly partition: number;
  readonly queue: Queue;
  readonly worker: Worker;
}

/**
 * Runs the projections: one BullMQ queue per projection partition with a global concurrency of 1 (so one batch at
 * a time per partition, whichever worker process takes it), woken by a deduplicated job on every append the store
 * announces, with a one-second job scheduler as a backstop. A job applies batches through the Lua-checked
 * checkpoint, so a duplicate, retried or stalled job changes nothing twice; an empty Redis starts from zero.
 */
@Injectable()
export class ProjectionWorkersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lanes: Lane[] = [];
  private unsubscribe: (() => void) | undefined;
  private ensureTimer: NodeJS.Timeout | undefined;
  private readonly projectionStore: RedisProjectionStore;
  /** Projection names whose older versions this process has retired since their serving version was built. */
  private readonly retired = new Set<string>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.projectionStore = new RedisProjectionStore(redis, redisKey(config));
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = { url: this.config.redisUrl, maxRetriesPerRequest: null };
    const prefix = queuePrefix(this.config);
    const partitions = this.config.projectionPartitions;
    for (const projection of PROJECTIONS) {
      for (let partition = 0; partition < partitions; partition += 1) {
        const name = projectionQueueName(projection, partition);
        const queue = new Queue(name, { connection, prefix });
        await ensureLane(queue);
        const worker = new Worker(name, () => this.process(projection, partition, queue), {
          connection,
          prefix,
          concurrency: 1,
          // A worker that died holding a job blocks its lane until the lock expires and the job counts as
          // stalled: keep that short (a batch takes milliseconds; the lock is renewed every 5 s meanwhile).
          lockDuration: LOCK_MS,
          stalledInterval: LOCK_MS / 2,
        });
        worker.on('failed', (job, error) =>
          this.logger.event(
            'warn',
            'projection job failed',
            { queue: name, job: job?.id, error: error.message },
            'Projections',
          ),
        );
        // Lost locks and keys after a Redis outage or FLUSHALL: logged (without a listener BullMQ prints them).
        worker.on('error', (error) =>
          this.logger.event(
            'warn',
            'projection worker error',
            { queue: name, error: error.message },
            'Projections',
          ),
        );
        this.lanes.push({ projection, partition, queue, worker });
      }
    }
    // A Redis that lost everything loses the lanes' schedulers and limits too: put them back every few seconds.
    this.ensureTimer = setInterval(() => void this.ensureLanes(), ENSURE_EVERY_MS);
    this.unsubscribe = this.store.subscribe?.(() => void this.wakeAll());
    await this.wakeAll();
    this.logger.event(
      'info',
      'projections running',
      { projections: PROJECTIONS.map((p) => `${p.name}.v${p.version}`), partitions },
      'Projections',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ensureTimer);
    this.unsubscribe?.();
    await Promise.all(this.lanes.map((lane) => lane.worker.close()));
    await Promise.all(this.lanes.map((lane) => lane.queue.close()));
  }

  private async ensureLanes(): Promise<void> {
    try {
      for (const lane of this.lanes) await ensureLane(lane.queue);
    } catch (error) {
      this.logger.event(
        'warn',
        'projection lanes not set',
        { error: (error as Error).message },
        'Projections',
      );
    }
  }

  private async wakeAll(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.wake(lane.queue)));
  }

  /** A wake-up job, deduplicated: while one waits, more appends add nothing. */
  private async wake(queue: Queue): Promise<void> {
    try {
      await queue.add(
        'catch-up',
        {},
        { deduplication: { id: 'wake' }, removeOnComplete: true, removeOnFail: 100 },
      );
    } catch (error) {
      // Redis is unreachable: the backstop scheduler and the next append wake the lane again.
      this.logger.event(
        'warn',
        'projection wake-up failed',
        { error: (error as Error).message },
        'Projections',
      );
    }
  }

  private async process(projection: Projection<unknown>, partition: number, queue: Queue): Promise<void> {
    const partitions = this.config.projectionPartitions;
    const ref = { name: projection.name, version: projection.version, partitions };
    if (await isSuperseded(this.projectionStore, PROJECTIONS, ref)) {
      // A newer version is built and serves the queries: this one stops and its keys go.
      await this.retire(projection.name);
      return;
    }
    const options = { partition, partitions, limit: BATCH_LIMIT };
    for (let batch = 0; batch < BATCHES_PER_JOB; batch += 1) {
      const result = await runBatch(this.store, this.projectionStore, projection, options);
      if (result.atEnd) {
        if (!this.retired.has(projection.name)) await this.retire(projection.name);
        return;
      }
    }
    // More to do: let the other lanes have the worker, and continue in a new job.
    await this.wake(queue);
  }

  /** Drops the versions of a projection below the serving one once that one is built (once per process). */
  private async retire(name: string): Promise<void> {
    const partitions = this.config.projectionPartitions;
    const dropped = await retireSuperseded(this.projectionStore, PROJECTIONS, name, partitions);
    if (await this.projectionStore.isBuilt({ name, version: Math.max(...registeredOf(name)), partitions })) {
      this.retired.add(name);
    }
    if (dropped.length > 0) {
      this.logger.event('info', 'projection versions retired', { name, dropped }, 'Projections');
    }
  }
}

const registeredOf = (name: string): number[] =>
  PROJECTIONS.filter((projection) => projection.name === name).map((projection) => projection.version);
