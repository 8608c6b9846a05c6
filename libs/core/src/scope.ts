/*
 * Who may see and act on a case (docs/api.md "Authentication and roles"). The rules are the domain's, so they live
 * here, beside the deciders that enforce them, not in the HTTP layer: the center's roles (admin, dispatcher,
 * supervisor) see everything; a handler sees the cases dispatched to its unit (as lead or co-unit) and acts on those
 * it leads; an inspector sees and acts on the cases of its grids; the integration account (the district platform)
 * delivers tickets and callbacks and reads none.
 */

/** The acting account as far as a rule needs it: its role and its scope (a handler's unit, an inspector's grids). */
export interface ActorScope {
  readonly role: string;
  readonly unitId?: string;
  readonly gridIds: readonly string[];
}

/** What scoping needs to know of a case: the unit it is with (and co-units), the grid it lies in. */
export interface CaseScope {
  readonly unitId?: string | null;
  readonly coUnitIds?: readonly string[];
  readonly gridId?: string | null;
}

/** Whether an actor may see a case. Without an actor (a system process, AUTH_MODE=off) nothing is narrowed. */
export function maySee(actor: ActorScope | undefined, scope: CaseScope): boolean {
  if (!actor) return true;
  switch (actor.role) {
    case 'admin':
    case 'dispatcher':
    case 'supervisor':
      return true;
    case 'handler':
      return (
        actor.unitId !== undefined &&
        (scope.unitId === actor.unitId || (scope.coUnitIds ?? []).includes(actor.unitId))
      );
    case 'inspector':
      return scope.gridId != null && actor.gridIds.includes(scope.gridId);
    default:
      return false;
  }
}

/** Whether an actor may act on a case as its role does: a handler only as the lead unit, an inspector in its grids. */
export function mayAct(actor: ActorScope | undefined, scope: CaseScope): boolean {
  if (!actor) return true;
  if (actor.role === 'handler') return actor.unitId !== undefined && scope.unitId === actor.unitId;
  if (actor.role === 'inspector') return scope.gridId != null && actor.gridIds.includes(scope.gridId);
  return true;
}

/**
 * What a decider may ask of the street's directory (another aggregate): a snapshot the command library keeps
 * current, so that a command reads no stream but its own.
 */
export interface DirectoryView {
  /** A unit in the directory and active. */
  isActiveUnit(unitId: string): boolean;
  /** A grid in the directory. */
  hasGrid(gridId: string): boolean;
}

/** One thing the caller may do now: the route's last segment, the method and the path under /api/v1. */
export interface ActionLink {
  readonly name: string;
  readonly method: 'POST';
  readonly href: string;
}

/**
 * The roles of the level-4 units and the grids (a unit's handler, a grid's inspector): 是否保密 hides a confidential
 * caller from them entirely, not even the masked number.
 */
export function isUnitLevel(role: string | undefined): boolean {
  return role === 'handler' || role === 'inspector';
}
