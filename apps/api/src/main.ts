import 'reflect-metadata';
import { exitIfShutdownHangs, JsonLogger, loadConfigOrExit } from '#platform';
import { createApiApp } from './create-app.js';

const config = loadConfigOrExit('api');
const logger = new JsonLogger('api', config.logLevel);
const app = await createApiApp({ config, service: 'api', logger });
await app.listen({ port: config.port, host: config.host });
logger.event('info', 'api listening', {
  url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  eventStore: config.eventStore,
  demo: config.demo,
});
exitIfShutdownHangs(logger, config);
