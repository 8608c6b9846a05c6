import { Inject, Injectable } from '@nestjs/common';
import { comparePositions, isPosition } from '#event-store';
import { AppConfig, redisKey } from '#platform';
import {
  type IndexCursor,
  PROJECTIONS,
  type Projection,
  type ProjectionRef,
  RedisProjectionStore,
  servingVersion,
} from '#read-models';
import { Redis } from 'ioredis';
import { RequestValidationError } from '../http/validation.js';

const WAIT_LIMIT_MS = 5000;
/** How long the serving version of a projection is remembered before Redis is asked again. */
const SERVING_TTL_MS = 1000;

/** Reads the read models in Redis (never the event store): index pages across partitions, documents, freshness. */
@Injectable()
export class ReadModelsService {
  readonly store: RedisProjectionStore;
  private readonly servingCache = new Map<string, { version: number; until: number }>();

  constructor(
    @Inject(Redis) redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.store = new RedisProjectionStore(redis, redisKey(config));
  }

  /**
   * The version of a projection that queries read: the newest registered version that is built, so a new version
   * built beside the old one takes over only when complete (see libs/read-models/src/versions.ts).
   */
  async serving(projection: Pick<Projection<unknown>, 'name'>): Promise<ProjectionRef> {
    const now = Date.now();
    const cached = this.servingCache.get(projection.name);
    if (cached && cached.until > now) return this.ref({ name: projection.name, version: cached.version });
    const version = await servingVersion(
      this.store,
      PROJECTIONS,
      projection.name,
      this.config.projectionPartitions,
    );
    this.servingCache.set(projection.name, { version, until: now + SERVING_TTL_MS });
    return this.ref({ name: projection.name, version });
  }

  /** One exact version of a projection. */
  ref(projection: Pick<Projection<unknown>, 'name' | 'version'>): ProjectionRef {
    return {
      name: projection.name,
      version: projection.version,
      partitions: this.config.projectionPartitions,
    };
  }

  /**
   * Waits (at most 5 s) until every partition of the projection has applied the log up to `minPosition`, so a
   * client reads its own writes: `?minPosition=` with the position a command answered.
   */
  async waitFor(ref: ProjectionRef, minPosition: string | undefined): Promise<boolean> {
    if (minPosition === undefined) return true;
    if (!isPosition(minPosition)) {
      throw new RequestValidationError([
        { field: 'minPosition', message: 'minPosition must be a log position' },
      ]);
    }
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const checkpoints = await Promise.all(
        Array.from({ length: ref.partitions }, (_, p) => this.store.checkpoint(ref, p)),
      );
      if (checkpoints.every((checkpoint) => comparePositions(checkpoint, minPosition) >= 0)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Documents by stream, in the given order (missing ones left out). */
  async docs<Doc>(ref: ProjectionRef, streams: readonly string[]): Promise<Doc[]> {
    const docs = await Promise.all(streams.map((stream) => this.store.readDoc<Doc>(ref, stream)));
    return docs.filter((doc): doc is Awaited<Doc> => doc !== undefined);
  }
}

/** Cursors travel as opaque base64url text. */
export function encodeCursor(cursor: IndexCursor): string {
  return Buffer.from(JSON.stringify([cursor.score, cursor.member])).toString('base64url');
}

export function decodeCursor(text: string | undefined): IndexCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [score, member] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof score === 'number' && typeof member === 'string') return { score, member };
  } catch {
    // falls through to the validation error
  }
  throw new RequestValidationError([
    { field: 'cursor', message: 'cursor must be one a previous page returned' },
  ]);
}
