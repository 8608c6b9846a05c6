import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type AlertPoint, Clock } from '#core';
import { categoryOf, EventStore, type RecordedEvent } from '#event-store';
import { AppConfig, JsonLogger, QUEUES, redisKey } from '#platform';
import { caseAlertsProjection, PROJECTIONS, RedisProjectionStore, servingVersion } from '#read-models';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AlertTarget, DeadlineCommandsService } from './deadline-commands.service.js';
import { LanesService } from '../lanes/lanes.service.js';
import { JOBS } from '../queues/jobs.js';
import { QueueRuntime } from '../queues/queue-runtime.js';
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
 * - the scheduler lane follows the log from its own checkpoint (lanes.service.ts) and arms a delayed job, with a
 *   deterministic id, for every future point an event records (timer-points.ts);
 * - a fired job (`fire`) sends the point's command (DeadlineCommandsService), which records the alert only if it
 *   applies;
 * - the reconciliation sweep (`sweep`, a job scheduler, every DEADLINE_SWEEP_MS) fires every pending point of the
 *   case-alerts read model that has passed: what a Redis that lost its delayed jobs forgot, or a point armed too late.
 * Timer and sweep may fire the same point: the decider records it once.
 */
@Injectable()
export class DeadlineTimersService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private ensureTimer: NodeJS.Timeout | undefined;
  private readonly projections: RedisProjectionStore;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DeadlineCommandsService) private readonly commands: DeadlineCommandsService,
    @Inject(QueueRuntime) private readonly queues: QueueRuntime,
    @Inject(LanesService) private readonly lanes: LanesService,
  ) {
    this.projections = new RedisProjectionStore(redis, redisKey(config));
  }

  onModuleInit(): void {
    if (!this.config.workerDeadlines) return;
    const timers = QUEUES.deadlineTimers;
    this.queues.work(timers, {
      jobs: JOBS[timers],
      concurrency: 4,
      context: 'Deadlines',
      prepare: (queue) => this.ensureSweep(queue),
    });
    this.queues.handle<FireJob>(timers, 'fire', async (job) => {
      await this.commands.fire(job.data);
    });
    this.queues.handle(timers, 'sweep', async () => {
      await this.sweep();
    });
    const arming = this.queues.queue(timers);
    this.lanes.addReactor({
      name: 'deadlines',
      queue: QUEUES.deadlineScheduler,
      context: 'Deadlines',
      categories: CASE_CATEGORIES,
      handle: (events) => this.arm(arming, events),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.workerDeadlines) {
      this.logger.event(
        'info',
        'deadline timers off in this worker (WORKER_DEADLINES=false)',
        {},
        'Deadlines',
      );
      return;
    }
    // A Redis that lost everything loses the sweep's scheduler too: put it back every few seconds (idempotent).
    const timers = this.queues.queue(QUEUES.deadlineTimers);
    this.ensureTimer = setInterval(() => void this.ensureSweep(timers), ENSURE_EVERY_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.ensureTimer);
  }

  private async ensureSweep(timers: Queue): Promise<void> {
    try {
      await timers.upsertJobScheduler(
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
