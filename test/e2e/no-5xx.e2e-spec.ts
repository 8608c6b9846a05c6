import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '#event-store';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-app.js';
import { collectingLogger, dropRedisPrefix, testConfig } from '../support/test-env.js';

/** Bodies no client should send: each must be refused with a 4xx, never a 5xx, and write nothing. */
const JUNK: readonly unknown[] = [
  {},
  [],
  'text',
  42,
  null,
  {
    id: null,
    unitId: { $ne: 1 },
    category: null,
    location: 'here',
    caller: [],
    photos: 'x',
    __proto__: { a: 1 },
  },
  { overrides: [null], dates: [1], holidays: 'none', year: 'MMXXVII' },
];

describe('every command route refuses junk without a 5xx and without writing', () => {
  let env: ReturnType<typeof testConfig>;
  let api: NestFastifyApplication;

  beforeAll(async () => {
    env = testConfig({ DEMO: 'true' });
    api = await createApiApp({ config: env.config, service: 'api', logger: collectingLogger('api').logger });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await api.close();
    await dropRedisPrefix(env.config);
    env.cleanup();
  });

  it('answers 4xx to junk on every POST route of the OpenAPI document', async () => {
    const document = (await request(api.getHttpServer()).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => path.replace(/\{id\}/g, '00000000-0000-5000-8000-000000000000'));
    expect(routes.length).toBeGreaterThan(30);
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const failures: string[] = [];
    for (const route of routes) {
      for (const body of JUNK) {
        const response = await request(api.getHttpServer())
          .post(route)
          .set('content-type', 'application/json')
          .send(JSON.stringify(body));
        if (response.status < 400 || response.status >= 500) {
          failures.push(`${route} ${JSON.stringify(body)} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await store.headPosition()).toBe(before);
  });
});
