import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#directory';
import { AppConfig } from '#platform';
import { DirectoryService } from '../directory/directory.service.js';
import { headerOf } from '../http/http-types.js';
import type { Principal, WithPrincipal } from './principal.js';
import { PUBLIC_KEY, ROLES_KEY, STREAM_TICKET_KEY } from './roles.decorator.js';
import { StreamTicketService } from './stream-ticket.service.js';
import { TokenService } from './token.service.js';

interface RequestLike extends WithPrincipal {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query?: unknown;
}

/** The `ticket` query parameter, when there is exactly one. */
function ticketOf(request: RequestLike): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const ticket = query?.ticket;
  return typeof ticket === 'string' ? ticket : undefined;
}

/**
 * Every endpoint declares who may call it (`@Roles`, or `@Public`); one without a declaration is refused, so a new
 * endpoint is closed until someone decides. A bearer token is verified (this API's or the identity provider's), a
 * local account must still be active with the role and scope the token names, and the role must be among the endpoint's. The
 * principal is left on the request for the handlers (the actor of the events, and scoping).
 * With AUTH_MODE=off (tests only) nothing is refused and the X-Actor headers name the actor.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(StreamTicketService) private readonly streamTickets: StreamTicketService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestLike>();
    // Tests of everything but security: the X-Actor headers name the actor (commandMetaFrom), nothing is checked.
    if (this.config.authMode === 'off') return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const authorization = headerOf(request, 'authorization');
    const token = authorization?.match(/^Bearer\s+([\w.~+/=-]+)$/i)?.[1];
    const ticket = ticketOf(request);
    let principal: Principal | undefined;
    if (
      !token &&
      ticket !== undefined &&
      this.reflector.getAllAndOverride<boolean>(STREAM_TICKET_KEY, targets)
    ) {
      // The event stream of a browser (EventSource sends no headers): a one-time ticket, consumed here.
      principal = await this.streamTickets.consume(ticket);
      // The ticket carries the principal of the token it was asked with: that token must still hold.
      if (!principal || !(await this.tokens.stillValid(principal))) {
        throw new UnauthorizedException('The stream ticket is not valid, used or expired');
      }
    } else {
      if (!token) throw new UnauthorizedException('A bearer token is required (POST /api/v1/auth/token)');
      principal = await this.tokens.verify(token);
      if (!principal) throw new UnauthorizedException('The token is not valid or has expired');
    }
    if (principal.issuer === 'external') {
      // An external subject (ext:<sub>) that the directory knows and has disabled is refused like a local account.
      const account = (await this.directory.state()).accounts.get(principal.accountId);
      if (account && !account.active) {
        throw new UnauthorizedException('The account of this token is disabled; log in again');
      }
    }
    if (principal.issuer === 'local') {
      const account = (await this.directory.state()).accounts.get(principal.accountId);
      const sameScope =
        account?.role === principal.role &&
        account.unitId === principal.unitId &&
        [...account.gridIds].sort().join(',') === [...principal.gridIds].sort().join(',');
      if (!account?.active || !sameScope) {
        throw new UnauthorizedException('The account of this token is disabled or has changed; log in again');
      }
    }
    if (!allowed || !allowed.includes(principal.role)) {
      throw new ForbiddenException(`The role ${principal.role} may not do this`);
    }
    request.principal = principal;
    return true;
  }
}
