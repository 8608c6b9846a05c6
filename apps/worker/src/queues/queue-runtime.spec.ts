import { type AppConfig, JsonLogger } from '#platform';
import { QueueRuntime } from './queue-runtime.js';

// The checks run before any queue or worker exists: no Redis is touched.
const config = { redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'queue-runtime-spec' } as AppConfig;
const runtime = () => new QueueRuntime(config, new JsonLogger('worker', 'error'));

const handler = () => Promise.resolve(undefined);

describe('the queue runtime refuses to start on a job without exactly one handler', () => {
  it('names the job with no handler and what to add', async () => {
    const queues = runtime();
    queues.work('deadline-timers', { jobs: ['fire', 'sweep'], concurrency: 1, context: 'Deadlines' });
    queues.handle('deadline-timers', 'fire', handler);
    await expect(queues.onApplicationBootstrap()).rejects.toThrow(
      "job sweep of queue deadline-timers has no handler: add queues.handle('deadline-timers', 'sweep', …)",
    );
  });

  it('refuses a second handler for the same job', () => {
    const queues = runtime();
    queues.work('system', { jobs: ['heartbeat'], concurrency: 1, context: 'System' });
    queues.handle('system', 'heartbeat', handler);
    expect(() => queues.handle('system', 'heartbeat', handler)).toThrow('has two handlers');
  });

  it('refuses a handler for a job the queue does not carry, or for a queue nobody works', async () => {
    const queues = runtime();
    queues.work('system', { jobs: ['heartbeat'], concurrency: 1, context: 'System' });
    queues.handle('system', 'heartbeat', handler);
    queues.handle('system', 'cleanup', handler);
    queues.handle('elsewhere', 'run', handler);
    const boot = queues.onApplicationBootstrap();
    await expect(boot).rejects.toThrow('queue system does not carry job cleanup');
    await expect(boot).rejects.toThrow('queue elsewhere has a handler for run but nobody works it');
  });
});
