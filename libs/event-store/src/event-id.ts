import { randomUUID } from 'node:crypto';
import { nameBasedUuid } from '#core';

/** A fresh random event id. */
export function newEventId(): string {
  return randomUUID();
}

/**
 * The id of the `index`-th event caused by a command with this idempotency key on this stream: a name-based UUID,
 * so a retry of the same command produces the same ids and the store keeps one copy.
 */
export function deriveEventId(stream: string, idempotencyKey: string, index: number): string {
  return nameBasedUuid('chengyun', stream, idempotencyKey, String(index));
}
