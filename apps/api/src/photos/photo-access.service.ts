import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '#event-store';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import type { Principal } from '../auth/principal.js';
import { type CaseScope, maySee } from '../auth/scope.js';
import { TooManyRequestsError } from '../http/problem-details.js';

/** A case a photo is attached to: `finding:<id>` or `bike:<id>`. */
export type PhotoCase = `finding:${string}` | `bike:${string}`;

const DAY_MS = 86_400_000;

/**
 * Who may see a photo, and how much one account may upload. A photo is linked to the account that uploaded it and to
 * every case a command attached it to (PhotoLinks); it is shown to the center's roles, to its uploader, and to whoever
 * may see one of its cases (the same scope as the case itself) — to nobody else, whatever id they guess.
 */
@Injectable()
export class PhotoAccess {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  /** Counts an upload against the account's daily quota (PHOTO_QUOTA_BYTES), or throws 429. */
  async charge(accountId: string, bytes: number, now: Date): Promise<void> {
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai
    const key = redisKey(this.config, 'photos', 'quota', accountId, day);
    const used = await this.redis.incrby(key, bytes);
    await this.redis.expire(key, 2 * 86_400);
    if (used > this.config.photoQuotaBytes) {
      await this.redis.decrby(key, bytes);
      const untilMidnight = DAY_MS - ((now.getTime() + 8 * 3_600_000) % DAY_MS);
      throw new TooManyRequestsError(
        'The daily photo quota of this account is used up',
        Math.ceil(untilMidnight / 1000),
      );
    }
  }

  async recordUpload(photoId: string, accountId: string): Promise<void> {
    await this.redis.sadd(this.key(photoId, 'owners'), accountId);
  }

  async link(photoId: string, photoCase: PhotoCase): Promise<void> {
    await this.redis.sadd(this.key(photoId, 'cases'), photoCase);
  }

  /** Whether the principal may see the photo (without a principal — AUTH_MODE=off — everyone may). */
  async maySee(principal: Principal | undefined, photoId: string): Promise<boolean> {
    if (!principal) return true;
    if (['admin', 'dispatcher', 'supervisor'].includes(principal.role)) return true;
    if (await this.redis.sismember(this.key(photoId, 'owners'), principal.accountId)) return true;
    for (const photoCase of await this.redis.smembers(this.key(photoId, 'cases'))) {
      const scope = await this.scopeOf(photoCase as PhotoCase);
      if (scope && maySee(principal, scope)) return true;
    }
    return false;
  }

  /** The unit and grid of a case, from its own stream. */
  private async scopeOf(photoCase: PhotoCase): Promise<CaseScope | undefined> {
    const [kind, id] = photoCase.split(':') as ['finding' | 'bike', string];
    const events = await this.store.readStream(`${kind}-${id}`);
    if (events.length === 0) return undefined;
    let scope: CaseScope = {};
    for (const event of events) {
      const data = event.data as {
        gridId?: string;
        unitId?: string;
        coUnitIds?: string[];
        report?: { gridId?: string };
      };
      if (event.type === 'FindingReported') scope = { ...scope, gridId: data.report?.gridId ?? null };
      else if (event.type === 'BikeTagged') scope = { ...scope, gridId: data.gridId ?? null };
      else if (event.type === 'FindingDispatched')
        scope = { ...scope, unitId: data.unitId ?? null, coUnitIds: data.coUnitIds ?? [] };
      else if (event.type === 'FindingReturned') scope = { ...scope, unitId: null, coUnitIds: [] };
    }
    return scope;
  }

  private key(photoId: string, what: 'owners' | 'cases'): string {
    return redisKey(this.config, 'photos', what, photoId);
  }
}
