import { SetMetadata } from '@nestjs/common';
import type { Role } from '#directory';

export const ROLES_KEY = 'chengyun:roles';
export const PUBLIC_KEY = 'chengyun:public';
export const STREAM_TICKET_KEY = 'chengyun:stream-ticket';

/** The roles that may call an endpoint (on a handler or a whole controller). An endpoint without it is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** An endpoint anyone may call without a token: health, metrics, the API docs, login. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Every role (for reads every signed-in user may make; scoping narrows what each sees). */
export const ALL_ROLES: Role[] = ['admin', 'dispatcher', 'supervisor', 'handler', 'inspector', 'integration'];

/**
 * An endpoint that also accepts a one-time stream ticket (`?ticket=`, POST /auth/stream-ticket) instead of a bearer
 * token: only the server-sent event stream, because the browser's EventSource cannot send headers.
 */
export const AcceptsStreamTicket = () => SetMetadata(STREAM_TICKET_KEY, true);

/** The roles of a route as the domain's route table lists them (`TICKET_ROUTES`, `FINDING_ROUTES`). */
export const RolesOf = (roles: readonly string[]) => SetMetadata(ROLES_KEY, [...roles]);
