import { randomUUID } from 'node:crypto';
import type { Actor, DomainEvent } from '#core';
import type { CommandResult } from '#event-store';
import { headerOf } from './http-types.js';
import type { Principal } from '../auth/principal.js';
import { RequestValidationError } from './validation.js';

interface RequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Left by the AuthGuard: who the bearer token says the caller is. */
  readonly principal?: Principal;
}

interface ReplyLike {
  header(name: string, value: string): unknown;
}

/** What every command carries besides its data: who, which request, and the client's concurrency and retry intent. */
export interface CommandMeta {
  readonly actor: Actor;
  readonly correlationId: string;
  /** From If-Match: the revision the client last saw. */
  readonly expectedRevision?: number;
  /** From Idempotency-Key: a retry with the same key has one effect. */
  readonly idempotencyKey?: string;
  /** The caller's token (role and scope), for the scope checks; absent with AUTH_MODE=off. Not stored. */
  readonly principal?: Principal;
}

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
  return {
    actor: request.principal
      ? {
          id: request.principal.accountId,
          role: request.principal.role,
          ...(request.principal.unitId ? { unitId: request.principal.unitId } : {}),
        }
      : {
          id: headerOf(request, 'x-actor-id')?.slice(0, 100) ?? 'anonymous',
          role: headerOf(request, 'x-actor-role')?.slice(0, 50) ?? 'anonymous',
        },
    correlationId: requestId && /^[\w.:-]{1,100}$/.test(requestId) ? requestId : randomUUID(),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
    ...(key === undefined ? {} : { idempotencyKey: key }),
    ...(request.principal ? { principal: request.principal } : {}),
  };
}

/** The answer of every command: the aggregate's id, its new revision (also the ETag) and the log position. */
export interface CommandAnswer {
  readonly id: string;
  readonly revision: number;
  readonly position: string | null;
  readonly replayed: boolean;
}

export function answer(reply: ReplyLike, id: string, result: CommandResult<DomainEvent>): CommandAnswer {
  reply.header('etag', `"${result.revision}"`);
  return { id, revision: result.revision, position: result.position, replayed: result.replayed };
}
