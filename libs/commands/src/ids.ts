import { nameBasedUuid } from '#core';

/** The id of a new aggregate made from an Idempotency-Key, so a retried create is one create. */
export const idFromKey = (kind: string, key: string): string => nameBasedUuid(`chengyun-${kind}`, key);
