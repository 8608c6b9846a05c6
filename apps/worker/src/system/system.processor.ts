import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '#core';
import { AppConfig, JsonLogger, QUEUES, workerHeartbeatKey } from '#platform';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';

/** How often the worker reports itself, and how long a report lives. */
export const HEARTBEAT_EVERY_MS = 5_000;
const HEARTBEAT_TTL_MS = 30_000;

/**
 * The worker's housekeeping queue. Its heartbeat is a BullMQ job scheduler, so a worker that reports
 * alive is one whose queue processing really works (Redis reachable, jobs picked up).
 */
@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'heartbeat',
      { every: HEARTBEAT_EVERY_MS },
      { name: 'heartbeat', opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    await this.beat();
    this.logger.event('info', 'worker started', { pid: process.pid }, 'SystemProcessor');
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case 'heartbeat':
        await this.beat();
        return;
      default:
        // Retrying cannot teach this worker a job it does not know.
        throw new UnrecoverableError(`No handler for job ${job.name} on queue ${QUEUES.system}`);
    }
  }

  private async beat(): Promise<void> {
    const beat = JSON.stringify({ at: this.clock.now().toISOString(), pid: process.pid });
    await this.redis.set(workerHeartbeatKey(this.config), beat, 'PX', HEARTBEAT_TTL_MS);
  }
}
