import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import { TooManyRequestsError } from '../http/problem-details.js';

const WINDOW_S = 15 * 60;
/** An IP address may fail this many times the per-account limit (an office shares one outgoing address). */
const IP_FACTOR = 5;

/**
 * Failed logins counted per account and per client address in Redis over a 15-minute window: over the limit, login
 * is refused (429) without checking the password, so guessing is slow whichever account or address it comes from.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async check(username: string, ip: string): Promise<void> {
    const [account, address] = await this.redis.mget(this.key('account', username), this.key('ip', ip));
    const limit = this.config.authLoginLimit;
    if (Number(account ?? 0) >= limit || Number(address ?? 0) >= limit * IP_FACTOR) {
      const ttl = Math.max(
        await this.redis.ttl(this.key('account', username)),
        await this.redis.ttl(this.key('ip', ip)),
        1,
      );
      throw new TooManyRequestsError('Too many failed logins; try again later', ttl);
    }
  }

  async failed(username: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [this.key('account', username), this.key('ip', ip)]) {
      multi.incr(key);
      multi.expire(key, WINDOW_S, 'NX');
    }
    await multi.exec();
  }

  async succeeded(username: string): Promise<void> {
    await this.redis.del(this.key('account', username));
  }

  private key(kind: 'account' | 'ip', value: string): string {
    return redisKey(this.config, 'auth', 'failed', kind, value.slice(0, 100));
  }
}
