import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from './config.js';

/**
 * A Redis connection for one purpose. `maxRetriesPerRequest: null` is what BullMQ requires of its
 * connections (a command waits for a reconnect instead of failing); the database number in REDIS_URL is kept.
 */
export function createRedis(
  config: Pick<AppConfig, 'redisUrl'>,
  purpose: string,
  options: RedisOptions = {},
): Redis {
  return new Redis(config.redisUrl, {
    connectionName: `chengyun:${purpose}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...options,
  });
}

/** A Redis key under this instance's prefix: `redisKey(config, 'worker', 'heartbeat')` → `chengyun:worker:heartbeat`. */
export function redisKey(config: Pick<AppConfig, 'redisPrefix'>, ...parts: string[]): string {
  return [config.redisPrefix, ...parts].join(':');
}

/** The prefix BullMQ puts before its queue keys, under this instance's prefix. */
export function queuePrefix(config: Pick<AppConfig, 'redisPrefix'>): string {
  return `${config.redisPrefix}:bull`;
}

/** The connection options a queue may change: by default a command waits for a reconnect (BullMQ's requirement). */
export interface QueueConnectionOptions {
  readonly maxRetriesPerRequest?: number | null;
  readonly enableOfflineQueue?: boolean;
}

/**
 * What a BullMQ queue or worker of this instance is built with: a connection to REDIS_URL (BullMQ opens its own
 * from these options) and the instance's queue prefix. `connection` overrides the connection's options.
 */
export function queueOptions(
  config: Pick<AppConfig, 'redisUrl' | 'redisPrefix'>,
  connection: QueueConnectionOptions = {},
): { connection: QueueConnectionOptions & { url: string }; prefix: string } {
  return {
    connection: { url: config.redisUrl, maxRetriesPerRequest: null, ...connection },
    prefix: queuePrefix(config),
  };
}

/** Names of the BullMQ queues, in one place so the API and the worker agree. */
export const QUEUES = {
  /** The worker's own housekeeping: its heartbeat, later sweeps. */
  system: 'system',
  /** Deadline timers (delayed jobs) and the reconciliation sweep. */
  deadlineTimers: 'deadline-timers',
  /** The lane that follows the log and arms the deadline timers. */
  deadlineScheduler: 'deadline-scheduler',
  /** Webhook deliveries of deadline alerts (one job per alert and webhook, retried with backoff). */
  notifications: 'notifications',
  /** The lane that follows the log and queues the webhook deliveries. */
  notificationsScheduler: 'notifications-scheduler',
} as const;

/** The key where live workers report themselves; the API's health reads it. */
export const workerHeartbeatKey = (config: Pick<AppConfig, 'redisPrefix'>) =>
  redisKey(config, 'worker', 'heartbeat');
