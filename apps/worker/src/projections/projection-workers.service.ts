import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { EventStore } from '#event-store';
import { AppConfig, JsonLogger, redisKey } from '#platform';
import {
  isSuperseded,
  PROJECTIONS,
  projectionQueueName,
  RedisProjectionStore,
  retireSuperseded,
} from '#read-models';
import { Redis } from 'ioredis';
import { projectionCheckpoint } from '../lanes/lane-checkpoints.js';
import { LanesService } from '../lanes/lanes.service.js';

/**
 * A worker that died holding a job blocks its partition until the lock expires and the job counts as stalled: keep
 * that short (a batch takes milliseconds; the lock is renewed every 5 s meanwhile).
 */
const LOCK_MS = 10_000;

/**
 * Runs the projections: one lane per projection partition, whose checkpoint moves in the Lua call that applies a
 * batch, so a duplicate, retried or stalled job changes nothing twice; an empty Redis starts from zero. A version
 * superseded by a newer, built one stops and its keys go (libs/read-models/src/versions.ts).
 */
@Injectable()
export class ProjectionWorkersService implements OnModuleInit, OnApplicationBootstrap {
  private readonly projectionStore: RedisProjectionStore;
  /** Projection names whose older versions this process has retired since their serving version was built. */
  private readonly retired = new Set<string>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(LanesService) private readonly lanes: LanesService,
  ) {
    this.projectionStore = new RedisProjectionStore(redis, redisKey(config));
  }

  onModuleInit(): void {
    const partitions = this.config.projectionPartitions;
    for (const projection of PROJECTIONS) {
      const ref = { name: projection.name, version: projection.version, partitions };
      for (let partition = 0; partition < partitions; partition += 1) {
        this.lanes.add({
          queue: projectionQueueName(projection, partition),
          context: 'Projections',
          checkpoint: projectionCheckpoint(this.store, this.projectionStore, projection, {
            partition,
            partitions,
          }),
          lockDurationMs: LOCK_MS,
          shouldRun: async () => {
            if (!(await isSuperseded(this.projectionStore, PROJECTIONS, ref))) return true;
            // A newer version is built and serves the queries: this one stops and its keys go.
            await this.retire(projection.name);
            return false;
          },
          onHead: async () => {
            if (!this.retired.has(projection.name)) await this.retire(projection.name);
          },
        });
      }
    }
  }

  onApplicationBootstrap(): void {
    this.logger.event(
      'info',
      'projections running',
      {
        projections: PROJECTIONS.map((p) => `${p.name}.v${p.version}`),
        partitions: this.config.projectionPartitions,
      },
      'Projections',
    );
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
