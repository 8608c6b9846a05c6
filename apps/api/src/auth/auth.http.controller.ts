import { Body, Controller, Get, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CredentialStore } from '#platform';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DirectoryService } from '../directory/directory.service.js';
import type { Principal, WithPrincipal } from './principal.js';
import { LoginLimiter } from './login-limiter.js';
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
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: an access token (15 min) and a refresh token' })
  async token(@Body() body: LoginRequest, @Req() request: RequestLike): Promise<TokenAnswer> {
    const username = body.username.toLowerCase();
    const ip = request.ip ?? 'unknown';
    await this.limiter.check(username, ip);
    const account = (await this.directory.state()).accounts.get(username);
    // The password is checked even for an unknown or disabled account: timing tells nothing.
    const valid = await this.credentials.verify(username, body.password);
    if (!account?.active || !valid) {
      await this.limiter.failed(username, ip);
      throw new UnauthorizedException(INVALID);
    }
    await this.limiter.succeeded(username);
    return this.tokens.issue(account);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new access token for a refresh token (which is used up)' })
  async refresh(@Body() body: RefreshRequest): Promise<TokenAnswer> {
    const accountId = await this.tokens.consumeRefresh(body.refreshToken);
    const account =
      accountId === undefined ? undefined : (await this.directory.state()).accounts.get(accountId);
    if (!account?.active) throw new UnauthorizedException('The refresh token is not valid');
    return this.tokens.issue(account);
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
