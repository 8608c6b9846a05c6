import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { type Account, ROLES, type Role } from '#directory';
import { AppConfig, redisKey } from '#platform';
import { Redis } from 'ioredis';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Principal } from './principal.js';

const ISSUER = 'chengyun';
const AUDIENCE = 'chengyun-api';

/** The answer of a login or a refresh (OAuth 2.0 token response field names). */
export interface TokenAnswer {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresIn: number;
  readonly role: Role;
}

/** The claims an external identity provider's token must carry to act here. */
const EXTERNAL_CLAIMS = { role: 'chengyun_role', unit: 'chengyun_unit', grids: 'chengyun_grids' } as const;

/** Reads the HMAC key: AUTH_SECRET, or a random key kept in DATA_DIR (so restarts and sibling APIs agree). */
function signingKey(config: AppConfig): Uint8Array {
  if (config.authSecret !== undefined) return new TextEncoder().encode(config.authSecret);
  const file = join(config.dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another API process on the same data directory wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The prefix of an external identity provider's subjects: no local user name can contain a colon. */
export const EXTERNAL_SUBJECT_PREFIX = 'ext:';

/** What a refresh token stands for, kept (hashed) in Redis until used. */
interface RefreshRecord {
  readonly accountId: string;
  readonly sessionId: string;
  /** The account's session epoch when the session began. */
  readonly epoch: number;
  /** When the session ends whatever happens (ms): the login plus SESSION_MAX_HOURS. */
  readonly sessionEndsAt: number;
}

/** Why a refresh token was refused (the reuse of a used one revokes its whole session). */
export type RefreshOutcome =
  | { readonly ok: true; readonly record: RefreshRecord }
  | { readonly ok: false; readonly reused?: { readonly accountId: string; readonly sessionId: string } };

/**
 * Issues and verifies tokens. A login starts a **session** (a random id kept in Redis until SESSION_MAX_HOURS after
 * the login); its access tokens (JWT, HS256, this API's key; role, scope, session id and the account's session
 * epoch) and refresh tokens (random, stored hashed, rotated on every use) live only as long as it does. An access
 * token is accepted while its session exists and the account's **epoch** — the "valid after" of the account, which
 * moves on a password change, a disable and a scope change — is the one it was issued under; so logout, a changed
 * account or a reused refresh token end every token of the session at once. A refresh token used twice is a stolen
 * one: its session ends. Tokens of an external identity provider (AUTH_JWKS_URL) are verified against its published
 * keys with the configured issuer, audience and algorithms, must carry `exp`, and name subjects `ext:<sub>`.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.key = signingKey(config);
    this.jwks = config.authJwksUrl ? createRemoteJWKSet(new URL(config.authJwksUrl)) : undefined;
  }

  /** A login: a new session, its first access and refresh tokens. */
  async login(account: Account): Promise<TokenAnswer> {
    const now = this.clock.now().getTime();
    const sessionId = randomBytes(18).toString('base64url');
    const sessionEndsAt = now + this.config.sessionMaxHours * 3_600_000;
    const epoch = await this.epochOf(account.accountId);
    await this.redis.set(this.sessionKey(sessionId), account.accountId, 'PX', sessionEndsAt - now);
    return this.issue(account, { accountId: account.accountId, sessionId, epoch, sessionEndsAt });
  }

  /** New tokens of a session (after a login or a refresh), never beyond its end. */
  async issue(account: Account, session: RefreshRecord): Promise<TokenAnswer> {
    const nowMs = this.clock.now().getTime();
    const now = Math.floor(nowMs / 1000);
    const sessionEnd = Math.floor(session.sessionEndsAt / 1000);
    const accessExpires = Math.min(now + this.config.authAccessTtlS, sessionEnd);
    const accessToken = await new SignJWT({
      role: account.role,
      ...(account.unitId ? { unit: account.unitId } : {}),
      ...(account.gridIds.length > 0 ? { grids: [...account.gridIds] } : {}),
      sid: session.sessionId,
      ep: session.epoch,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(account.accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(accessExpires)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(this.key);
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTtlS = Math.max(1, Math.min(this.config.authRefreshTtlS, sessionEnd - now));
    await this.redis.set(this.refreshKey(refreshToken), JSON.stringify(session), 'EX', refreshTtlS);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: Math.max(0, accessExpires - now),
      refreshToken,
      refreshExpiresIn: refreshTtlS,
      role: account.role,
    };
  }

  /**
   * Uses up a refresh token. A token used before (kept as used until its session's end) is a stolen copy or a
   * replay: the whole session is revoked, and the caller logs it.
   */
  async consumeRefresh(refreshToken: string): Promise<RefreshOutcome> {
    if (!/^[\w-]{20,100}$/.test(refreshToken)) return { ok: false };
    const key = this.refreshKey(refreshToken);
    const stored = await this.redis.getdel(key);
    if (stored === null) {
      const used = await this.redis.get(`${key}:used`);
      if (used === null) return { ok: false };
      const record = JSON.parse(used) as RefreshRecord;
      await this.endSession(record.sessionId);
      return { ok: false, reused: { accountId: record.accountId, sessionId: record.sessionId } };
    }
    const record = JSON.parse(stored) as RefreshRecord;
    const now = this.clock.now().getTime();
    const remaining = record.sessionEndsAt - now;
    if (remaining <= 0) return { ok: false };
    await this.redis.set(`${key}:used`, stored, 'PX', remaining);
    const [session, epoch] = await this.redis.mget(
      this.sessionKey(record.sessionId),
      this.epochKey(record.accountId),
    );
    if (session !== record.accountId || Number(epoch ?? 0) !== record.epoch) return { ok: false };
    return { ok: true, record };
  }

  /** Ends a session: its access and refresh tokens stop at once (logout, a reused refresh token). */
  async endSession(sessionId: string): Promise<void> {
    await this.redis.del(this.sessionKey(sessionId));
  }

  /**
   * Moves the account's "valid after": every token issued before — access and refresh, of every session — stops at
   * once (a password change, a disable, a scope change).
   */
  async revokeAccount(accountId: string): Promise<void> {
    await this.redis.incr(this.epochKey(accountId));
  }

  /** The principal of a bearer token, or undefined when it is not valid (bad signature, expired, ended session). */
  async verify(token: string): Promise<Principal | undefined> {
    const currentDate = this.clock.now();
    let local: JWTPayload | undefined;
    try {
      ({ payload: local } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate,
      }));
    } catch {
      // not one of ours: perhaps the identity provider's
    }
    if (local) {
      const principal = this.principalOf(local, 'role', 'unit', 'grids', 'local');
      return principal && (await this.sessionHolds(principal, local.ep)) ? principal : undefined;
    }
    if (!this.jwks) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.authJwksIssuer!,
        audience: this.config.authJwksAudience!,
        algorithms: [...this.config.authJwksAlgorithms],
        requiredClaims: ['exp', 'sub'],
        currentDate,
      });
      return this.principalOf(
        payload,
        EXTERNAL_CLAIMS.role,
        EXTERNAL_CLAIMS.unit,
        EXTERNAL_CLAIMS.grids,
        'external',
      );
    } catch {
      return undefined;
    }
  }

  /** Whether a principal's token still holds: not expired, its session alive, its account's epoch unchanged. */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.expiresAt !== undefined && principal.expiresAt <= this.clock.now().getTime()) return false;
    if (principal.issuer !== 'local') return true;
    return this.sessionHolds(principal, principal.epoch);
  }

  private async sessionHolds(principal: Principal, epoch: unknown): Promise<boolean> {
    if (principal.sessionId === undefined || typeof epoch !== 'number') return false;
    const [session, current] = await this.redis.mget(
      this.sessionKey(principal.sessionId),
      this.epochKey(principal.accountId),
    );
    return session === principal.accountId && Number(current ?? 0) === epoch;
  }

  private async epochOf(accountId: string): Promise<number> {
    return Number((await this.redis.get(this.epochKey(accountId))) ?? 0);
  }

  private principalOf(
    payload: JWTPayload,
    roleClaim: string,
    unitClaim: string,
    gridsClaim: string,
    issuer: Principal['issuer'],
  ): Principal | undefined {
    const role = payload[roleClaim];
    const unit = payload[unitClaim];
    const grids = payload[gridsClaim];
    if (typeof payload.sub !== 'string' || payload.sub === '' || !isRole(role)) return undefined;
    if (typeof payload.exp !== 'number') return undefined;
    return {
      // An external subject can never be taken for a local account of the same name.
      accountId: issuer === 'external' ? `${EXTERNAL_SUBJECT_PREFIX}${payload.sub}` : payload.sub,
      role,
      ...(typeof unit === 'string' ? { unitId: unit } : {}),
      gridIds: Array.isArray(grids) ? grids.filter((grid): grid is string => typeof grid === 'string') : [],
      issuer,
      expiresAt: payload.exp * 1000,
      ...(issuer === 'local' && typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
      ...(issuer === 'local' && typeof payload.ep === 'number' ? { epoch: payload.ep } : {}),
    };
  }

  private refreshKey(token: string): string {
    return redisKey(this.config, 'auth', 'refresh', createHash('sha256').update(token).digest('hex'));
  }

  private sessionKey(sessionId: string): string {
    return redisKey(this.config, 'auth', 'session', sessionId);
  }

  private epochKey(accountId: string): string {
    return redisKey(this.config, 'auth', 'epoch', accountId);
  }
}
