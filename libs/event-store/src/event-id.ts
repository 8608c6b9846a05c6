import { createHash, randomUUID } from 'node:crypto';

/** A fresh random event id. */
export function newEventId(): string {
  return randomUUID();
}

/**
 * The id of the `index`-th event caused by a command with this idempotency key on this stream:
 * a name-based UUID (version 5 layout over SHA-1), so a retry of the same command produces the same ids
 * and the store keeps one copy.
 */
export function deriveEventId(stream: string, idempotencyKey: string, index: number): string {
  const hash = createHash('sha1')
    .update(`chengyun\u0000${stream}\u0000${idempotencyKey}\u0000${index}`)
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
