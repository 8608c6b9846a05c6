import type { Principal } from '../../auth/principal.js';

export class GetFindingQuery {
  constructor(
    readonly findingId: string,
    /** The caller, for scoping (absent with AUTH_MODE=off). */
    readonly principal?: Principal,
  ) {}
}
