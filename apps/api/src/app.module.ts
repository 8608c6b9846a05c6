import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule, type PlatformOptions } from '#platform';
import { AuthModule } from './auth/auth.module.js';
import { CalendarAdminModule } from './calendar/calendar-admin.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { GridModule } from './grid/grid.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyRegistry } from './http/idempotency-registry.js';
import { HotlineModule } from './hotline/hotline.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { PhotosModule } from './photos/photos.module.js';
import { ReadSideModule } from './read-side/read-side.module.js';

/** The API process: HTTP controllers that send commands and queries over the buses. */
@Module({})
export class AppModule {
  static forRoot(platform: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(platform),
        CqrsModule.forRoot(),
        HealthModule,
        AuthModule,
        DirectoryModule,
        HotlineModule,
        CalendarAdminModule,
        GridModule,
        ReadSideModule,
        OperationsModule,
        DemoModule,
        PhotosModule,
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyRegistry }],
    };
  }
}
