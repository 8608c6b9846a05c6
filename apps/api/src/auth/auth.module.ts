import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsController } from '../directory/accounts/accounts.http.controller.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthController } from './auth.http.controller.js';
import { LoginLimiter } from './login-limiter.js';
import { StreamSessions } from './stream-sessions.service.js';
import { StreamTicketService } from './stream-ticket.service.js';
import { TokenService } from './token.service.js';

/** Authentication (login, sessions, tokens), the accounts, and the guard every endpoint passes through. */
@Module({
  imports: [DirectoryModule],
  controllers: [AuthController, AccountsController],
  providers: [
    TokenService,
    StreamTicketService,
    StreamSessions,
    LoginLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, StreamSessions],
})
export class AuthModule {}
