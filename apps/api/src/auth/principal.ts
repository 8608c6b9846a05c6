import type { Role } from '#directory';

/** Who is calling, as the token says: the account, its role and its scope (a handler's unit, an inspector's grids). */
export interface Principal {
  readonly accountId: string;
  readonly role: Role;
  readonly unitId?: string;
  readonly gridIds: readonly string[];
  /** `local`: a token this API issued; `external`: one of the identity provider in AUTH_JWKS_URL. */
  readonly issuer: 'local' | 'external';
}

/** Where the guard leaves the principal on the request. */
export interface WithPrincipal {
  principal?: Principal;
}
