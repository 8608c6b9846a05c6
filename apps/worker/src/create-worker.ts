import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { PlatformOptions } from '#platform';
import { WorkerModule } from './worker.module.js';

/** Builds and starts the worker (no HTTP), for `main.ts` and for tests. */
export async function createWorker(platform: PlatformOptions): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(platform), {
    logger: platform.logger,
  });
  worker.enableShutdownHooks();
  await worker.init();
  return worker;
}
