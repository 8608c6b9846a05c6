import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { IdempotencyKeyReusedError } from '#event-store';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import { commandMetaFrom } from './command-context.js';

/** How long a key stays bound to its first request across routes and streams (the stream's own events keep it forever). */
export const IDEMPOTENCY_BINDING_TTL_S = 7 * 24 * 3600;

/**
 * The global registry of Idempotency-Keys: the first request with a key binds it (Redis SET NX, so of concurrent first
 * uses exactly one binds) to the hash of its account, method, path and body. The same key with anything else — another
 * account, another route or aggregate, another body — answers 422 IDEMPOTENCY_KEY_REUSED before anything runs. The
 * command runner checks the same hash against the events the key wrote, so the binding holds on the stream even when
 * Redis lost the registry.
 */
@Injectable()
export class IdempotencyRegistry implements NestInterceptor {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Parameters<typeof commandMetaFrom>[0]>();
    if (request.method !== 'POST' || request.headers['idempotency-key'] === undefined) return next.handle();
    // Only a signed-in caller binds keys (the public routes take none): no one can fill the registry anonymously.
    if (this.config.authMode !== 'off' && !(request as { principal?: unknown }).principal)
      return next.handle();
    let meta: ReturnType<typeof commandMetaFrom>;
    try {
      meta = commandMetaFrom(request);
    } catch {
      return next.handle(); // a malformed key or If-Match: the handler answers 400
    }
    if (meta.requestBinding === undefined) return next.handle();
    await this.bind(meta.requestBinding.key, meta.requestBinding.hash);
    return next.handle();
  }

  /** Binds the key to the request, or throws when it is bound to another one. */
  async bind(key: string, requestHash: string): Promise<void> {
    const name = redisKey(this.config, 'idempotency', createHash('sha256').update(key).digest('hex'));
    let bound: string | null;
    try {
      const set = await this.redis.set(name, requestHash, 'EX', IDEMPOTENCY_BINDING_TTL_S, 'NX');
      if (set === 'OK') return;
      bound = await this.redis.get(name);
    } catch {
      // Redis is away: the command runner still checks the key against the events it wrote on the stream.
      return;
    }
    if (bound !== null && bound !== requestHash) throw new IdempotencyKeyReusedError();
  }
}
