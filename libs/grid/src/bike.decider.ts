import {
  type ActorScope,
  assertNever,
  type Decider,
  type DecisionContext,
  type DirectoryView,
  DomainError,
  maySee,
} from '#core';
import type {
  BikeCommand,
  ClaimBike,
  DisposeBike,
  RemoveBike,
  ResolveBike,
  TagBike,
} from './bike.commands.js';
import { bikeErrors } from './bike.errors.js';
import {
  type Bike,
  type BikeEvent,
  type BikeState,
  type BikeStatus,
  evolveBike,
  initialBikeState,
} from './bike.events.js';
import type { GridDeadlinePolicy } from './deadline-policy.js';

/** The 非机动车待清运 periods, in natural days. */
export interface BikeRules {
  /** 公告期 after the notice is posted (default 3). */
  readonly noticeDays?: number;
  /** 认领期 after removal to a storage point (default 30). */
  readonly claimDays?: number;
}

/** Notice 3 days, claim window 30 days (domain.md §2). */
export const DEFAULT_BIKE_RULES: Required<BikeRules> = { noticeDays: 3, claimDays: 30 };

/** What the bike decider decides with. */
export interface BikeContext extends DecisionContext {
  readonly deadlines: GridDeadlinePolicy;
  readonly rules?: BikeRules;
  /** Who sends the command, with their scope; absent for the system and AUTH_MODE=off. */
  readonly actor?: ActorScope;
  /** The street's grids as the directory has them now; without it grids are not checked. */
  readonly directory?: DirectoryView;
}

/**
 * Bikes are scoped by grid: an inspector tags only in its own grids, and a bike outside the actor's grids is none
 * of its business (404, as for findings).
 */
export function authorizeBikeCommand(
  command: BikeCommand,
  state: BikeState,
  actor: ActorScope | undefined,
): void {
  if (!actor) return;
  if (command.type === 'TagBike') {
    if (actor.role === 'inspector' && !actor.gridIds.includes(command.data.gridId)) {
      throw new DomainError('BIKE.NOT_YOUR_GRID', 'forbidden', 'An inspector tags bikes in its own grids', {
        gridId: command.data.gridId,
      });
    }
    return;
  }
  if (state.status !== 'none' && !maySee(actor, { gridId: state.gridId })) {
    throw new DomainError('BIKE.NOT_FOUND', 'not-found', `No bike ${state.bikeId} in your scope`, {
      bikeId: state.bikeId,
    });
  }
}

/** Where each command is allowed. TagBike starts a stream. */
export const BIKE_COMMAND_STATUSES = {
  TagBike: [],
  RemoveBike: ['tagged'],
  ResolveBike: ['tagged'],
  ClaimBike: ['removed'],
  DisposeBike: ['removed'],
} as const satisfies Readonly<Record<BikeCommand['type'], readonly BikeStatus[]>>;

