import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '#core';
import { EventStore } from '#event-store';
import { AppConfig, workerHeartbeatKey } from '#platform';
import { Redis } from 'ioredis';
import { ProjectionStatusService } from '../operations/projection-status.service.js';
import { Public } from '../auth/roles.decorator.js';

interface ReplyLike {
  status(code: number): ReplyLike;
}

type Check = { status: 'up' | 'down'; [detail: string]: unknown };

/** How old a worker heartbeat may be before the worker counts as gone. */
const WORKER_STALE_MS = 30_000;

async function check(probe: () => Promise<Record<string, unknown>>, timeoutMs = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', ...detail };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ProjectionStatusService) private readonly projections: ProjectionStatusService,
  ) {}

  /**
   * 200 when the event store and Redis answer (status `ok`, or `degraded` when no worker has reported
   * recently: commands work, read models lag); 503 when either is down.
   */
  @Get()
  @ApiOperation({ summary: 'Event store, Redis and worker reachability' })
  async health(@Res({ passthrough: true }) reply: ReplyLike) {
    const [eventStore, redis, worker, projections] = await Promise.all([
      check(async () => ({ kind: this.config.eventStore, head: await this.store.headPosition() })),
      check(async () => ({ ping: await this.redis.ping() })),
      check(async () => {
        const raw = await this.redis.get(workerHeartbeatKey(this.config));
        if (raw === null) throw new Error('no worker has reported');
        const beat = JSON.parse(raw) as { at: string; pid: number };
        const ageMs = this.clock.now().getTime() - new Date(beat.at).getTime();
        if (ageMs > WORKER_STALE_MS) throw new Error(`last heartbeat ${Math.round(ageMs / 1000)} s ago`);
        return { lastSeen: beat.at, pid: beat.pid };
      }),
      check(async () => ({ lanes: await this.projections.lanes() })),
    ]);
    const essential = eventStore.status === 'up' && redis.status === 'up';
    reply.status(essential ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: essential ? (worker.status === 'up' ? 'ok' : 'degraded') : 'down',
      checks: { eventStore, redis, worker, projections },
    };
  }
}
