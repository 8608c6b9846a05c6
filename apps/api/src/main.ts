import 'reflect-metadata';
import { ConfigError, JsonLogger, loadConfig } from '#platform';
import { createApiApp } from './create-app.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`chengyun api: ${error.message}\n`);
  process.exit(1);
}

const logger = new JsonLogger('api', config.logLevel);
const app = await createApiApp({ config, service: 'api', logger });
await app.listen({ port: config.port, host: config.host });
logger.event('info', 'api listening', {
  url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  eventStore: config.eventStore,
  demo: config.demo,
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.event('info', 'shutting down', { signal });
    // Nest's shutdown hooks close the HTTP server (finishing requests in flight), then the store and Redis.
    setTimeout(() => {
      logger.event('error', 'shutdown took too long; exiting', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
  });
}
