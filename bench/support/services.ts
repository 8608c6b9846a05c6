/**
 * The real API and worker as child processes, each benchmark with its own data directory and Redis prefix, and
 * what a benchmark needs around them: a unique prefix, deleting every key under it, the intake body.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppBuild } from './app-build.js';
import { type Child, startNode, waitForHttp } from './processes.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis prefix nobody else uses (REDIS_PREFIX allows letters, digits, _ . -). */
export function uniquePrefix(name: string): string {
  return `bench-${name}-${randomUUID().slice(0, 8)}`;
}

/**
 * The environment of the API and the worker. SQLite at FULL (the default, said explicitly), no demo data, warnings
 * only. AUTH_MODE=off with NODE_ENV=test: once authentication is in the build, the caller is whoever the
 * X-Actor-* headers say and no token is checked (before that, both variables are ignored).
 */
export function serviceEnv(options: {
  readonly port: number;
  readonly dataDir: string;
  readonly prefix: string;
  readonly extra?: Readonly<Record<string, string>>;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    EVENT_STORE: 'sqlite',
    SQLITE_SYNCHRONOUS: 'FULL',
    REDIS_URL,
    REDIS_PREFIX: options.prefix,
    LOG_LEVEL: 'warn',
    DEMO: 'false',
    NODE_ENV: 'test',
    AUTH_MODE: 'off',
    ...options.extra,
  };
}

/** Starts the compiled API and waits until /api/v1/health answers. */
export async function startApi(build: AppBuild, env: NodeJS.ProcessEnv): Promise<Child> {
  const api = startNode('api', [build.apiMain], env);
  await waitForHttp(api, `http://127.0.0.1:${env.PORT}/api/v1/health`);
  return api;
}

/** Starts the compiled worker (it has no HTTP: the caller waits for its effects). */
export function startWorker(build: AppBuild, env: NodeJS.ProcessEnv): Child {
  return startNode('worker', [build.workerMain], env);
}

/** Deletes every key under `<prefix>:`; answers how many. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let dropped = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) dropped += await redis.unlink(...keys);
  } while (cursor !== '0');
  return dropped;
}

/** Headers of the 12345 platform's integration, which delivers the tickets. */
export const INTEGRATION_HEADERS = {
  'x-actor-id': 'hotline-12345',
  'x-actor-role': 'integration',
} as const;

/**
 * A 12345 ticket as the district platform delivers it (test/e2e/ticket-life.e2e-spec.ts), without the caller:
 * no personal data, so the vault is not written and intake is one event append.
 */
export function intakeBody(ticketNo: string): string {
  return JSON.stringify({
    ticketNo,
    receivedAt: '2026-03-02T09:15:00+08:00',
    type: 'complaint',
    urgency: 'normal',
    category: { code: '01.03.02', path: ['城市管理', '噪声污染', '建筑施工噪声'] },
    title: '夜间施工噪声扰民',
    content: '市民反映威海路某工地每晚22点后仍在施工，噪声很大，要求处理。',
    address: '静安区威海路100号',
    channel: 'phone',
    gridId: 'g2-03',
  });
}

/** Unique 13-digit 12345 numbers: a random 4-digit run prefix and a 9-digit counter. */
export function ticketNumbers(): () => string {
  const run = String(1000 + Math.floor(Math.random() * 9000));
  let next = 0;
  return () => {
    next += 1;
    return `${run}${String(next).padStart(9, '0')}`;
  };
}