function rulesOf(context: BikeContext): Required<BikeRules> {
  const rules = { ...DEFAULT_BIKE_RULES };
  for (const key of Object.keys(DEFAULT_BIKE_RULES) as (keyof BikeRules)[]) {
    const value = context.rules?.[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw bikeErrors.invalidRules(key, value);
    rules[key] = value;
  }
  return rules;
}

function ensureStatus(bike: Bike, command: BikeCommand['type']): void {
  const allowed: readonly BikeStatus[] = BIKE_COMMAND_STATUSES[command];
  if (!allowed.includes(bike.status)) throw bikeErrors.invalidTransition(command, bike.status, allowed);
}

const blank = (value: string | undefined): boolean => typeof value !== 'string' || value.trim() === '';

function tag(command: TagBike, state: BikeState, context: BikeContext, at: string): BikeEvent[] {
  if (state.status !== 'none') throw bikeErrors.alreadyTagged(state.bikeId);
  const data = command.data;
  if (blank(data.bikeId)) throw bikeErrors.fieldRequired('TagBike', 'bikeId');
  if (blank(data.gridId)) throw bikeErrors.fieldRequired('TagBike', 'gridId');
  if (!Array.isArray(data.photos) || data.photos.length === 0)
    throw bikeErrors.fieldRequired('TagBike', 'photos');
  const { noticeDays } = rulesOf(context);
  const notice = { ...context.deadlines.deadline('notice', { limit: `${noticeDays}d` }, context.now) };
  return [{ type: 'BikeTagged', data: { ...data, at, notice } }];
}

/** Only once the notice period is over (at or after its due time). */
function remove(command: RemoveBike, bike: Bike, context: BikeContext, at: string): BikeEvent[] {
  ensureStatus(bike, 'RemoveBike');
  if (blank(command.data.storagePointId)) throw bikeErrors.fieldRequired('RemoveBike', 'storagePointId');
  if (context.now.getTime() < Date.parse(bike.notice.dueAt)) {
    throw bikeErrors.noticePeriodRunning(bike.notice.dueAt, at);
  }
  const { claimDays } = rulesOf(context);
  const claim = { ...context.deadlines.deadline('claim', { limit: `${claimDays}d` }, context.now) };
  const { storagePointId, note, photos } = command.data;
  return [{ type: 'BikeRemoved', data: { storagePointId, note, photos, at, claim } }];
}

function claimWindow(bike: Bike): string {
  if (bike.claim === undefined) throw new Error(`Bike ${bike.bikeId} is removed without a claim window`);
  return bike.claim.dueAt;
}

/** Within the claim window (up to and including its due time). */
function claimBike(command: ClaimBike, bike: Bike, context: BikeContext, at: string): BikeEvent[] {
  ensureStatus(bike, 'ClaimBike');
  const dueAt = claimWindow(bike);
  if (context.now.getTime() > Date.parse(dueAt)) throw bikeErrors.claimWindowClosed(dueAt, at);
  return [{ type: 'BikeClaimed', data: { ...command.data, at } }];
}

/** Only after the claim window. */
function dispose(command: DisposeBike, bike: Bike, context: BikeContext, at: string): BikeEvent[] {
  ensureStatus(bike, 'DisposeBike');
  if (blank(command.data.method)) throw bikeErrors.fieldRequired('DisposeBike', 'method');
  const dueAt = claimWindow(bike);
  if (context.now.getTime() <= Date.parse(dueAt)) throw bikeErrors.claimWindowOpen(dueAt, at);
  return [{ type: 'BikeDisposed', data: { ...command.data, at } }];
}

/** The owner moved the bike before removal. */
function resolve(command: ResolveBike, bike: Bike, at: string): BikeEvent[] {
  ensureStatus(bike, 'ResolveBike');
  return [{ type: 'BikeResolved', data: { note: command.data.note, at } }];
}

/** Answers a bike command with its events, or throws a DomainError (see bike.errors.ts). */
export function decideBike(command: BikeCommand, state: BikeState, context: BikeContext): BikeEvent[] {
  const at = context.now.toISOString();
  authorizeBikeCommand(command, state, context.actor);
  if (command.type === 'TagBike') {
    if (context.directory && !context.directory.hasGrid(command.data.gridId)) {
      throw new DomainError('GRID.UNKNOWN_GRID', 'rule', `No grid ${command.data.gridId} in the directory`, {
        gridId: command.data.gridId,
      });
    }
    return tag(command, state, context, at);
  }
  if (state.status === 'none') throw bikeErrors.notFound(command.type);
  switch (command.type) {
    case 'RemoveBike':
      return remove(command, state, context, at);
    case 'ClaimBike':
      return claimBike(command, state, context, at);
    case 'DisposeBike':
      return dispose(command, state, context, at);
    case 'ResolveBike':
      return resolve(command, state, at);
    default:
      return assertNever(command, 'bike command');
  }
}

/** 非机动车待清运: tag with a notice, remove after the notice period, claim within the window, then dispose. */
export const bikeDecider: Decider<BikeCommand, BikeEvent, BikeState, BikeContext> = {
  initialState: initialBikeState,
  evolve: evolveBike,
  decide: decideBike,
  authorize: (command, state, context) => authorizeBikeCommand(command, state, context.actor),
};

/** The stream of one bike: `bike-<id>`. */
export const bikeStream = (id: string): string => `bike-${id}`;
