import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '#core';
import type { AppConfig } from '#platform';
import { createApiApp } from '../../apps/api/src/create-app.js';
import { createWorker } from '../../apps/worker/src/create-worker.js';
import { collectingLogger, dropRedisPrefix, testConfig } from './test-env.js';

/** An API application of a test's own: its data directory, its Redis prefix, its clock, its log lines. */
export interface TestApi {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly lines: string[];
  /** The worker's log lines (empty without a worker). */
  readonly workerLines: string[];
  /** The worker, when one was started (the same clock as the API). */
  readonly worker: INestApplicationContext | undefined;
  /** Closes the application (and the worker) and removes everything the test wrote. */
  close(): Promise<void>;
}

/**
 * Starts the real API (SQLite in a temp directory, the real Redis) for supertest, not listening on a port; with
 * `worker: true`, also a worker on the same configuration, so the read models follow the writes.
 */
export async function startTestApi(
  env: Record<string, string> = {},
  clock?: Clock,
  options: { readonly worker?: boolean } = {},
): Promise<TestApi> {
  const { config, cleanup } = testConfig(env);
  const { logger, lines } = collectingLogger('api');
  const app = await createApiApp({ config, service: 'api', logger, ...(clock ? { clock } : {}) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let worker: INestApplicationContext | undefined;
  const workerLog = collectingLogger('worker');
  if (options.worker) {
    worker = await createWorker({
      config,
      service: 'worker',
      logger: workerLog.logger,
      ...(clock ? { clock } : {}),
    });
  }
  return {
    app,
    config,
    lines,
    workerLines: workerLog.lines,
    worker,
    async close() {
      await worker?.close();
      await app.close();
      await dropRedisPrefix(config);
      cleanup();
    },
  };
}
