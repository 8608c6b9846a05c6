import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '#event-store';
import { ProjectionStatusService } from './projection-status.service.js';
import { Public } from '../auth/roles.decorator.js';

const label = (value: string | number) => `"${String(value).replace(/["\\\n]/g, '_')}"`;

/** Prometheus metrics (text exposition format): projection lag and queue depth, the log head. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(ProjectionStatusService) private readonly status: ProjectionStatusService,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async metrics(): Promise<string> {
    const lanes = await this.status.lanes();
    const head = await this.store.headPosition();
    const lines = [
      '# HELP chengyun_projection_lag_events Events in the log not yet applied by a projection partition.',
      '# TYPE chengyun_projection_lag_events gauge',
      ...lanes.map(
        (l) =>
          `chengyun_projection_lag_events{projection=${label(l.projection)},version=${label(l.version)},partition=${label(l.partition)}} ${l.lagEvents}`,
      ),
      '# HELP chengyun_projection_lag_seconds How long the oldest event not yet applied has waited.',
      '# TYPE chengyun_projection_lag_seconds gauge',
      ...lanes.map(
        (l) =>
          `chengyun_projection_lag_seconds{projection=${label(l.projection)},version=${label(l.version)},partition=${label(l.partition)}} ${l.lagMs / 1000}`,
      ),
      '# HELP chengyun_queue_jobs Jobs in a projection queue by state.',
      '# TYPE chengyun_queue_jobs gauge',
      ...lanes.flatMap((l) =>
        Object.entries(l.queue).map(
          ([state, count]) =>
            `chengyun_queue_jobs{queue=${label(`${l.projection}.v${l.version}.p${l.partition}`)},state=${label(state)}} ${count}`,
        ),
      ),
      '# HELP chengyun_event_store_head The position of the last event in the log (numeric stores only).',
      '# TYPE chengyun_event_store_head gauge',
      ...(/^\d+$/.test(head) ? [`chengyun_event_store_head ${head}`] : []),
    ];
    return `${lines.join('\n')}\n`;
  }
}
