import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '#platform';
import { DeadlineCommandsService } from './deadlines/deadline-commands.service.js';
import { DeadlineTimersService } from './deadlines/deadline-timers.service.js';
import { LanesService } from './lanes/lanes.service.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { ProjectionWorkersService } from './projections/projection-workers.service.js';
import { QueueRuntime } from './queues/queue-runtime.js';
import { SystemService } from './system/system.service.js';

/**
 * The worker process: projections and reactors on lanes, deadline timers and webhook deliveries, all on one queue
 * runtime that refuses to start while a job has no handler.
 */
@Module({})
export class WorkerModule {
  static forRoot(platform: PlatformOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(platform)],
      providers: [
        QueueRuntime,
        LanesService,
        SystemService,
        ProjectionWorkersService,
        DeadlineCommandsService,
        DeadlineTimersService,
        NotificationsService,
      ],
    };
  }
}
