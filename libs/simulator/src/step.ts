import type { Command } from '#core';
import type { DeadlinePolicy } from '#hotline';
import type { CategoryCatalogue } from '#grid';
import type { SimulationIds } from './ids.js';
import type { SimulationMix } from './mix.js';
import type { Rng } from './random.js';
import type { SimFindingCategory, SimTicketCategory, Street } from './street.js';
import type { StreetTime } from './street-time.js';

/** Who would send a command: a person in a role (a handler with the unit), or a system. */
export interface SimActor {
  readonly id: string;
  /** `dispatcher`, `handler`, `inspector`, `supervisor`, `integration` (the district 12345 platform), `system`. */
  readonly role: string;
  readonly unitId?: string;
}

/** One command decided by the real decider of its stream, with the events it returned. */
export interface SimulatedStep {
  /** The ISO instant the command is decided at (the decider's `context.now`). */
  readonly at: string;
  /** `ticket-<id>`, `finding-<id>`, `shop-<id>`, `bike-<id>`. */
  readonly stream: string;
  /** The stream's revision before this step (0-based index of its last event), `no-stream` for its first. */
  readonly expectedRevision: number | 'no-stream';
  readonly actor: SimActor;
  /** Exactly what was passed to `decide`. */
  readonly command: { readonly type: string; readonly data: unknown };
  /** Exactly what `decide` returned (never empty). */
  readonly events: readonly { readonly type: string; readonly data: unknown }[];
}

/** The aggregates the simulator drives, each through its decider from libs/hotline or libs/grid. */
export type Aggregate = 'ticket' | 'finding' | 'shop' | 'bike';

/** A command a case wants decided at an instant (epoch milliseconds). */
export interface CommandAction {
  readonly kind: 'command';
  readonly at: number;
  readonly aggregate: Aggregate;
  readonly stream: string;
  readonly actor: SimActor;
  readonly command: Command;
}

/** A look at another stream's state at an instant, without a command (e.g. does the shop have a record yet). */
export interface PeekAction {
  readonly kind: 'peek';
  readonly at: number;
  readonly aggregate: Aggregate;
  readonly stream: string;
}

export type Action = CommandAction | PeekAction;

/**
 * A case's story, written top to bottom: it yields the next action and is resumed, in time order with every other
 * case, with the state of that action's stream after it.
 */
export type Script = Generator<Action, void, unknown>;

/** Everything a case's story reads: ids, proportions, the clocks, the street. */
export interface CaseEnv {
  readonly ids: SimulationIds;
  readonly mix: SimulationMix;
  readonly time: StreetTime;
  readonly street: Street;
  readonly ticketCategories: readonly SimTicketCategory[];
  readonly findingCategories: readonly SimFindingCategory[];
  readonly catalogue: CategoryCatalogue;
  readonly hotlineDeadlines: DeadlinePolicy;
  /** The 15 working days in all of an approved ticket extension (HotlineRules). */
  readonly extensionTotalWorkingDays: number;
  /** The most working days one finding extension may ask for (FindingRules). */
  readonly maxFindingExtensionDays: number;
}

/** Decides a command on a stream at `at` and resumes the case with the stream's state (typed by the caller). */
export function* decideOn<S>(
  aggregate: Aggregate,
  stream: string,
  at: number,
  actor: SimActor,
  command: Command,
): Generator<Action, S, unknown> {
  return (yield { kind: 'command', at, aggregate, stream, actor, command }) as S;
}

/** The state of a stream at `at` (the initial state when it has no events). */
export function* peekAt<S>(aggregate: Aggregate, stream: string, at: number): Generator<Action, S, unknown> {
  return (yield { kind: 'peek', at, aggregate, stream }) as S;
}

/** The district 12345 platform: delivers tickets, the official callback results and 重办 / 回访复核. */
export const INTEGRATION: SimActor = { id: 'hotline-12345', role: 'integration' };
/** A street leader who urges (催办), supervises (督办) and reopens for supervision. */
export const SUPERVISOR: SimActor = { id: 'supervisor-1', role: 'supervisor' };
/** The scheduled sweep that clears lapsed shop cards. */
export const CARD_SWEEPER: SimActor = { id: 'card-sweeper', role: 'system' };
/** How many dispatchers share the center's desk. */
const DISPATCHERS = 3;

/** One of the center's dispatchers (派单员), whoever is on duty. */
export const dispatcher = (rng: Rng): SimActor => ({
  id: `dispatcher-${rng.int(1, DISPATCHERS)}`,
  role: 'dispatcher',
});
/** The handler account of a level-4 unit. */
export const handler = (unitId: string): SimActor => ({ id: `handler-${unitId}`, role: 'handler', unitId });
/** A grid inspector. */
export const inspector = (id: string): SimActor => ({ id, role: 'inspector' });

/** ISO text of an instant. */
export const iso = (ms: number): string => new Date(ms).toISOString();
