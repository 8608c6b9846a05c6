import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AlertPoint, Clock } from '#core';
import { categoryOf, EventStore, type RecordedEvent } from '#event-store';
import { AppConfig, JsonLogger, QUEUES, queuePrefix, redisKey } from '#platform';
import { caseAlertsProjection, PROJECTIONS, RedisProjectionStore, servingVersion } from '#read-models';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type AlertTarget, DeadlineCommandsService } from './deadline-commands.service.js';
import { LogLane } from '../lanes/log-lane.js';
import { timerPoints } from './timer-points.js';

/** The case categories whose events carry deadlines. */
const CASE_CATEGORIES = ['ticket', 'finding'] as const;
const ENSURE_EVERY_MS = 5000;
/** A point already past by more than this when its event is read is left to the sweep (e.g. a rebuild from zero). */
const LATE_ARMING_MS = 10 * 60_000;
/** How many pending points of one partition one sweep fires at most (the next sweep goes on). */
const SWEEP_LIMIT = 2000;

type FireJob = AlertTarget;

/** BullMQ job ids must not contain ':'. */
const jobIdOf = (target: AlertTarget, at: string) =>
  [target.point, target.caseType, target.id, target.stage, target.startedAt, at]
    .join('|')
    .replaceAll(':', '.');

/**
 * Deadline timers (docs/architecture.md, "Deadlines and alerts"):
 * - the scheduler lane follows the log from its own checkpoint (one lane, global concurrency 1, woken on append
 *   with a one-second backstop) and arms a delayed job, with a deterministic id, for every future point an event
 *   records (timer-points.ts);
 * - a fired job sends the point's command (DeadlineCommandsService), which records the alert only if it applies;
 * - the reconciliation sweep (a job scheduler, every DEADLINE_SWEEP_MS) fires every pending point of the case-alerts
 *   read model that has passed: what a Redis that lost its delayed jobs forgot, or a point armed too late.
 * Timer and sweep may fire the same point: the decider records it once.
 */
@Injectable()
export class DeadlineTimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private lane: LogLane | undefined;
  private timers: Queue | undefined;
  private worker: Worker | undefined;
  private ensureTimer: NodeJS.Timeout | undefined;
  private readonly projections: RedisProjectionStore;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DeadlineCommandsService) private readonly commands: DeadlineCommandsService,
  ) {
    this.projections = new RedisProjectionStore(redis, redisKey(config));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workerDeadlines) {
      this.logger.event(
        'info',
        'deadline timers off in this worker (WORKER_DEADLINES=false)',
        {},
        'Deadlines',
      );
      return;
    }
    const connection = { url: this.config.redisUrl, maxRetriesPerRequest: null };
    const prefix = queuePrefix(this.config);
    const timers = new Queue(QUEUES.deadlineTimers, { connection, prefix });
    this.timers = timers;
    await this.ensureSweep();
    // A Redis that lost everything loses the sweep's scheduler too: put it back every few seconds (idempotent).
    this.ensureTimer = setInterval(() => void this.ensureSweep(), ENSURE_EVERY_MS);
    this.worker = new Worker(QUEUES.deadlineTimers, (job: Job) => this.process(job), {
      connection,
      prefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.event('warn', 'deadline job failed', { job: job?.name, error: error.message }, 'Deadlines'),
    );
    // Lost locks and keys after a Redis outage or FLUSHALL: logged (without a listener BullMQ prints them).
    this.worker.on('error', (error) =>
      this.logger.event('warn', 'deadline worker error', { error: error.message }, 'Deadlines'),
    );
    this.lane = new LogLane(this.store, this.redis, this.logger, {
      queue: QUEUES.deadlineScheduler,
      checkpointKey: redisKey(this.config, 'deadlines', 'checkpoint'),
      categories: CASE_CATEGORIES,
      connection: { url: this.config.redisUrl },
      prefix,
      context: 'Deadlines',
      handle: (events) => this.arm(timers, events),
    });
    await this.lane.start();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ensureTimer);
    await this.lane?.stop();
    await this.worker?.close();
    await this.timers?.close();
  }

  private async ensureSweep(): Promise<void> {
    try {
      await this.timers?.upsertJobScheduler(
        'sweep',
        { every: this.config.deadlineSweepMs },
        { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.event(
        'warn',
        'deadline sweep not scheduled',
        { error: (error as Error).message },
        'Deadlines',
      );
    }
  }

  /** Arms the timers of a batch of the log (at least once: the job ids make arming again a no-op). */
  private async arm(timers: Queue, events: readonly RecordedEvent[]): Promise<void> {
    const now = this.clock.now().getTime();
    const jobs: { name: string; data: FireJob; opts: { jobId: string; delay: number } }[] = [];
    for (const event of events) {
      const caseType = categoryOf(event.stream) as AlertTarget['caseType'];
      const id = event.stream.slice(caseType.length + 1);
      for (const point of timerPoints(event)) {
        const delay = Date.parse(point.at) - now;
        if (delay < -LATE_ARMING_MS) continue;
        const target: AlertTarget = {
          caseType,
          id,
          point: point.point,
          stage: point.stage,
          startedAt: point.startedAt,
        };
        jobs.push({
          name: 'fire',
          data: target,
          opts: { jobId: jobIdOf(target, point.at), delay: Math.max(0, delay) },
        });
      }
    }
    if (jobs.length === 0) return;
    await timers.addBulk(
      jobs.map((job) => ({
        ...job,
        opts: {
          ...job.opts,
          removeOnComplete: true,
          removeOnFail: 1000,
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
        },
      })),
    );
  }

  private async process(job: Job): Promise<void> {
    if (job.name === 'sweep') {
      await this.sweep();
      return;
    }
    await this.commands.fire(job.data as FireJob);
  }

  /** Fires every pending point that has passed, from the case-alerts read model. Answers how many it fired. */
  async sweep(): Promise<number> {
    const partitions = this.config.projectionPartitions;
    const version = await servingVersion(
      this.projections,
      PROJECTIONS,
      caseAlertsProjection.name,
      partitions,
    );
    const ref = { name: caseAlertsProjection.name, version, partitions };
    const now = this.clock.now().getTime();
    let fired = 0;
    for (const member of await this.projections.indexUpTo(ref, 'pending', now, SWEEP_LIMIT)) {
      const [point, key, caseType, id] = member.split('|') as [
        AlertPoint,
        string,
        AlertTarget['caseType'],
        string,
      ];
      const at = key.indexOf('@');
      fired += await this.commands.fire({
        caseType,
        id,
        point,
        stage: key.slice(0, at),
        startedAt: key.slice(at + 1),
      });
    }
    if (fired > 0) this.logger.event('info', 'deadline sweep fired missed alerts', { fired }, 'Deadlines');
    return fired;
  }
}
