import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Clock } from '#core';
import { AppConfig, JsonLogger, QUEUES, workerHeartbeatKey } from '#platform';
import { Redis } from 'ioredis';
import { JOBS } from '../queues/jobs.js';
import { QueueRuntime } from '../queues/queue-runtime.js';

/** How often the worker reports itself, and how long a report lives. */
export const HEARTBEAT_EVERY_MS = 5_000;
const HEARTBEAT_TTL_MS = 30_000;

/**
 * The worker's housekeeping queue. Its heartbeat is a BullMQ job scheduler, so a worker that reports
 * alive is one whose queue processing really works (Redis reachable, jobs picked up).
 */
@Injectable()
export class SystemService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(QueueRuntime) private readonly queues: QueueRuntime,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.queues.work(QUEUES.system, {
      jobs: JOBS[QUEUES.system],
      concurrency: 1,
      context: 'System',
      prepare: (queue) =>
        queue
          .upsertJobScheduler(
            'heartbeat',
            { every: HEARTBEAT_EVERY_MS },
            { name: 'heartbeat', opts: { removeOnComplete: true, removeOnFail: 100 } },
          )
          .then(() => undefined),
    });
    this.queues.handle(QUEUES.system, 'heartbeat', () => this.beat());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.logger.event('info', 'worker started', { pid: process.pid }, 'SystemService');
  }

  private async beat(): Promise<void> {
    const beat = JSON.stringify({ at: this.clock.now().toISOString(), pid: process.pid });
    await this.redis.set(workerHeartbeatKey(this.config), beat, 'PX', HEARTBEAT_TTL_MS);
  }
}
