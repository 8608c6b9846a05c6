import { createHash, randomUUID } from 'node:crypto';
import type { CommandCall } from '#commands';
import { type Actor, canonicalJson, type DomainEvent } from '#core';
import type { CommandResult } from '#event-store';
import { headerOf } from './http-types.js';
import type { Principal } from '../auth/principal.js';
import { RequestValidationError } from './validation.js';

interface RequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method?: string;
  readonly url?: string;
  readonly body?: unknown;
  /** Left by the AuthGuard: who the bearer token says the caller is. */
  readonly principal?: Principal;
}

interface ReplyLike {
  header(name: string, value: string): unknown;
}

/** What every command carries besides its data: the write side's call, read from the request. */
export type CommandMeta = CommandCall;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Reads the command metadata from a request. The actor is the token's account (AuthGuard); with AUTH_MODE=off
 * (tests only) it is taken from `X-Actor-Id` / `X-Actor-Role`, or is `anonymous`.
 */
export function commandMetaFrom(request: RequestLike): CommandMeta {
  const ifMatch = headerOf(request, 'if-match');
  const key = headerOf(request, 'idempotency-key');
  const errors: { field: string; message: string }[] = [];
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim());
    if (match?.[1] === undefined)
      errors.push({ field: 'If-Match', message: 'must be a revision, as in "3"' });
    else expectedRevision = Number(match[1]);
  }
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    errors.push({ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' });
  }
  if (errors.length > 0) throw new RequestValidationError(errors);
  const requestId = headerOf(request, 'x-request-id');
  const actor: Actor = request.principal
    ? {
        id: request.principal.accountId,
        role: request.principal.role,
        ...(request.principal.unitId ? { unitId: request.principal.unitId } : {}),
      }
    : {
        id: headerOf(request, 'x-actor-id')?.slice(0, 100) ?? 'anonymous',
        role: headerOf(request, 'x-actor-role')?.slice(0, 50) ?? 'anonymous',
      };
  return {
    actor,
    correlationId: requestId && /^[\w.:-]{1,100}$/.test(requestId) ? requestId : randomUUID(),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
    ...(key === undefined
      ? {}
      : { idempotencyKey: key, requestBinding: { key, hash: requestHashOf(request, actor.id) } }),
    ...(request.principal ? { scope: request.principal } : {}),
  };
}

/** Fields whose value must not leave even a hash behind (the hash is stored beside the events). */
const SECRET_FIELDS = new Set(['password', 'refreshToken']);

/** The body without its secrets: a fast hash of a password is one dictionary away from the password. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_FIELDS.has(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

/**
 * What an Idempotency-Key is bound to: the account, the method, the path (which names the aggregate) and the body in
 * canonical JSON (key order does not matter) without its passwords. Hex SHA-256, so neither the body nor the account
 * is readable from it.
 */
export function requestHashOf(
  request: Omit<RequestLike, 'headers' | 'principal'>,
  accountId: string,
): string {
  const path = (request.url ?? '').split('?')[0] ?? '';
  const body =
    request.body === undefined
      ? ''
      : Buffer.isBuffer(request.body)
        ? createHash('sha256').update(request.body).digest('hex')
        : canonicalJson(withoutSecrets(request.body));
  return createHash('sha256')
    .update([accountId, (request.method ?? 'POST').toUpperCase(), path, body].join('\u0000'))
    .digest('hex');
}

/** The answer of every command: the aggregate's id, its new revision (also the ETag) and the log position. */
export interface CommandAnswer {
  readonly id: string;
  readonly revision: number;
  readonly position: string | null;
  readonly replayed: boolean;
}

export function answer(
  reply: ReplyLike,
  id: string,
  result: CommandResult<DomainEvent, unknown>,
): CommandAnswer {
  reply.header('etag', `"${result.revision}"`);
  return { id, revision: result.revision, position: result.position, replayed: result.replayed };
}
