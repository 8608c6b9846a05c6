import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import type { Principal } from './principal.js';

/** How long a stream ticket may wait for its EventSource (seconds). */
export const STREAM_TICKET_TTL_S = 60;

/**
 * One-time tickets for `GET /stream`: the browser's EventSource cannot send an Authorization header, and a JWT in a
 * URL ends up in logs. A signed-in client asks for a ticket (random, 60 s, stored hashed in Redis with the principal)
 * and opens `/stream?ticket=…`; the guard consumes it on first use, so a ticket seen in a log is worth nothing.
 */
@Injectable()
export class StreamTicketService {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async issue(principal: Principal): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = randomBytes(24).toString('base64url');
    await this.redis.set(this.key(ticket), JSON.stringify(principal), 'EX', STREAM_TICKET_TTL_S);
    return { ticket, expiresIn: STREAM_TICKET_TTL_S };
  }

  /** The principal a ticket was issued to, consuming it; undefined when unknown, used or expired. */
  async consume(ticket: string): Promise<Principal | undefined> {
    if (!/^[\w-]{20,64}$/.test(ticket)) return undefined;
    const stored = await this.redis.getdel(this.key(ticket));
    return stored === null ? undefined : (JSON.parse(stored) as Principal);
  }

  private key(ticket: string): string {
    return redisKey(this.config, 'auth', 'stream-ticket', createHash('sha256').update(ticket).digest('hex'));
  }
}
