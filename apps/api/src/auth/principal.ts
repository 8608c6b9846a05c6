import type { Role } from '#directory';

/** Who is calling, as the token says: the account, its role and its scope (a handler's unit, an inspector's grids). */
export interface Principal {
  readonly accountId: string;
  readonly role: Role;
  readonly unitId?: string;
  readonly gridIds: readonly string[];
  /** `local`: a token this API issued; `external`: one of the identity provider in AUTH_JWKS_URL. */
  readonly issuer: 'local' | 'external';
  /** When the token expires (ms since the epoch): a live stream opened with it ends then. */
  readonly expiresAt?: number;
  /** The login session of a local token (logout and a reused refresh token end it). */
  readonly sessionId?: string;
  /** The account's session epoch the token was issued under ("valid after"). */
  readonly epoch?: number;
}

/** Where the guard leaves the principal on the request. */
export interface WithPrincipal {
  principal?: Principal;
}

interface HeaderRequest extends WithPrincipal {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const header = (request: HeaderRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The caller's unit: from the token, or (AUTH_MODE=off, tests) from `X-Actor-Unit`. */
export function actorUnitOf(request: HeaderRequest): string | undefined {
  return request.principal ? request.principal.unitId : header(request, 'x-actor-unit');
}

/** The caller's id: from the token, or (AUTH_MODE=off, tests) from `X-Actor-Id`. */
export function actorIdOf(request: HeaderRequest): string {
  return request.principal?.accountId ?? header(request, 'x-actor-id') ?? '';
}
