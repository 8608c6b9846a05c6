import { type ActionLink, type ActorScope, type CaseScope, DomainError, mayAct, maySee } from '#core';
import { FINDING_COMMAND_STATUSES } from './finding.transitions.js';
import type { FindingCommand } from './finding.commands.js';
import type { Finding } from './finding.events.js';

/*
 * Who may do what to a finding (docs/api.md "Authentication and roles"): one route per use case and the roles that
 * may call it. The controllers take their @Roles from here; the decider enforces the scope; the views offer only
 * what the caller may do now.
 */

type FindingCommandType = FindingCommand['type'];

/** A route of a finding's lifecycle: its path under /api/v1/findings/:id, the command and the roles. */
export interface FindingRoute {
  readonly path: string;
  readonly command: FindingCommandType;
  readonly roles: readonly string[];
}

/** Every route that sends a command to an existing finding. */
export const FINDING_ROUTES = {
  verify: { path: 'verify', command: 'VerifyFinding', roles: ['inspector'] },
  file: { path: 'file', command: 'FileFinding', roles: ['dispatcher'] },
  cancel: { path: 'cancel', command: 'CancelFinding', roles: ['dispatcher'] },
  dispatch: { path: 'dispatch', command: 'DispatchFinding', roles: ['dispatcher'] },
  return: { path: 'return', command: 'ReturnFinding', roles: ['handler'] },
  'extension-requests': { path: 'extension-requests', command: 'RequestExtension', roles: ['handler'] },
  'extension-decision': {
    path: 'extension-decision',
    command: 'DecideExtension',
    roles: ['dispatcher', 'supervisor'],
  },
  handled: { path: 'handled', command: 'MarkHandled', roles: ['handler'] },
  check: { path: 'check', command: 'CheckFinding', roles: ['inspector'] },
  park: { path: 'park', command: 'ParkFinding', roles: ['dispatcher', 'supervisor'] },
} as const satisfies Readonly<Record<string, FindingRoute>>;

/** The name of a finding route (the last segment of its path). */
export type FindingRouteName = keyof typeof FINDING_ROUTES;

/** The roles that may report a finding (`POST /findings`): inspectors only in their own grids. */
export const REPORT_FINDING_ROLES = ['inspector', 'dispatcher', 'integration'] as const;

/** The roles that may call a route: what its controller declares with @Roles. */
export function findingRouteRoles(route: FindingRouteName): string[] {
  return [...FINDING_ROUTES[route].roles];
}

const ROLES_OF_COMMAND: ReadonlyMap<FindingCommandType, readonly string[]> = new Map(
  (Object.values(FINDING_ROUTES) as FindingRoute[]).map((route) => [route.command, route.roles]),
);

/** The scope of a finding: the unit it is dispatched to, the grid it lies in. */
export function findingScope(f: Finding): CaseScope {
  return { unitId: f.unitId, gridId: f.gridId };
}

/** A finding outside the caller's scope answers like an unknown one. */
export const findingOutOfScope = (findingId: string): DomainError =>
  new DomainError('FINDING.NOT_FOUND', 'not-found', `No finding ${findingId} in your scope`, { findingId });

/**
 * The scope and role rules of a command: a new report only in an inspector's own grids; on an existing finding the
 * actor must see it (404 otherwise), act on it (a handler for the unit it is dispatched to, an inspector in its
 * grids) and send a command its role may send. Commands without a route (timers, revisions) and calls without an
 * actor are not narrowed.
 */
export function authorizeFindingCommand(
  command: FindingCommand,
  f: Finding | undefined,
  actor: ActorScope | undefined,
): void {
  if (!actor) return;
  if (command.type === 'ReportFinding') {
    if (actor.role === 'inspector' && !actor.gridIds.includes(command.data.gridId)) {
      throw new DomainError('FINDING.NOT_YOUR_GRID', 'forbidden', 'An inspector reports in its own grids', {
        gridId: command.data.gridId,
      });
    }
    return;
  }
  const roles = ROLES_OF_COMMAND.get(command.type);
  if (f === undefined || roles === undefined) return;
  if (!maySee(actor, findingScope(f))) throw findingOutOfScope(f.id);
  if (!mayAct(actor, findingScope(f))) {
    throw new DomainError('FINDING.NOT_YOUR_CASE', 'forbidden', 'Outside your unit or grids', {
      findingId: f.id,
    });
  }
  if (!roles.includes(actor.role) && actor.role !== 'admin') {
    throw new DomainError(
      'FINDING.ROLE_NOT_ALLOWED',
      'forbidden',
      `A ${actor.role} may not ${command.type}`,
      {
        command: command.type,
        role: actor.role,
      },
    );
  }
}

/** Conditions beyond the status that decide whether offering an action makes sense. */
function offered(route: FindingRouteName, f: Finding): boolean {
  if (route === 'extension-requests') return f.pendingExtension === undefined;
  if (route === 'extension-decision') return f.pendingExtension !== undefined;
  return true;
}

/** What the actor may do to the finding now: by role, the decider's status table and the actor's scope. */
export function findingActions(f: Finding, actor: ActorScope | undefined): ActionLink[] {
  if (actor && !(maySee(actor, findingScope(f)) && mayAct(actor, findingScope(f)))) return [];
  const actions: ActionLink[] = [];
  for (const [name, route] of Object.entries(FINDING_ROUTES) as [FindingRouteName, FindingRoute][]) {
    if (actor && !route.roles.includes(actor.role)) continue;
    const statuses: readonly string[] = FINDING_COMMAND_STATUSES[route.command];
    if (!statuses.includes(f.status) || !offered(name, f)) continue;
    actions.push({ name, method: 'POST', href: `/findings/${f.id}/${route.path}` });
  }
  return actions;
}
