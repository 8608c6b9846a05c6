import type { EventMetadata } from '#core';
import type { CommandMeta } from './command-context.js';

/** The runner options every HTTP command shares: metadata from the request, If-Match, Idempotency-Key. */
export function runOptionsFrom(
  meta: CommandMeta,
  source = 'http',
): {
  metadata: Omit<EventMetadata, 'schemaVersion' | 'idempotencyKey'>;
  expectedRevision?: number;
  idempotencyKey?: string;
  requestHash?: string;
} {
  return {
    metadata: {
      correlationId: meta.correlationId,
      causationId: meta.correlationId,
      actor: meta.actor,
      source,
    },
    ...(meta.expectedRevision === undefined ? {} : { expectedRevision: meta.expectedRevision }),
    ...(meta.idempotencyKey === undefined ? {} : { idempotencyKey: meta.idempotencyKey }),
    ...(meta.idempotencyKey !== undefined && meta.requestBinding?.key === meta.idempotencyKey
      ? { requestHash: meta.requestBinding.hash }
      : {}),
  };
}
