import type { Command } from './command.js';
import type { DomainEvent } from './event.js';

/** What a decision may depend on besides the command and the state: time and ids, never I/O. */
export interface DecisionContext {
  readonly now: Date;
}

/**
 * A decider: the whole behaviour of one aggregate as three pure functions.
 * `decide` answers a command with the events it causes (or throws a DomainError);
 * `evolve` folds one event into the state; `initialState` is the state of a stream that does not exist.
 */
export interface Decider<
  C extends Command,
  E extends DomainEvent,
  S,
  Ctx extends DecisionContext = DecisionContext,
> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S, context: Ctx) => readonly E[];
  /**
   * The scope and role rules alone (throws a DomainError when the context's actor may not send the command): what
   * `decide` checks first, and what a runner re-checks before answering a replay with the events of an earlier call.
   */
  readonly authorize?: (command: C, state: S, context: Ctx) => void;
  /** Lifts a stored event of an older schema version into the shape `evolve` expects (identity when absent). */
  readonly upcast?: (event: StoredEvent) => E;
}

/** An event as read back from a store: its type, payload and metadata (with `schemaVersion`). */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Folds events into a state with a decider's `evolve`. */
export function fold<E extends DomainEvent, S>(
  decider: Pick<Decider<Command, E, S, DecisionContext>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
