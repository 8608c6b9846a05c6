import 'reflect-metadata';
import { exitIfShutdownHangs, JsonLogger, loadConfigOrExit } from '#platform';
import { createWorker } from './create-worker.js';

const config = loadConfigOrExit('worker');
const logger = new JsonLogger('worker', config.logLevel);
await createWorker({ config, service: 'worker', logger });
exitIfShutdownHangs(logger, config);
