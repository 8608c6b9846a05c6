import { createHash } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig, CredentialStore, JsonLogger } from '#platform';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DirectoryService } from '../directory/directory.service.js';
import type { Principal, WithPrincipal } from './principal.js';
import { LoginLimiter, LoginRefusedError, type LoginSlot } from './login-limiter.js';
import { securityEvent } from './security-log.js';
import { ALL_ROLES, Public, Roles } from './roles.decorator.js';
import { StreamTicketService } from './stream-ticket.service.js';
import { type TokenAnswer, TokenService } from './token.service.js';

export class LoginRequest {
  @ApiProperty({ example: 'dispatcher' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'chengyun-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;
}

export class RefreshRequest {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(100)
  refreshToken!: string;
}

interface RequestLike extends WithPrincipal {
  readonly ip?: string;
}

const INVALID = 'Unknown user name or wrong password';

/**
 * The user name a security event names: an account's, or for an unknown name only a short hash of it (someone who
 * typed a password into the user-name field must not find it in the log; repeated guesses still group together).
 */
function loggedName(username: string, known: boolean): string {
  return known ? username : `unknown#${createHash('sha256').update(username).digest('hex').slice(0, 12)}`;
}

/** Login and token refresh (docs/api.md, Conventions). */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(LoginLimiter) private readonly limiter: LoginLimiter,
    @Inject(StreamTicketService) private readonly streamTickets: StreamTicketService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: an access token (15 min) and a refresh token' })
  async token(@Body() body: LoginRequest, @Req() request: RequestLike): Promise<TokenAnswer> {
    const username = body.username.toLowerCase();
    const ip = request.ip ?? 'unknown';
    let slot: LoginSlot;
    try {
      // Counted before the password is checked, one check in flight per account (LoginLimiter).
      slot = await this.limiter.attempt(username, ip);
    } catch (error) {
      if (error instanceof LoginRefusedError) {
        const known = (await this.directory.state()).accounts.has(username);
        securityEvent(this.logger, 'login.throttled', {
          username: loggedName(username, known),
          ip,
          reason: error.reason,
        });
      }
      throw error;
    }
    let outcome: 'succeeded' | 'failed' = 'failed';
    try {
      const account = (await this.directory.state()).accounts.get(username);
      // The password is checked even for an unknown or disabled account: timing tells nothing.
      // A subject of the identity provider (ext:…) logs in there, never with a password here.
      const valid = (await this.credentials.verify(username, body.password)) && !username.startsWith('ext:');
      if (!account?.active || !valid) {
        securityEvent(this.logger, 'login.failed', {
          username: loggedName(username, account !== undefined),
          ip,
          failures: slot.failures,
          delayed: slot.failures >= this.config.authLoginLimit,
        });
        throw new UnauthorizedException(INVALID);
      }
      outcome = 'succeeded';
      return await this.tokens.login(account);
    } finally {
      await (outcome === 'succeeded' ? slot.succeeded() : slot.failed());
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new access token for a refresh token (which is used up)' })
  async refresh(@Body() body: RefreshRequest, @Req() request: RequestLike): Promise<TokenAnswer> {
    const outcome = await this.tokens.consumeRefresh(body.refreshToken);
    if (!outcome.ok) {
      if (outcome.reused) {
        // A used refresh token came back: a copy was stolen, or a client replays. Its whole session has ended.
        securityEvent(this.logger, 'session.refresh-reused', {
          account: outcome.reused.accountId,
          ip: request.ip ?? 'unknown',
        });
      }
      throw new UnauthorizedException('The refresh token is not valid');
    }
    const account = (await this.directory.state()).accounts.get(outcome.record.accountId);
    if (!account?.active) throw new UnauthorizedException('The refresh token is not valid');
    return this.tokens.issue(account, outcome.record);
  }

  @Roles(...ALL_ROLES)
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this token: its access and refresh tokens stop at once' })
  async logout(@Req() request: RequestLike): Promise<void> {
    if (!request.principal) throw new UnauthorizedException();
    if (request.principal.sessionId !== undefined) await this.tokens.endSession(request.principal.sessionId);
    securityEvent(this.logger, 'session.logout', { account: request.principal.accountId });
  }

  @Roles(...ALL_ROLES)
  @Get('me')
  @ApiOperation({ summary: 'Who the token says the caller is' })
  me(@Req() request: RequestLike): Principal {
    if (!request.principal) throw new UnauthorizedException();
    return request.principal;
  }

  @Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
  @Post('stream-ticket')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A one-time ticket (60 s) for GET /stream?ticket=… (EventSource cannot send the token)',
  })
  streamTicket(@Req() request: RequestLike): Promise<{ ticket: string; expiresIn: number }> {
    if (!request.principal) throw new UnauthorizedException();
    return this.streamTickets.issue(request.principal);
  }
}
