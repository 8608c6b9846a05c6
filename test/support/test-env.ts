import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig, JsonLogger, loadConfig, type LogSink } from '#platform';
import { Redis } from 'ioredis';

/** A test's own configuration: a fresh data directory and a Redis prefix nobody else uses. */
export function testConfig(overrides: Record<string, string> = {}): {
  config: AppConfig;
  cleanup: () => void;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengyun-e2e-'));
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DATA_DIR: dataDir,
    REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'warn',
    // Security has its own tests (test/e2e/auth*.e2e-spec.ts); the others act through X-Actor headers, which
    // the configuration accepts only under NODE_ENV=test (Jest sets it).
    AUTH_MODE: 'off',
    NODE_ENV: process.env.NODE_ENV,
    ...overrides,
  });
  return { config, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function collectingLogger(service: string): { logger: JsonLogger; lines: string[] } {
  const lines: string[] = [];
  const sink: LogSink = (line) => lines.push(line);
  return { logger: new JsonLogger(service, 'debug', sink), lines };
}

/** Deletes every Redis key under the test's prefix. */
export async function dropRedisPrefix(config: Pick<AppConfig, 'redisUrl' | 'redisPrefix'>): Promise<void> {
  const redis = new Redis(config.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** Polls until the check passes or the time is up; a test waits for a point instead of racing a sleep. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
