import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions, QUEUES, queuePrefix } from '#platform';
import { DeadlineCommandsService } from './deadlines/deadline-commands.service.js';
import { DeadlineTimersService } from './deadlines/deadline-timers.service.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { ProjectionWorkersService } from './projections/projection-workers.service.js';
import { SystemProcessor } from './system/system.processor.js';

/** The worker process: BullMQ processors that build read models, fire deadlines and run reactors. */
@Module({})
export class WorkerModule {
  static forRoot(platform: PlatformOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(platform),
        BullModule.forRoot({
          connection: { url: platform.config.redisUrl, maxRetriesPerRequest: null },
          prefix: queuePrefix(platform.config),
        }),
        BullModule.registerQueue({ name: QUEUES.system }),
      ],
      providers: [
        SystemProcessor,
        ProjectionWorkersService,
        DeadlineCommandsService,
        DeadlineTimersService,
        NotificationsService,
      ],
    };
  }
}
