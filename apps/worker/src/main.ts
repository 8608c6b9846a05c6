import 'reflect-metadata';
import { ConfigError, JsonLogger, loadConfig } from '#platform';
import { createWorker } from './create-worker.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`chengyun worker: ${error.message}\n`);
  process.exit(1);
}

const logger = new JsonLogger('worker', config.logLevel);
await createWorker({ config, service: 'worker', logger });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.event('info', 'shutting down', { signal });
    // Nest's shutdown hooks close the BullMQ workers (letting running jobs finish), then the store and Redis.
    setTimeout(() => {
      logger.event('error', 'shutdown took too long; exiting', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
  });
}
