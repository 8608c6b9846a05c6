import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '#core';
import { EventStore } from '#event-store';
import { AppConfig, queueOptions } from '#platform';
import { PROJECTIONS, projectionQueueName } from '#read-models';
import { Queue } from 'bullmq';
import { ReadModelsService } from '../read-side/read-models.service.js';

/** How far one projection partition is behind the log, and its queue. */
export interface LaneStatus {
  readonly projection: string;
  readonly version: number;
  readonly partition: number;
  readonly checkpoint: string;
  /** Events in the log after the checkpoint (counted up to 10,000). */
  readonly lagEvents: number;
  /** How long the oldest event not yet applied has waited; 0 when caught up. */
  readonly lagMs: number;
  readonly queue: {
    readonly waiting: number;
    readonly active: number;
    readonly delayed: number;
    readonly failed: number;
  };
}

const LAG_COUNT_LIMIT = 10_000;

/** Projection lag and queue depth, for /api/v1/health and /metrics. */
@Injectable()
export class ProjectionStatusService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async lanes(): Promise<LaneStatus[]> {
    const lanes: LaneStatus[] = [];
    for (const projection of PROJECTIONS) {
      const ref = this.readModels.ref(projection);
      for (let partition = 0; partition < ref.partitions; partition += 1) {
        const checkpoint = await this.readModels.store.checkpoint(ref, partition);
        const behind = await this.store.readAll({
          after: checkpoint,
          limit: LAG_COUNT_LIMIT,
          categories: projection.categories,
        });
        const oldest = behind.events[0];
        const counts = await this.queue(projectionQueueName(projection, partition)).getJobCounts(
          'waiting',
          'active',
          'delayed',
          'failed',
        );
        lanes.push({
          projection: projection.name,
          version: projection.version,
          partition,
          checkpoint,
          lagEvents: behind.events.length,
          lagMs: oldest ? Math.max(0, this.clock.now().getTime() - Date.parse(oldest.recordedAt)) : 0,
          queue: {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
          },
        });
      }
    }
    return lanes;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Health and metrics answer at once while Redis is away: no waiting for a reconnect.
      queue = new Queue(
        name,
        queueOptions(this.config, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }
}
