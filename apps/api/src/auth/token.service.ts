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

/**
 * Issues and verifies tokens: short-lived access tokens (JWT, HS256, this API's key) with the account's role and
 * scope, and refresh tokens (random, stored hashed in Redis, rotated on every use). Tokens of an external identity
 * provider (AUTH_JWKS_URL) are verified against its published keys and must name a role in `chengyun_role`.
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

  async issue(account: Account): Promise<TokenAnswer> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({
      role: account.role,
      ...(account.unitId ? { unit: account.unitId } : {}),
      ...(account.gridIds.length > 0 ? { grids: [...account.gridIds] } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(account.accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.authAccessTtlS)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(this.key);
    const refreshToken = randomBytes(32).toString('base64url');
    await this.redis.set(this.refreshKey(refreshToken), account.accountId, 'EX', this.config.authRefreshTtlS);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.authAccessTtlS,
      refreshToken,
      refreshExpiresIn: this.config.authRefreshTtlS,
      role: account.role,
    };
  }

  /** The account a refresh token was issued to, consuming the token (each refresh token works once). */
  async consumeRefresh(refreshToken: string): Promise<string | undefined> {
    if (!/^[\w-]{20,100}$/.test(refreshToken)) return undefined;
    return (await this.redis.getdel(this.refreshKey(refreshToken))) ?? undefined;
  }

  /** The principal of a bearer token, or undefined when it is not valid (bad signature, expired, wrong audience). */
  async verify(token: string): Promise<Principal | undefined> {
    const currentDate = this.clock.now();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate,
      });
      return this.principalOf(payload, 'role', 'unit', 'grids', 'local');
    } catch {
      // not one of ours: perhaps the identity provider's
    }
    if (!this.jwks) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        ...(this.config.authJwksIssuer ? { issuer: this.config.authJwksIssuer } : {}),
        ...(this.config.authJwksAudience ? { audience: this.config.authJwksAudience } : {}),
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
    if (typeof payload.sub !== 'string' || !isRole(role)) return undefined;
    return {
      accountId: payload.sub,
      role,
      ...(typeof unit === 'string' ? { unitId: unit } : {}),
      gridIds: Array.isArray(grids) ? grids.filter((grid): grid is string => typeof grid === 'string') : [],
      issuer,
    };
  }

  private refreshKey(token: string): string {
    return redisKey(this.config, 'auth', 'refresh', createHash('sha256').update(token).digest('hex'));
  }
}
