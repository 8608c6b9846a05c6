import { type ActionLink, type ActorScope, type CaseScope, DomainError, mayAct, maySee } from '#core';
import type { TicketCommand } from './ticket.commands.js';
import type { Ticket } from './ticket.events.js';
import {
  type HotlineRules,
  pastExtensionCutoff,
  replyGated,
  resolveRules,
  streetCallbackConcluded,
} from './ticket.rules.js';
import { commandLabel, TICKET_COMMAND_STATUSES, type TicketCommandLabel } from './ticket.transitions.js';

/*
 * Who may do what to a ticket (docs/api.md "Authentication and roles"), as data the decider enforces and the views
 * read: one route per use case, the roles that may call it, and the command (with its variant) each role sends.
 * The HTTP controllers take their @Roles from here, so the guard, the decider and the `actions` of a view agree.
 */

/** A route of a ticket's lifecycle (its last segment) and what it is. */
export interface TicketRoute {
  /** The path under /api/v1/tickets/:id. */
  readonly path: string;
  /** The roles that may call it, each with the command variant it sends. */
  readonly as: Readonly<Partial<Record<string, TicketCommandLabel>>>;
}

/** Every route that sends a command to an existing ticket. */
export const TICKET_ROUTES = {
  sign: { path: 'sign', as: { dispatcher: 'SignTicket' } },
  dispatch: { path: 'dispatch', as: { dispatcher: 'DispatchTicket' } },
  accept: { path: 'accept', as: { handler: 'AcceptTicket' } },
  return: {
    path: 'return',
    as: { handler: 'ReturnTicket (to center)', dispatcher: 'ReturnTicket (upstream)' },
  },
  contacts: { path: 'contacts', as: { handler: 'RecordContact' } },
  'extension-requests': { path: 'extension-requests', as: { handler: 'RequestExtension' } },
  'extension-decision': {
    path: 'extension-decision',
    as: { dispatcher: 'DecideExtension', supervisor: 'DecideExtension' },
  },
  'upstream-extension-decision': {
    path: 'upstream-extension-decision',
    as: { integration: 'DecideUpstreamExtension' },
  },
  reply: { path: 'reply', as: { handler: 'SubmitReply' } },
  review: { path: 'review', as: { dispatcher: 'ReviewReply' } },
  callbacks: {
    path: 'callbacks',
    as: { dispatcher: 'RecordCallback (street)', integration: 'RecordCallback (hotline)' },
  },
  'reply-upstream': { path: 'reply-upstream', as: { dispatcher: 'ReplyUpstream' } },
  reopen: { path: 'reopen', as: { integration: 'ReopenTicket', supervisor: 'ReopenTicket' } },
  urge: { path: 'urge', as: { supervisor: 'UrgeTicket' } },
  supervise: { path: 'supervise', as: { supervisor: 'SuperviseTicket' } },
  park: { path: 'park', as: { dispatcher: 'ParkTicket', supervisor: 'ParkTicket' } },
  close: { path: 'close', as: { dispatcher: 'CloseTicket', supervisor: 'CloseTicket' } },
  merge: { path: 'merge', as: { integration: 'MergeCall', dispatcher: 'MergeCall' } },
  reveal: {
    path: 'caller/reveal',
    as: {
      dispatcher: 'RevealCallerContact (center)',
      supervisor: 'RevealCallerContact (center)',
      handler: 'RevealCallerContact (unit)',
    },
  },
  erasure: { path: 'caller/erasure', as: { admin: 'EraseCallerData' } },
  'exclusion-requests': {
    path: 'exclusion-requests',
    as: { handler: 'RequestExclusion', dispatcher: 'RequestExclusion' },
  },
  'exclusion-decision': { path: 'exclusion-decision', as: { supervisor: 'DecideExclusion' } },
} as const satisfies Readonly<Record<string, TicketRoute>>;

/** The name of a ticket route (the last segment of its path). */
export type TicketRouteName = keyof typeof TICKET_ROUTES;

/** The roles that may call a route: what its controller declares with @Roles. */
export function ticketRouteRoles(route: TicketRouteName): string[] {
  return Object.keys(TICKET_ROUTES[route].as);
}

/** The roles that may send a command (by its label); system commands (timers, revisions) have no route. */
const ROLES_OF_LABEL: ReadonlyMap<TicketCommandLabel, readonly string[]> = (() => {
  const roles = new Map<TicketCommandLabel, string[]>();
  for (const route of Object.values(TICKET_ROUTES) as TicketRoute[]) {
    for (const [role, label] of Object.entries(route.as)) {
      if (label === undefined) continue;
      roles.set(label, [...(roles.get(label) ?? []), role]);
    }
  }
  return roles;
})();

/** The scope of a ticket: the unit it is with, its co-units, its grid. */
export function ticketScope(t: Ticket): CaseScope {
  return { unitId: t.unitId, coUnitIds: t.coUnitIds, gridId: t.intake.gridId };
}

