import { DomainError } from '#core';
import type { Principal } from './principal.js';

/** What scoping needs to know of a case: the unit it is with (and co-units), the grid it lies in. */
export interface CaseScope {
  readonly unitId?: string | null;
  readonly coUnitIds?: readonly string[];
  readonly gridId?: string | null;
}

/**
 * Whether a caller may see a case (docs/api.md "Authentication and roles"): handlers only cases dispatched to their
 * unit (as lead or co-unit), inspectors only cases in their grids; the center's roles (admin, dispatcher, supervisor)
 * everything; the integration account no case at all (it delivers tickets and callbacks, it does not read them).
 * Without a principal (AUTH_MODE=off, tests) nothing is narrowed.
 */
export function maySee(principal: Principal | undefined, scope: CaseScope): boolean {
  if (!principal) return true;
  switch (principal.role) {
    case 'admin':
    case 'dispatcher':
    case 'supervisor':
      return true;
    case 'handler':
      return (
        principal.unitId !== undefined &&
        (scope.unitId === principal.unitId || (scope.coUnitIds ?? []).includes(principal.unitId))
      );
    case 'inspector':
      return scope.gridId != null && principal.gridIds.includes(scope.gridId);
    case 'integration':
      return false;
  }
}

/** Whether a caller may act on a case as its role does: a handler only as the lead unit, an inspector in its grids. */
export function mayAct(principal: Principal | undefined, scope: CaseScope): boolean {
  if (!principal) return true;
  if (principal.role === 'handler')
    return principal.unitId !== undefined && scope.unitId === principal.unitId;
  if (principal.role === 'inspector') return scope.gridId != null && principal.gridIds.includes(scope.gridId);
  return true;
}

/** 404 rather than 403 for a case outside the caller's scope: its existence is not the caller's business either. */
export function outOfScope(kind: 'ticket' | 'finding', id: string): DomainError {
  return new DomainError(
    kind === 'ticket' ? 'TICKET.NOT_FOUND' : 'FINDING.NOT_FOUND',
    'not-found',
    `No ${kind} ${id} in your scope`,
    { [`${kind}Id`]: id },
  );
}
