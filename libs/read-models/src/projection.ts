import type { RecordedEvent } from '#event-store';

/** A doc's membership of one sorted set (`idx:<set>`), e.g. a board column ordered by position. */
export interface IndexEntry {
  readonly set: string;
  readonly member: string;
  readonly score: number;
}

/** An increment of one field of one counter hash (`ctr:<hash>`), e.g. a daily bucket. Integers only. */
export interface CounterDelta {
  readonly hash: string;
  readonly field: string;
  readonly by: number;
}

/**
 * A projection: a pure per-stream fold plus what the doc contributes to indexes and counters.
 * Members of an index belong to one doc: two docs must not claim the same (set, member).
 */
export interface Projection<Doc> {
  readonly name: string;
  /** Bump to build a new version beside the old one (its own keys and checkpoints). */
  readonly version: number;
  /** The stream categories it reads (`ticket` for `ticket-42`). */
  readonly categories: readonly string[];
  /** The stream's document after the event; `undefined` deletes it. Must not mutate `doc`. */
  evolve(doc: Doc | undefined, event: RecordedEvent): Doc | undefined;
  /** The sorted-set memberships of a doc. */
  indexes(doc: Doc): readonly IndexEntry[];
  /**
   * Counter increments caused by one event, given the doc before and after it. `keep`, when given, names the only
   * hashes the caller wants (a replay answering one query): a projection may skip building the others.
   */
  counters?(
    before: Doc | undefined,
    after: Doc | undefined,
    event: RecordedEvent,
    keep?: (hash: string) => boolean,
  ): readonly CounterDelta[];
}

/** What identifies a projection's keys in Redis, and how many partitions it is split into. */
export interface ProjectionRef {
  readonly name: string;
  readonly version: number;
  readonly partitions: number;
}

/** FNV-1a (32 bit) of the stream name's UTF-8 bytes: stable across processes and versions. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The partition (0 … partitions-1) a stream belongs to. */
export function partitionOf(stream: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`Bad partition count: ${partitions}`);
  return fnv1a(stream) % partitions;
}
