import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#platform';
import { DirectoryService } from '../directory/directory.service.js';
import { TooManyRequestsError } from '../http/problem-details.js';
import type { Principal } from './principal.js';
import { TokenService } from './token.service.js';

/** How often an open stream checks that its token still holds (expiry, session, account). */
export const STREAM_RECHECK_MS = 2000;

/**
 * The live streams of the accounts in this API process: at most SSE_MAX_PER_ACCOUNT at once per account, and each
 * asks every STREAM_RECHECK_MS whether the token it was opened with still holds — not expired, its session not
 * ended, the account still active with the same role and scope — so a stream ends with its token.
 */
@Injectable()
export class StreamSessions {
  private readonly open = new Map<string, number>();

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {}

  /** Takes one of the account's stream places, or throws 429; the function gives it back (once). */
  acquire(principal: Principal): () => void {
    const count = this.open.get(principal.accountId) ?? 0;
    if (count >= this.config.sseMaxPerAccount) {
      throw new TooManyRequestsError(
        `At most ${this.config.sseMaxPerAccount} live streams per account; close one first`,
        5,
      );
    }
    this.open.set(principal.accountId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(principal.accountId) ?? 1) - 1;
      if (left <= 0) this.open.delete(principal.accountId);
      else this.open.set(principal.accountId, left);
    };
  }

  /** Whether the token a stream was opened with still holds. */
  async stillHolds(principal: Principal): Promise<boolean> {
    if (!(await this.tokens.stillValid(principal))) return false;
    const account = (await this.directory.state()).accounts.get(principal.accountId);
    if (principal.issuer === 'external') return account === undefined || account.active;
    return (
      account !== undefined &&
      account.active &&
      account.role === principal.role &&
      account.unitId === principal.unitId &&
      [...account.gridIds].sort().join(',') === [...principal.gridIds].sort().join(',')
    );
  }
}
