/**
 * A position in the global log. Opaque to callers, totally ordered, and a string so that it survives JSON
 * (BigInt does not). Adapters write it as one or more unsigned decimal integers joined by `/`
 * (SQLite: `"42"`; EventStoreDB: `"<commit>/<prepare>"`); compare positions with `comparePositions` only.
 */
export type Position = string;

/** The position before the first event: reading after it reads the whole log. */
export const START: Position = '0';

function parts(position: Position): bigint[] {
  if (!/^\d+(\/\d+)*$/.test(position)) throw new TypeError(`Not a log position: ${JSON.stringify(position)}`);
  return position.split('/').map((part) => BigInt(part));
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function comparePositions(a: Position, b: Position): number {
  const pa = parts(a);
  const pb = parts(b);
  const length = Math.max(pa.length, pb.length);
  for (let i = 0; i < length; i += 1) {
    const x = pa[i] ?? 0n;
    const y = pb[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** True when the string is a well-formed position. */
export function isPosition(value: unknown): value is Position {
  return typeof value === 'string' && /^\d+(\/\d+)*$/.test(value);
}
