import { canonicalJson } from '#core';
import { createHash } from 'node:crypto';
import type { Position } from '#event-store';
import type { Redis } from 'ioredis';
import { type IndexEntry, partitionOf, type ProjectionRef } from './projection.js';
import { type BucketGrouping, groupBucketSums, readsFor } from './projections/bucket-query.js';

/** One change of a batch. `applyBatch` writes all of them and the checkpoint atomically, or none. */
export type ReadModelWrite =
  | { readonly op: 'setDoc'; readonly stream: string; readonly value: string }
  | { readonly op: 'deleteDoc'; readonly stream: string }
  | { readonly op: 'zadd'; readonly set: string; readonly member: string; readonly score: number }
  | { readonly op: 'zrem'; readonly set: string; readonly member: string }
  | { readonly op: 'incr'; readonly hash: string; readonly field: string; readonly by: number };

/** A doc as stored in the `docs` hash: the doc and the index entries it was last written with (for diffs). */
export interface StoredDoc<Doc = unknown> {
  readonly doc: Doc;
  readonly indexes: readonly IndexEntry[];
}

export function encodeStoredDoc<Doc>(doc: Doc, indexes: readonly IndexEntry[]): string {
  return JSON.stringify({ doc, indexes } satisfies StoredDoc<Doc>);
}

/** A projection's content, merged over its partitions: what `digest` hashes. */
export interface ReadModelContent {
  /** stream → stored JSON ({doc, indexes}) */
  readonly docs: Map<string, string>;
  /** set → member → score */
  readonly indexes: Map<string, Map<string, number>>;
  /** hash → field → value (zero fields are absent) */
  readonly counters: Map<string, Map<string, number>>;
}

/**
 * SHA-256 over docs, index sets and counters in sorted order: independent of partitioning, of the order of keys in
 * Redis and of the order of members inside a doc's JSON (a doc that went through a JSON round trip between two
 * events lists a member that was once `undefined` later than one folded in memory: the same doc).
 */
export function contentDigest(content: ReadModelContent): string {
  const sha = createHash('sha256');
  const sorted = <V>(map: Map<string, V>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [stream, value] of sorted(content.docs)) {
    sha.update(`doc\0${stream}\0${canonicalJson(JSON.parse(value))}\n`);
  }
  for (const [set, members] of sorted(content.indexes)) {
    for (const [member, score] of sorted(members)) sha.update(`idx\0${set}\0${member}\0${score}\n`);
  }
  for (const [hash, fields] of sorted(content.counters)) {
    for (const [field, value] of sorted(fields))
      if (value !== 0) sha.update(`ctr\0${hash}\0${field}\0${value}\n`);
  }
  return sha.digest('hex');
}

/**
 * KEYS[1] checkpoint, KEYS[2..] the keys the writes name by index. ARGV[1] expected checkpoint, ARGV[2] next
 * checkpoint, then groups of 4: op, key index, a, b. Returns 0 and writes nothing when the stored checkpoint
 * (missing = '0') is not the expected one; else applies every write and the new checkpoint, and returns 1.
 * A counter field that reaches 0 is deleted, so content does not depend on how the work was partitioned.
 */
