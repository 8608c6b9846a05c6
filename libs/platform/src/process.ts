import { type AppConfig, ConfigError, loadConfig } from './config.js';
import type { JsonLogger } from './logger.js';

/** The configuration, or exit 1 with a message naming every bad variable: a process must not start half-configured. */
export function loadConfigOrExit(service: string): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`chengyun ${service}: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * On SIGTERM or SIGINT, Nest's shutdown hooks close the process gracefully (finishing requests and jobs in
 * flight, then the store and Redis); this only logs the signal and exits with 1 if that takes longer than
 * SHUTDOWN_TIMEOUT_MS.
 */
export function exitIfShutdownHangs(logger: JsonLogger, config: AppConfig): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.event('info', 'shutting down', { signal });
      setTimeout(() => {
        logger.event('error', 'shutdown took too long; exiting', { timeoutMs: config.shutdownTimeoutMs });
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
}
