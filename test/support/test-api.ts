import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '#core';
import { createApiApp } from '../../apps/api/src/create-app.js';
import { collectingLogger, dropRedisPrefix, testConfig } from './test-env.js';

/** An API application of a test's own: its data directory, its Redis prefix, its clock, its log lines. */
export interface TestApi {
  readonly app: NestFastifyApplication;
  readonly lines: string[];
  /** Closes the application and removes everything the test wrote. */
  close(): Promise<void>;
}

/** Starts the real API (SQLite in a temp directory, the real Redis) for supertest, not listening on a port. */
export async function startTestApi(env: Record<string, string> = {}, clock?: Clock): Promise<TestApi> {
  const { config, cleanup } = testConfig(env);
  const { logger, lines } = collectingLogger('api');
  const app = await createApiApp({ config, service: 'api', logger, ...(clock ? { clock } : {}) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    lines,
    async close() {
      await app.close();
      await dropRedisPrefix(config);
      cleanup();
    },
  };
}