const APPLY_BATCH_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then current = '0' end
if current ~= ARGV[1] then return 0 end
local ops = { hset = true, hdel = true, zadd = true, zrem = true, hincrby = true }
if (#ARGV - 2) % 4 ~= 0 then return redis.error_reply('applyBatch: bad argument count') end
for i = 3, #ARGV, 4 do
  if not ops[ARGV[i]] then return redis.error_reply('applyBatch: unknown op ' .. ARGV[i]) end
  if not KEYS[tonumber(ARGV[i + 1])] then return redis.error_reply('applyBatch: bad key index') end
end
for i = 3, #ARGV, 4 do
  local op, key, a, b = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
  if op == 'hset' then redis.call('HSET', key, a, b)
  elseif op == 'hdel' then redis.call('HDEL', key, a)
  elseif op == 'zadd' then redis.call('ZADD', key, b, a)
  elseif op == 'zrem' then redis.call('ZREM', key, a)
  else
    if redis.call('HINCRBY', key, a, b) == 0 then redis.call('HDEL', key, a) end
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;
const APPLY_BATCH_SHA = createHash('sha1').update(APPLY_BATCH_LUA).digest('hex');

export interface ReadIndexOptions {
  readonly offset?: number;
  readonly limit?: number;
  /** Highest score first. */
  readonly reverse?: boolean;
}

/** A position in a sorted index: by score, then by member. */
export interface IndexCursor {
  readonly score: number;
  readonly member: string;
}

/** What follows a partition's key prefix for an index (sorted set) and for a counter hash. */
const INDEX = 'idx:';
const COUNTER = 'ctr:';

/** Escapes glob characters for SCAN MATCH. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * The read models of projections in Redis. Keys of one partition share a hash tag (one Cluster slot):
 * `<prefix>:rm:{<name>:v<version>:p<partition>}:checkpoint | built | docs | idx:<set> | ctr:<hash>`.
 */
export class RedisProjectionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The key prefix of one partition, ending with ':'. */
  base(ref: Pick<ProjectionRef, 'name' | 'version'>, partition: number): string {
    return `${this.prefix}:rm:{${ref.name}:v${ref.version}:p${partition}}:`;
  }

  private indexKey(ref: Pick<ProjectionRef, 'name' | 'version'>, partition: number, set: string): string {
    return `${this.base(ref, partition)}${INDEX}${set}`;
  }

  private counterKey(ref: Pick<ProjectionRef, 'name' | 'version'>, partition: number, hash: string): string {
    return `${this.base(ref, partition)}${COUNTER}${hash}`;
  }

  /** The partition's checkpoint: the position after which it has not applied the log ('0' when none). */
  async checkpoint(ref: ProjectionRef, partition: number): Promise<Position> {
    return (await this.redis.get(`${this.base(ref, partition)}checkpoint`)) ?? '0';
  }

  /** Stored docs of some streams of one partition (absent streams are not in the map). */
  async readStoredDocs<Doc>(
    ref: ProjectionRef,
    partition: number,
    streams: readonly string[],
  ): Promise<Map<string, StoredDoc<Doc>>> {
    const found = new Map<string, StoredDoc<Doc>>();
    if (streams.length === 0) return found;
    const values = await this.redis.hmget(`${this.base(ref, partition)}docs`, ...streams);
    streams.forEach((stream, i) => {
      const value = values[i];
      if (value != null) found.set(stream, JSON.parse(value) as StoredDoc<Doc>);
    });
    return found;
  }

  /**
   * Applies a batch and moves the checkpoint from `expected` to `next`, atomically. Returns false, writing nothing,
   * when the checkpoint is not `expected` (the batch was applied already, or the partition is elsewhere).
   */
  async applyBatch(
    ref: ProjectionRef,
    partition: number,
    expected: Position,
    next: Position,
    writes: readonly ReadModelWrite[],
  ): Promise<boolean> {
    const base = this.base(ref, partition);
    const keys = [`${base}checkpoint`];
    const keyIndex = new Map<string, number>();
    const indexOf = (key: string) => {
      let index = keyIndex.get(key);
      if (index === undefined) {
        keys.push(key);
        index = keys.length;
        keyIndex.set(key, index);
      }
      return String(index);
    };
    const args: string[] = [expected, next];
    for (const write of writes) {
      switch (write.op) {
        case 'setDoc':
          args.push('hset', indexOf(`${base}docs`), write.stream, write.value);
          break;
        case 'deleteDoc':
          args.push('hdel', indexOf(`${base}docs`), write.stream, '');
          break;
        case 'zadd':
          args.push('zadd', indexOf(`${base}${INDEX}${write.set}`), write.member, String(write.score));
          break;
        case 'zrem':
          args.push('zrem', indexOf(`${base}${INDEX}${write.set}`), write.member, '');
          break;
        case 'incr':
          if (!Number.isSafeInteger(write.by))
            throw new RangeError(`Counter delta not an integer: ${write.by}`);
          args.push('hincrby', indexOf(`${base}${COUNTER}${write.hash}`), write.field, String(write.by));
          break;
      }
    }
    let result: unknown;
    try {
      result = await this.redis.evalsha(APPLY_BATCH_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      result = await this.redis.eval(APPLY_BATCH_LUA, keys.length, ...keys, ...args);
    }
    return result === 1;
  }

  /** A doc by its stream, from the stream's partition. */
  async readDoc<Doc>(ref: ProjectionRef, stream: string): Promise<Doc | undefined> {
    const value = await this.redis.hget(`${this.base(ref, partitionOf(stream, ref.partitions))}docs`, stream);
    return value == null ? undefined : (JSON.parse(value) as StoredDoc<Doc>).doc;
  }

  /** Members of an index merged over all partitions, ordered by score then member. */
  async readIndex(
    ref: ProjectionRef,
    set: string,
    options: ReadIndexOptions = {},
  ): Promise<{ member: string; score: number }[]> {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 100;
    const last = offset + limit - 1;
    const merged: { member: string; score: number }[] = [];
    for (let p = 0; p < ref.partitions; p += 1) {
      const key = this.indexKey(ref, p, set);
      const flat = options.reverse
        ? await this.redis.zrevrange(key, 0, last, 'WITHSCORES')
        : await this.redis.zrange(key, 0, last, 'WITHSCORES');
      for (let i = 0; i + 1 < flat.length; i += 2) {
        merged.push({ member: flat[i] as string, score: Number(flat[i + 1]) });
      }
    }
    const sign = options.reverse ? -1 : 1;
    merged.sort(
      (a, b) => sign * (a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0)),
    );
    return merged.slice(offset, offset + limit);
  }

  /**
   * One page of an index, newest first (highest score, then highest member), strictly after `cursor`, merged over
   * the partitions: what a list reads, so that new entries do not shift the pages a client is reading.
   */
  async indexPage(
    ref: ProjectionRef,
    set: string,
    cursor: IndexCursor | undefined,
    limit: number,
  ): Promise<IndexCursor[]> {
    const merged: IndexCursor[] = [];
    const max = cursor === undefined ? '+inf' : String(cursor.score);
    for (let p = 0; p < ref.partitions; p += 1) {
      const key = this.indexKey(ref, p, set);
      const flat = await this.redis.zrevrangebyscore(key, max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 50);
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const entry = { member: flat[i] as string, score: Number(flat[i + 1]) };
        if (
          cursor === undefined ||
          entry.score < cursor.score ||
          (entry.score === cursor.score && entry.member < cursor.member)
        ) {
          merged.push(entry);
        }
      }
    }
    merged.sort((a, b) => b.score - a.score || (a.member < b.member ? 1 : a.member > b.member ? -1 : 0));
    return merged.slice(0, limit);
  }

  /**
   * The members of an index whose score is at most `maxScore`, lowest first within each partition, at most
   * `limitPerPartition` of each (the partitions one after the other): what falls due by a time.
   */
  async indexUpTo(
    ref: ProjectionRef,
    set: string,
    maxScore: number,
    limitPerPartition: number,
  ): Promise<string[]> {
    const members: string[] = [];
    for (let p = 0; p < ref.partitions; p += 1) {
      const key = this.indexKey(ref, p, set);
      members.push(...(await this.redis.zrangebyscore(key, '-inf', maxScore, 'LIMIT', 0, limitPerPartition)));
    }
    return members;
  }

  /** A counter hash summed over all partitions. */
  async readCounters(ref: ProjectionRef, hash: string): Promise<Record<string, number>> {
    return (await this.sumCounterHashes(ref, [hash]))[0] ?? {};
  }

  /** Counter hashes, each summed over all partitions, in the order asked (one round trip). */
  async sumCounterHashes(ref: ProjectionRef, hashes: readonly string[]): Promise<Record<string, number>[]> {
    const sums = hashes.map((): Record<string, number> => ({}));
    if (hashes.length === 0) return sums;
    const pipeline = this.redis.pipeline();
    for (let p = 0; p < ref.partitions; p += 1) {
      for (const hash of hashes) pipeline.hgetall(this.counterKey(ref, p, hash));
    }
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([error, value], i) => {
      if (error) throw error;
      const sum = sums[i % hashes.length] as Record<string, number>;
      for (const [field, raw] of Object.entries(value as Record<string, string>)) {
        sum[field] = (sum[field] ?? 0) + Number(raw);
      }
    });
    return sums;
  }

  /**
   * The counts of a rates projection over a period of days (Asia/Shanghai), grouped by a dimension's values or by
   * period: sums of its day and month buckets (projections/bucket-query.ts), never of the cases.
   */
  async sumBuckets(
    ref: ProjectionRef,
    days: readonly string[],
    grouping: BucketGrouping,
  ): Promise<Map<string, Record<string, number>>> {
    const reads = readsFor(days, grouping);
    const sums = await this.sumCounterHashes(
      ref,
      reads.map((read) => read.hash),
    );
    return groupBucketSums(reads, sums, grouping);
  }

  /** Marks a partition as having reached the head of the log once: its read model is complete from then on. */
  async markBuilt(ref: Pick<ProjectionRef, 'name' | 'version'>, partition: number): Promise<void> {
    await this.redis.set(`${this.base(ref, partition)}built`, '1');
  }

  /** Whether every partition of a version has reached the head of the log at least once. */
  async isBuilt(ref: ProjectionRef): Promise<boolean> {
    const keys = Array.from({ length: ref.partitions }, (_, p) => `${this.base(ref, p)}built`);
    const flags = await Promise.all(keys.map((key) => this.redis.exists(key)));
    return flags.every((flag) => flag === 1);
  }

  /** The versions of a projection that have keys in Redis, ascending. */
  async storedVersions(name: string): Promise<number[]> {
    const pattern = `${globEscape(this.prefix)}:rm:{${globEscape(name)}:v*`;
    const versions = new Set<number>();
    const head = `${this.prefix}:rm:{${name}:v`;
    for (const key of await this.scanKeys(pattern)) {
      const version = Number.parseInt(key.slice(head.length), 10);
      if (Number.isInteger(version)) versions.add(version);
    }
    return [...versions].sort((a, b) => a - b);
  }

  /** Deletes every key of a projection version (all partitions), e.g. before a rebuild. */
  async drop(name: string, version: number): Promise<number> {
    const keys = [
      ...(await this.scanKeys(`${globEscape(this.prefix)}:rm:{${globEscape(name)}:v${version}:p*}:*`)),
    ];
    let dropped = 0;
    for (let i = 0; i < keys.length; i += 500) dropped += await this.redis.unlink(...keys.slice(i, i + 500));
    return dropped;
  }

  /** The projection's content merged over its partitions. */
  async content(ref: ProjectionRef): Promise<ReadModelContent> {
    const content: ReadModelContent = { docs: new Map(), indexes: new Map(), counters: new Map() };
    for (let p = 0; p < ref.partitions; p += 1) {
      const base = this.base(ref, p);
      for (const [stream, value] of Object.entries(await this.redis.hgetall(`${base}docs`))) {
        content.docs.set(stream, value);
      }
      for (const key of await this.scanKeys(`${globEscape(base)}${INDEX}*`)) {
        const set = key.slice(base.length + INDEX.length);
        const members = content.indexes.get(set) ?? new Map<string, number>();
        const flat = await this.redis.zrange(key, 0, -1, 'WITHSCORES');
        for (let i = 0; i + 1 < flat.length; i += 2) members.set(flat[i] as string, Number(flat[i + 1]));
        content.indexes.set(set, members);
      }
      for (const key of await this.scanKeys(`${globEscape(base)}${COUNTER}*`)) {
        const hash = key.slice(base.length + COUNTER.length);
        const fields = content.counters.get(hash) ?? new Map<string, number>();
        for (const [field, value] of Object.entries(await this.redis.hgetall(key))) {
          fields.set(field, (fields.get(field) ?? 0) + Number(value));
        }
        content.counters.set(hash, fields);
      }
    }
    return content;
  }

  /** SHA-256 of the content of all partitions (see `contentDigest`): equal for any partition count. */
  async digest(name: string, version: number, partitions: number): Promise<string> {
    return contentDigest(await this.content({ name, version, partitions }));
  }

  /** Keys matching a pattern, each once (SCAN may return a key twice). */
  private async scanKeys(pattern: string): Promise<Set<string>> {
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) found.add(key);
    } while (cursor !== '0');
    return found;
  }
}
