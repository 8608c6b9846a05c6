import {
  type BikeEvent,
  type BikeState,
  bikeDecider,
  type FindingEvent,
  type FindingState,
  findingDecider,
  type ShopCardEvent,
  type ShopCardState,
  shopCardDecider,
} from '#grid';
import { type TicketEvent, type TicketState, ticketDecider } from '#hotline';
import type { SimulatedStep } from './step.js';

/** Finished stages of one kind (by the event that records it) and how many of them finished late. */
export interface StageCount {
  readonly finished: number;
  readonly late: number;
}

/** What a run produced, counted from its steps. Record keys are sorted, so equal runs give equal JSON. */
export interface SimulationSummary {
  readonly steps: number;
  readonly events: number;
  readonly firstAt?: string;
  readonly lastAt?: string;
  /** Steps by command type. */
  readonly commands: Readonly<Record<string, number>>;
  /** Events by type. */
  readonly eventTypes: Readonly<Record<string, number>>;
  readonly tickets: number;
  readonly findings: number;
  readonly shops: number;
  readonly bikes: number;
  /** Where each ticket / finding / bike stands after the last step, and each shop's card level. */
  readonly ticketStatuses: Readonly<Record<string, number>>;
  readonly findingStatuses: Readonly<Record<string, number>>;
  readonly bikeStatuses: Readonly<Record<string, number>>;
  readonly shopCardLevels: Readonly<Record<string, number>>;
  /**
   * Stages that finished, by the event that records the finish with an `onTime` flag (TicketSigned, the concluding
   * first ContactRecorded, ReplySubmitted, the concluding street CallbackRecorded, TicketRepliedUpstream,
   * FindingFiled, FindingHandled, FindingChecked), and how many were late.
   */
  readonly stages: Readonly<Record<string, StageCount>>;
  /** All of `stages` together. */
  readonly stagesFinished: number;
  readonly stagesLate: number;
}

type Kind = 'ticket' | 'finding' | 'shop' | 'bike';

function kindOf(stream: string): Kind | undefined {
  const prefix = stream.slice(0, stream.indexOf('-'));
  return prefix === 'ticket' || prefix === 'finding' || prefix === 'shop' || prefix === 'bike'
    ? prefix
    : undefined;
}

const increment = (counts: Map<string, number>, key: string, by = 1): void => {
  counts.set(key, (counts.get(key) ?? 0) + by);
};

const sorted = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Whether an event ends a stage: it carries an `onTime` flag and is not an attempt that can be retried. */
function finishedStage(event: { readonly type: string; readonly data: unknown }): boolean | undefined {
  if (event.type === 'FindingClosed') return undefined; // on time = handled and checked on time: counted there
  const data = event.data as { readonly onTime?: unknown; readonly outcome?: unknown } | null;
  if (data === null || typeof data !== 'object' || typeof data.onTime !== 'boolean') return undefined;
  if (data.outcome === 'unreachable') return undefined;
  return data.onTime;
}

/** Counts steps as they come (for a run too long to keep in memory). */
export class SimulationCounter {
  private steps = 0;
  private events = 0;
  private firstAt?: string;
  private lastAt?: string;
  private readonly commands = new Map<string, number>();
  private readonly eventTypes = new Map<string, number>();
  private readonly stages = new Map<string, { finished: number; late: number }>();
  private readonly tickets = new Map<string, TicketState>();
  private readonly findings = new Map<string, FindingState>();
  private readonly shops = new Map<string, ShopCardState>();
  private readonly bikes = new Map<string, BikeState>();

  add(step: SimulatedStep): void {
    this.steps += 1;
    this.events += step.events.length;
    this.firstAt ??= step.at;
    this.lastAt = step.at;
    increment(this.commands, step.command.type);
    for (const event of step.events) {
      increment(this.eventTypes, event.type);
      const onTime = finishedStage(event);
      if (onTime !== undefined) {
        const count = this.stages.get(event.type) ?? { finished: 0, late: 0 };
        count.finished += 1;
        if (!onTime) count.late += 1;
        this.stages.set(event.type, count);
      }
    }
    this.fold(step);
  }

  summary(): SimulationSummary {
    const statuses = (states: Iterable<{ readonly status: string }>) => {
      const counts = new Map<string, number>();
      for (const state of states) increment(counts, state.status);
      return sorted(counts);
    };
    const levels = new Map<string, number>();
    for (const card of this.shops.values()) increment(levels, card.status === 'none' ? 'none' : card.level);
    const stages = sorted(
      [...this.stages].map(([type, count]): [string, StageCount] => [type, { ...count }]),
    );
    const all = Object.values(stages);
    return {
      steps: this.steps,
      events: this.events,
      ...(this.firstAt === undefined ? {} : { firstAt: this.firstAt }),
      ...(this.lastAt === undefined ? {} : { lastAt: this.lastAt }),
      commands: sorted(this.commands),
      eventTypes: sorted(this.eventTypes),
      tickets: this.tickets.size,
      findings: this.findings.size,
      shops: this.shops.size,
      bikes: this.bikes.size,
      ticketStatuses: statuses(this.tickets.values()),
      findingStatuses: statuses(this.findings.values()),
      bikeStatuses: statuses(this.bikes.values()),
      shopCardLevels: sorted(levels),
      stages,
      stagesFinished: all.reduce((sum, c) => sum + c.finished, 0),
      stagesLate: all.reduce((sum, c) => sum + c.late, 0),
    };
  }

  /** Folds the step's events into its stream's state with the decider's own evolve. */
  private fold(step: SimulatedStep): void {
    const { stream } = step;
    switch (kindOf(stream)) {
      case 'ticket': {
        let state = this.tickets.get(stream) ?? ticketDecider.initialState();
        for (const event of step.events) state = ticketDecider.evolve(state, event as TicketEvent);
        this.tickets.set(stream, state);
        break;
      }
      case 'finding': {
        let state = this.findings.get(stream) ?? findingDecider.initialState();
        for (const event of step.events) state = findingDecider.evolve(state, event as FindingEvent);
        this.findings.set(stream, state);
        break;
      }
      case 'shop': {
        let state = this.shops.get(stream) ?? shopCardDecider.initialState();
        for (const event of step.events) state = shopCardDecider.evolve(state, event as ShopCardEvent);
        this.shops.set(stream, state);
        break;
      }
      case 'bike': {
        let state = this.bikes.get(stream) ?? bikeDecider.initialState();
        for (const event of step.events) state = bikeDecider.evolve(state, event as BikeEvent);
        this.bikes.set(stream, state);
        break;
      }
      case undefined:
        break;
    }
  }
}

/** The summary of a whole run (or any steps). */
export function simulationSummary(steps: Iterable<SimulatedStep>): SimulationSummary {
  const counter = new SimulationCounter();
  for (const step of steps) counter.add(step);
  return counter.summary();
}
