import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account, DirectoryCommand } from '#directory';
import { CredentialStore, JsonLogger } from '#platform';
import { Roles } from '../../auth/roles.decorator.js';
import { securityEvent } from '../../auth/security-log.js';
import { TokenService } from '../../auth/token.service.js';
import { actorIdOf } from '../../auth/principal.js';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { DirectoryService } from '../directory.service.js';
import {
  AccountScopeRequest,
  DisableAccountRequest,
  isExternalUsername,
  RegisterAccountRequest,
  SetPasswordRequest,
} from './accounts.request.dto.js';

/**
 * Accounts (admin only): who may log in, with which role and scope. The account is an event of the directory
 * stream; its password only a scrypt hash in the credential store, never in an event.
 */
@ApiTags('directory')
@Roles('admin')
@Controller('accounts')
export class AccountsController {
  constructor(
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every account with its role, scope and whether it is active' })
  async list(): Promise<{ items: Account[] }> {
    const { accounts } = await this.directory.state();
    return { items: [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register an account with its first password; the same data again changes nothing',
  })
  async register(
    @Body() body: RegisterAccountRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const { password, ...data } = body;
    const result = await this.run({ type: 'RegisterAccount', data }, request);
    // An identity provider's subject (ext:…) never gets a password here: it cannot log in with one.
    if (
      password !== undefined &&
      !isExternalUsername(body.username) &&
      !(await this.credentials.has(body.username))
    )
      await this.credentials.setPassword(body.username, password);
    if (result.events.length > 0) {
      securityEvent(this.logger, 'account.created', {
        account: body.username,
        role: body.role,
        by: actorIdOf(request),
      });
    }
    return answer(reply, body.username, result);
  }

  @Post(':username/scope')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the role and scope of an account (its tokens stop working)' })
  async scope(
    @Param('username') username: string,
    @Body() body: AccountScopeRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.run({ type: 'ChangeAccountScope', data: { username, ...body } }, request);
    if (result.events.length > 0) {
      await this.tokens.revokeAccount(username);
      securityEvent(this.logger, 'account.scope-changed', {
        account: username,
        role: body.role,
        unitId: body.unitId,
        grids: body.gridIds?.join(','),
        by: actorIdOf(request),
      });
    }
    return answer(reply, username, result);
  }

  @Post(':username/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account: it can no longer log in and its tokens stop working' })
  async disable(
    @Param('username') username: string,
    @Body() body: DisableAccountRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.run(
      { type: 'DisableAccount', data: { username, reason: body.reason } },
      request,
    );
    // Always (also on a repeat): whatever tokens exist for the account stop, and enabling it does not revive them.
    await this.tokens.revokeAccount(username);
    if (result.events.length > 0) {
      securityEvent(this.logger, 'account.disabled', { account: username, by: actorIdOf(request) });
    }
    return answer(reply, username, result);
  }

  @Post(':username/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account' })
  async enable(
    @Param('username') username: string,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.run({ type: 'EnableAccount', data: { username } }, request);
    if (result.events.length > 0) {
      securityEvent(this.logger, 'account.enabled', { account: username, by: actorIdOf(request) });
    }
    return answer(reply, username, result);
  }

  @Post(':username/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password for an account (its tokens stop working)' })
  async password(
    @Param('username') username: string,
    @Body() body: SetPasswordRequest,
    @Req() request: HttpRequest,
  ): Promise<void> {
    const { accounts } = await this.directory.state();
    if (!accounts.has(username)) throw new NotFoundException(`No account ${username}`);
    if (isExternalUsername(username)) {
      throw new BadRequestException('A subject of the identity provider has no password here');
    }
    await this.credentials.setPassword(username, body.password);
    // Every session of the account ends: whoever knew the old password holds no token either.
    await this.tokens.revokeAccount(username);
    securityEvent(this.logger, 'account.password-changed', { account: username, by: actorIdOf(request) });
  }

  private run(command: DirectoryCommand, request: HttpRequest) {
    return this.directory.run(command, commandMetaFrom(request));
  }
}
