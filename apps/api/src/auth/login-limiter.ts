import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import { TooManyRequestsError } from '../http/problem-details.js';

/** The per-address window: its failures count for 15 minutes. */
const WINDOW_S = 15 * 60;
/** An address may fail this many times the per-account limit (an office shares one outgoing address). */
const IP_FACTOR = 5;
/** After the limit, the first delay; each further failure doubles it, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60_000;
/** How long one password check may hold an account's slot (released when it ends). */
const IN_FLIGHT_MS = 10_000;
/** An account's failure count is forgotten a day after its last attempt. */
const ACCOUNT_TTL_S = 24 * 3600;

/**
 * Counts the attempt and takes the account's slot, atomically, before any password is checked:
 * 1: the address is over its limit, 2: the account must wait its delay, 3: another check of this account is in
 * flight; 0: go ahead (the attempt is already counted as a failure until `succeeded`).
 */
const ATTEMPT = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local ipCount = tonumber(redis.call('GET', KEYS[3]) or '0')
if ipCount >= tonumber(ARGV[3]) then
  return {1, math.max(redis.call('PTTL', KEYS[3]), 1000)}
end
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nextAt > now then return {2, nextAt - now} end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[5]) then return {3, 1000} end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= limit then
  local delay = math.min(tonumber(ARGV[6]) * 2 ^ (failures - limit), tonumber(ARGV[7]))
  redis.call('HSET', KEYS[1], 'next', now + delay)
end
redis.call('EXPIRE', KEYS[1], ARGV[8])
redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[4], 'NX')
return {0, failures}
`;

const SUCCEEDED = `
redis.call('DEL', KEYS[1], KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
return 0
`;

/** Why an attempt was refused before its password was checked. */
export type LoginRefusal = 'address-limit' | 'account-delay' | 'in-flight';

/** The password may be checked: `release` ends the attempt, as a success or a failure. */
export interface LoginSlot {
  readonly failures: number;
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Slows password guessing without locking anyone out. Each attempt is counted in Redis *before* its password is
 * checked, and takes the account's only slot (one check in flight per account), so concurrent guesses cannot race
 * past the limit. After AUTH_LOGIN_LIMIT failures an account is not locked: each further attempt must wait a delay
 * that doubles with every failure (1 s, 2 s, 4 s … up to 15 minutes), so its owner can still log in while a guesser
 * gets a few tries an hour. A client address (the real one behind TRUSTED_PROXIES) may fail five times the limit in
 * 15 minutes. A success forgets the account's failures.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Counts the attempt and takes the account's slot, or throws 429 with Retry-After (and says why, for the log). */
  async attempt(username: string, ip: string): Promise<LoginSlot> {
    const keys = [this.key('account', username), this.key('in-flight', username), this.key('ip', ip)];
    const limit = this.config.authLoginLimit;
    const [outcome, value] = (await this.redis.eval(
      ATTEMPT,
      3,
      ...keys,
      this.clock.now().getTime(),
      limit,
      limit * IP_FACTOR,
      WINDOW_S,
      IN_FLIGHT_MS,
      BASE_DELAY_MS,
      MAX_DELAY_MS,
      ACCOUNT_TTL_S,
    )) as [number, number];
    if (outcome !== 0) {
      const reason: LoginRefusal =
        outcome === 1 ? 'address-limit' : outcome === 2 ? 'account-delay' : 'in-flight';
      throw new LoginRefusedError(reason, Math.max(1, Math.ceil(value / 1000)));
    }
    const [account, inFlight, address] = keys as [string, string, string];
    return {
      failures: value,
      succeeded: async () => {
        // The account's failures are forgotten; the address's count takes back this attempt (if its window lasts).
        await this.redis.eval(SUCCEEDED, 3, account, inFlight, address);
      },
      failed: async () => {
        await this.redis.del(inFlight);
      },
    };
  }

  private key(kind: 'account' | 'in-flight' | 'ip', value: string): string {
    return redisKey(this.config, 'auth', 'login', kind, value.slice(0, 100));
  }
}

/** 429: the attempt was not made (its password not checked). */
export class LoginRefusedError extends TooManyRequestsError {
  constructor(
    readonly reason: LoginRefusal,
    retryAfterS: number,
  ) {
    super(
      reason === 'in-flight'
        ? 'Another login of this account is being checked; try again in a moment'
        : 'Too many failed logins; try again later',
      retryAfterS,
    );
  }
}