/** Whether the actor may see the ticket at all (404 otherwise: its existence is none of the actor's business). */
export function maySeeTicket(actor: ActorScope | undefined, t: Ticket): boolean {
  return maySee(actor, ticketScope(t));
}

/** A handler of a co-unit, or a role that acts on none of the ticket's commands: 403 naming the rule. */
function notYourUnit(t: Ticket): DomainError {
  return new DomainError('TICKET.NOT_YOUR_UNIT', 'forbidden', 'Only the lead unit acts on this ticket', {
    ticketId: t.id,
  });
}

/**
 * The scope and role rules of a command on an existing ticket, before its own rules: the actor must see the ticket
 * (404 otherwise; the integration account acts on the tickets it delivered without seeing them), act on it (a
 * handler only as the lead unit), and send a command its role may send — which callback a role records included.
 * Commands without a route (timers, revisions) and calls without an actor are not narrowed.
 */
export function authorizeTicketCommand(
  command: TicketCommand,
  t: Ticket,
  actor: ActorScope | undefined,
): void {
  if (!actor) return;
  const label = commandLabel(command);
  const roles = ROLES_OF_LABEL.get(label);
  if (roles === undefined) return;
  if (actor.role !== 'integration' && !maySeeTicket(actor, t)) {
    throw ticketOutOfScope(t.id);
  }
  if (!mayAct(actor, ticketScope(t))) throw notYourUnit(t);
  if (roles.includes(actor.role) || actor.role === 'admin') return;
  if (command.type === 'RecordCallback') {
    const by = actor.role === 'integration' ? 'hotline' : 'street';
    throw new DomainError(
      'TICKET.CALLBACK_NOT_YOURS',
      'forbidden',
      `The ${actor.role} records ${by} callbacks only`,
      { by: command.data.by },
    );
  }
  throw new DomainError('TICKET.ROLE_NOT_ALLOWED', 'forbidden', `A ${actor.role} may not ${label}`, {
    command: label,
    role: actor.role,
  });
}

/**
 * Conditions beyond the status that decide whether offering an action makes sense: the same predicates the decider
 * refuses by (the 双先联、双回访 gates in force, the extension's time limits), so no action is offered that would fail.
 */
function offered(
  route: TicketRouteName,
  t: Ticket,
  actor: ActorScope,
  rules: Required<HotlineRules>,
  now: Date | undefined,
): boolean {
  const hasCaller = t.callerErasedAt === undefined && t.calls.some((call) => call.caller !== undefined);
  if (route === 'reply') return !replyGated(t, rules);
  if (route === 'reply-upstream')
    return !rules.requireStreetCallbackBeforeReplyUpstream || streetCallbackConcluded(t);
  if (route === 'extension-requests')
    return (
      t.handling?.stage === 'handle' &&
      !t.extension.pending &&
      !t.extension.approved &&
      !(now && pastExtensionCutoff(t.handling.deadline.dueAt, now, rules))
    );
  if (route === 'upstream-extension-decision')
    return t.extension.forwarded === true && t.extension.granted === undefined;
  if (route === 'extension-decision') return t.extension.pending !== undefined;
  if (route === 'reveal')
    return hasCaller && !(actor.role === 'handler' && t.calls.some((call) => call.caller?.confidential));
  if (route === 'erasure') return hasCaller;
  // 考核剔除: one request at a time; a new one after a rejection, none once approved.
  if (route === 'exclusion-requests') return !t.exclusion || t.exclusion.status === 'rejected';
  if (route === 'exclusion-decision') return t.exclusion?.status === 'requested';
  return true;
}

/**
 * What the actor may do to the ticket now: each route whose command the actor's role sends, allowed in the ticket's
 * status by the decider's own table, within the actor's scope, and not refused by the rules in force at `now`.
 * Without an actor every route allowed in the status.
 */
export function ticketActions(
  t: Ticket,
  actor: ActorScope | undefined,
  options: { readonly rules?: HotlineRules; readonly now?: Date } = {},
): ActionLink[] {
  const rules = resolveRules(options.rules);
  const actions: ActionLink[] = [];
  if (actor && !(maySeeTicket(actor, t) && mayAct(actor, ticketScope(t)))) return actions;
  for (const [name, route] of Object.entries(TICKET_ROUTES) as [TicketRouteName, TicketRoute][]) {
    const labels: (TicketCommandLabel | undefined)[] = actor
      ? [route.as[actor.role]]
      : Object.values(route.as);
    const allowed = labels.some(
      (label) =>
        label !== undefined && (TICKET_COMMAND_STATUSES[label] as readonly string[]).includes(t.status),
    );
    if (!allowed || !offered(name, t, actor ?? { role: 'admin', gridIds: [] }, rules, options.now)) continue;
    actions.push({ name, method: 'POST', href: `/tickets/${t.id}/${route.path}` });
  }
  return actions;
}

/** `ticketErrors.notFound` for a ticket outside the caller's scope, named like an unknown one. */
export const ticketOutOfScope = (ticketId: string): DomainError =>
  new DomainError('TICKET.NOT_FOUND', 'not-found', `No ticket ${ticketId} in your scope`, { ticketId });
