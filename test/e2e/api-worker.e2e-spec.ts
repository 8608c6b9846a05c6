import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-app.js';
import { createWorker } from '../../apps/worker/src/create-worker.js';
import { collectingLogger, dropRedisPrefix, eventually, testConfig } from '../support/test-env.js';

describe('API and worker on the embedded default (SQLite + real Redis)', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let env: ReturnType<typeof testConfig>;
  let apiLog: ReturnType<typeof collectingLogger>;

  beforeEach(async () => {
    env = testConfig();
    apiLog = collectingLogger('api');
    api = await createApiApp({ config: env.config, service: 'api', logger: apiLog.logger });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await api.close();
    await dropRedisPrefix(env.config);
    env.cleanup();
  });

  it('reports health degraded until a worker reports, then ok', async () => {
    const before = await request(api.getHttpServer()).get('/api/v1/health').expect(200);
    expect(before.body).toMatchObject({
      status: 'degraded',
      checks: {
        eventStore: { status: 'up', kind: 'sqlite', head: '0' },
        redis: { status: 'up' },
        worker: { status: 'down' },
      },
    });

    worker = await createWorker({
      config: env.config,
      service: 'worker',
      logger: collectingLogger('worker').logger,
    });
    const after = await eventually(async () => {
      const response = await request(api.getHttpServer()).get('/api/v1/health').expect(200);
      expect(response.body.status).toBe('ok');
      return response;
    });
    expect(after.body.checks.worker).toMatchObject({ status: 'up', pid: process.pid });
  });

  it('answers an unknown route with problem+json 404', async () => {
    const response = await request(api.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 404,
      type: 'urn:chengyun:problem:not-found',
      title: 'Not found',
    });
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(api.getHttpServer()).get('/api/docs-json').expect(200);
    expect(response.body.info.title).toContain('Chengyun');
    expect(Object.keys(response.body.paths)).toContain('/api/v1/health');
  });
});

describe('health when Redis is unreachable', () => {
  it('answers 503 naming Redis as down', async () => {
    const env = testConfig({ REDIS_URL: 'redis://127.0.0.1:1' });
    const api = await createApiApp({
      config: env.config,
      service: 'api',
      logger: collectingLogger('api').logger,
    });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    try {
      const response = await request(api.getHttpServer()).get('/api/v1/health').expect(503);
      expect(response.body).toMatchObject({
        status: 'down',
        checks: { eventStore: { status: 'up' }, redis: { status: 'down' } },
      });
    } finally {
      await api.close();
      env.cleanup();
    }
  });
});
