import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout over SHA-1) of the given parts, joined by NUL: the same name always gives the
 * same id. Intake lands every delivery of a 12345 number on one stream, a create retried with the same
 * Idempotency-Key on one aggregate, a retried command's events on the same event ids. The inputs of ids already
 * stored must never change.
 */
export function nameBasedUuid(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The canonical UUID form (lower-case hex) that every case id has; anything else names no case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
