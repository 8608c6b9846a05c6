import { DEFAULT_OFFICE_HOURS, type OfficeHours, WorkingCalendar } from '#calendar';
import type { Command, DomainEvent } from '#core';
import type { Grid, Unit } from '#directory';
import {
  type BikeCommand,
  type BikeRules,
  type BikeState,
  bikeDecider,
  type CategoryCatalogue,
  DEFAULT_CATEGORY_CATALOGUE,
  DEFAULT_FINDING_RULES,
  DEFAULT_SHOP_CARD_RULES,
  type FindingCommand,
  type FindingRules,
  type FindingState,
  findingDecider,
  type GridDeadlinePolicy,
  type ShopCardCommand,
  type ShopCardRules,
  type ShopCardState,
  shopCardDecider,
} from '#grid';
import {
  DEFAULT_HOTLINE_RULES,
  type DeadlinePolicy,
  type HotlineRules,
  type TicketCommand,
  type TicketState,
  ticketDecider,
} from '#hotline';
import { bikeScript } from './bike.script.js';
import { findingScript } from './finding.script.js';
import { idsFor, type SimulationIds } from './ids.js';
import {
  BIKE_HOURLY_INTAKE,
  DEFAULT_BIKES_PER_DAY,
  DEFAULT_FINDINGS_PER_DAY,
  DEFAULT_MIX,
  DEFAULT_SHOPS,
  DEFAULT_TAIL_DAYS,
  DEFAULT_TICKETS_PER_DAY,
  FINDING_HOURLY_INTAKE,
  OFFDAY_INTAKE_FACTOR,
  type SimulationMix,
  TICKET_HOURLY_INTAKE,
  WORKDAY_INTAKE_FACTOR,
} from './mix.js';
import { Rng } from './random.js';
import {
  type Action,
  type Aggregate,
  CARD_SWEEPER,
  type CaseEnv,
  type CommandAction,
  iso,
  type Script,
  type SimActor,
  type SimulatedStep,
} from './step.js';
import {
  checkFindingCategories,
  demoStreetDirectory,
  SIM_FINDING_CATEGORIES,
  SIM_TICKET_CATEGORIES,
  type SimFindingCategory,
  type SimTicketCategory,
  Street,
} from './street.js';
import { DAY, HOUR, StreetTime } from './street-time.js';
import { ticketScript } from './ticket.script.js';

/** What to simulate. Everything but the seed, the start and the two deadline policies has a default. */
export interface SimulationOptions {
  /** 0 … 999,999; the same seed (and options) gives the same steps, byte for byte. */
  readonly seed: number;
  /** ISO instant: intake starts here. */
  readonly start: string;
  /** Calendar days of intake (default 30); cases opened in the window are played on until the horizon. */
  readonly days?: number;
  /** No step after this instant (default: the end of intake plus 30 days). Cases still open then stay open. */
  readonly horizon?: string;
  /** Average 12345 intake per calendar day (default 80; working days get more, days off fewer). */
  readonly ticketsPerDay?: number;
  /** Average grid reports per calendar day (default 50). */
  readonly findingsPerDay?: number;
  /** Average bikes tagged per calendar day (default 1). */
  readonly bikesPerDay?: number;
  /** Shops on the street that trade outside their door (default 60). */
  readonly shops?: number;
  /** Passed to the ticket decider's context (e.g. `calendarDeadlinePolicy(...)` or the fake of tests). */
  readonly hotlineDeadlines: DeadlinePolicy;
  /** Passed to the finding and bike deciders' contexts. */
  readonly gridDeadlines: GridDeadlinePolicy;
  readonly hotlineRules?: HotlineRules;
  readonly findingRules?: FindingRules;
  readonly shopCardRules?: ShopCardRules;
  readonly bikeRules?: BikeRules;
  /** The street's level-4 units (default: the demo street of #directory). */
  readonly units?: readonly Unit[];
  /** The street's grids; cases happen in the unit grids (default: the demo street of #directory). */
  readonly grids?: readonly Grid[];
  /** 12345 categories with weights and routing (default {@link SIM_TICKET_CATEGORIES}). */
  readonly ticketCategories?: readonly SimTicketCategory[];
  /** Grid sub-classes with weights and routing (default {@link SIM_FINDING_CATEGORIES}). */
  readonly findingCategories?: readonly SimFindingCategory[];
  /** The category catalogue the finding decider uses (default: the built-in one of #grid). */
  readonly catalogue?: CategoryCatalogue;
  /** Which days people work and intake is high (default: the built-in calendar of #calendar). */
  readonly calendar?: WorkingCalendar;
  /** When people in the office act on working-clock stages (default 09:00–12:00, 13:00–17:30). */
  readonly officeHours?: OfficeHours;
  /** Overrides of the proportions (see {@link DEFAULT_MIX}). */
  readonly mix?: Partial<SimulationMix>;
}

/** A command the simulator sent was refused by its decider (a simulator bug), or a case's script failed. */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';

  constructor(
    readonly caseId: string,
    readonly at: string,
    readonly stream: string | undefined,
    readonly command: Command | undefined,
    cause: unknown,
  ) {
    const what = command
      ? `${command.type} ${JSON.stringify(command.data)} on ${stream ?? '?'}`
      : 'its script';
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Simulated case ${caseId} at ${at}: ${what} failed: ${why}`, { cause });
  }
}

/** Order of the kinds of work at one instant: intake first, then the card sweep, then cases. */
const RANK = { intake: 0, sweep: 1, ticket: 2, finding: 3, bike: 4 } as const;
const RANK_SPAN = 10_000_000;

type Entry =
  | {
      readonly type: 'intake';
      readonly at: number;
      readonly rank: number;
      readonly seq: number;
      readonly day: number;
    }
  | { readonly type: 'sweep'; readonly at: number; readonly rank: number; readonly seq: number }
  | {
      readonly type: 'case';
      readonly at: number;
      readonly rank: number;
      readonly seq: number;
      readonly caseId: string;
      readonly script: Script;
      readonly action: Action;
    };

/** A binary min-heap on (at, rank, seq): time order, ties broken by kind and case number, then by push order. */
class Agenda {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as Entry, items[parent] as Entry)) break;
      [items[i], items[parent]] = [items[parent] as Entry, items[i] as Entry];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && before(items[l] as Entry, items[m] as Entry)) m = l;
      if (r < items.length && before(items[r] as Entry, items[m] as Entry)) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m] as Entry, items[i] as Entry];
      i = m;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.seq < b.seq;
}

interface StreamRecord {
  readonly aggregate: Aggregate;
  state: unknown;
  /** Events in the stream so far. */
  count: number;
}

function share(name: string, value: number): number {
  if (!(value >= 0 && value <= 1))
    throw new RangeError(`mix.${name} must be a share between 0 and 1, not ${value}`);
  return value;
}

function distribution<K extends string>(
  name: string,
  weights: Readonly<Record<K, number>>,
): Readonly<Record<K, number>> {
  const values = Object.values<number>(weights);
  if (values.some((v) => !(v >= 0)) || !(values.reduce((a, b) => a + b, 0) > 0)) {
    throw new RangeError(`mix.${name} needs non-negative weights that add up to more than 0`);
  }
  return weights;
}

/** The mix with the overrides, every share checked. */
export function resolveMix(overrides: Partial<SimulationMix> = {}): SimulationMix {
  const mix: SimulationMix = { ...DEFAULT_MIX, ...overrides };
  for (const [name, value] of Object.entries(mix) as [string, unknown][]) {
    if (typeof value === 'number') share(name, value);
    else distribution(name, value as Readonly<Record<string, number>>);
  }
  return mix;
}

function rate(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(v >= 0 && Number.isFinite(v)))
    throw new RangeError(`${name} must be a non-negative number, not ${v}`);
  return v;
}

function instant(name: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO instant: ${JSON.stringify(value)}`);
  return Math.floor(ms / 1000) * 1000;
}

/**
 * Simulates the street: a lazy sequence of steps in time order, each one command decided by the real decider of
 * its stream (tickets: libs/hotline; findings, shop cards, bikes: libs/grid) on the in-memory state of that stream.
 * Cases interleave in time through one agenda of (instant, case, next action). A command its decider refuses is a
 * simulator bug: the sequence throws a {@link SimulationError} naming the case and the command.
 */
export function simulateStreet(options: SimulationOptions): Generator<SimulatedStep, void, undefined> {
  return play(options, prepare(options));
}

/** Everything a run needs that follows from the options, checked (a bad option throws at the call). */
interface Setup {
  readonly ids: SimulationIds;
  readonly env: CaseEnv;
  readonly start: number;
  readonly days: number;
  readonly intakeEnd: number;
  readonly horizon: number;
  readonly perDay: Readonly<Record<'ticket' | 'finding' | 'bike', number>>;
  readonly catalogue: CategoryCatalogue;
  readonly clearAfterDays: number;
}

function prepare(options: SimulationOptions): Setup {
  const ids = idsFor(options.seed);
  const start = instant('start', options.start);
  const days = options.days ?? 30;
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number ≥ 0, not ${days}`);
  const intakeEnd = start + days * DAY;
  const horizon =
    options.horizon === undefined ? intakeEnd + DEFAULT_TAIL_DAYS * DAY : instant('horizon', options.horizon);
  const perDay = {
    ticket: rate('ticketsPerDay', options.ticketsPerDay, DEFAULT_TICKETS_PER_DAY),
    finding: rate('findingsPerDay', options.findingsPerDay, DEFAULT_FINDINGS_PER_DAY),
    bike: rate('bikesPerDay', options.bikesPerDay, DEFAULT_BIKES_PER_DAY),
  };
  const shops = rate('shops', options.shops, DEFAULT_SHOPS);
  const mix = resolveMix(options.mix);
  const demo = options.units === undefined || options.grids === undefined ? demoStreetDirectory() : undefined;
  const street = new Street(
    options.units ?? demo?.units ?? [],
    options.grids ?? demo?.grids ?? [],
    Math.floor(shops),
  );
  const catalogue = options.catalogue ?? DEFAULT_CATEGORY_CATALOGUE;
  const findingCategories = options.findingCategories ?? SIM_FINDING_CATEGORIES;
  checkFindingCategories(findingCategories, catalogue);
  const ticketCategories = options.ticketCategories ?? SIM_TICKET_CATEGORIES;
  if (ticketCategories.length === 0)
    throw new RangeError('The simulation needs at least one ticket category');
  const time = new StreetTime(
    options.calendar ?? WorkingCalendar.builtIn(),
    options.officeHours ?? DEFAULT_OFFICE_HOURS,
  );
  const hotlineRules = { ...DEFAULT_HOTLINE_RULES, ...options.hotlineRules };
  const clearAfterDays = options.shopCardRules?.clearAfterDays ?? DEFAULT_SHOP_CARD_RULES.clearAfterDays;
  const env: CaseEnv = {
    ids,
    mix,
    time,
    street,
    ticketCategories,
    findingCategories,
    catalogue,
    hotlineDeadlines: options.hotlineDeadlines,
    extensionTotalWorkingDays: hotlineRules.extensionTotalWorkingDays,
    maxFindingExtensionDays:
      options.findingRules?.maxExtensionWorkingDays ?? DEFAULT_FINDING_RULES.maxExtensionWorkingDays,
  };
  return { ids, env, start, days, intakeEnd, horizon, perDay, catalogue, clearAfterDays };
}

function* play(options: SimulationOptions, setup: Setup): Generator<SimulatedStep, void, undefined> {
  const { ids, env, start, days, intakeEnd, horizon, perDay, catalogue, clearAfterDays } = setup;
  const { time } = env;
  const streams = new Map<string, StreamRecord>();
  const agenda = new Agenda();
  let seq = 0;
  const counters = { ticket: 0, finding: 0, bike: 0 };

  const initial = (aggregate: Aggregate): unknown => {
    switch (aggregate) {
      case 'ticket':
        return ticketDecider.initialState();
      case 'finding':
        return findingDecider.initialState();
      case 'shop':
        return shopCardDecider.initialState();
      case 'bike':
        return bikeDecider.initialState();
    }
  };
  const recordOf = (aggregate: Aggregate, stream: string): StreamRecord => {
    let record = streams.get(stream);
    if (record === undefined) {
      record = { aggregate, state: initial(aggregate), count: 0 };
      streams.set(stream, record);
    }
    return record;
  };

  /** Runs the command through the stream's decider and folds the events in with its evolve. */
  const decide = (aggregate: Aggregate, command: Command, state: unknown, now: Date) => {
    switch (aggregate) {
      case 'ticket': {
        const context = { now, deadlines: options.hotlineDeadlines, rules: options.hotlineRules };
        const events = ticketDecider.decide(command as TicketCommand, state as TicketState, context);
        return { events, state: events.reduce(ticketDecider.evolve, state as TicketState) };
      }
      case 'finding': {
        const context = { now, deadlines: options.gridDeadlines, catalogue, rules: options.findingRules };
        const events = findingDecider.decide(command as FindingCommand, state as FindingState, context);
        return { events, state: events.reduce(findingDecider.evolve, state as FindingState) };
      }
      case 'shop': {
        const context = { now, rules: options.shopCardRules };
        const events = shopCardDecider.decide(command as ShopCardCommand, state as ShopCardState, context);
        return { events, state: events.reduce(shopCardDecider.evolve, state as ShopCardState) };
      }
      case 'bike': {
        const context = { now, deadlines: options.gridDeadlines, rules: options.bikeRules };
        const events = bikeDecider.decide(command as BikeCommand, state as BikeState, context);
        return { events, state: events.reduce(bikeDecider.evolve, state as BikeState) };
      }
    }
  };

  const execute = (caseId: string, action: CommandAction): SimulatedStep => {
    const { aggregate, stream, actor, command } = action;
    const at = iso(action.at);
    const record = recordOf(aggregate, stream);
    let decided: { events: readonly DomainEvent[]; state: unknown };
    try {
      decided = decide(aggregate, command, record.state, new Date(action.at));
    } catch (error) {
      throw new SimulationError(caseId, at, stream, command, error);
    }
    if (decided.events.length === 0) {
      throw new SimulationError(
        caseId,
        at,
        stream,
        command,
        new Error('the decider answered with no events'),
      );
    }
    const step: SimulatedStep = {
      at,
      stream,
      expectedRevision: record.count === 0 ? 'no-stream' : record.count - 1,
      actor: copyActor(actor),
      command,
      events: decided.events,
    };
    record.state = decided.state;
    record.count += decided.events.length;
    return step;
  };

  /** Resumes a case's script and puts its next action on the agenda (never before `now`). */
  const advance = (caseId: string, rank: number, script: Script, now: number, input?: unknown): void => {
    let next: IteratorResult<Action, void>;
    try {
      next = input === undefined ? script.next() : script.next(input);
    } catch (error) {
      if (error instanceof SimulationError) throw error;
      throw new SimulationError(caseId, iso(now), undefined, undefined, error);
    }
    if (next.done) return;
    const action = { ...next.value, at: Math.max(now, next.value.at) };
    agenda.push({ type: 'case', at: action.at, rank, seq: seq++, caseId, script, action });
  };

  const intakeOf = (day: number): void => {
    const dayStart = start + day * DAY;
    const dayEnd = Math.min(dayStart + DAY, intakeEnd);
    const kinds = [
      { kind: 'ticket', hourly: TICKET_HOURLY_INTAKE, script: ticketScript, idOf: ids.ticketId },
      { kind: 'finding', hourly: FINDING_HOURLY_INTAKE, script: findingScript, idOf: ids.findingId },
      { kind: 'bike', hourly: BIKE_HOURLY_INTAKE, script: bikeScript, idOf: ids.bikeId },
    ] as const;
    for (const { kind, hourly, script, idOf } of kinds) {
      if (perDay[kind] === 0) continue;
      const rng = new Rng(ids.seed, 'intake', kind, day);
      const total = hourly.reduce((a, b) => a + b, 0);
      const arrivals: number[] = [];
      for (let slot = dayStart; slot < dayEnd; slot += HOUR) {
        const factor = time.isWorkingDayAt(slot) ? WORKDAY_INTAKE_FACTOR : OFFDAY_INTAKE_FACTOR;
        const weight = (hourly[time.hourOf(slot)] ?? 0) / total;
        const width = Math.min(HOUR, dayEnd - slot);
        const count = rng.poisson((perDay[kind] * factor * weight * width) / HOUR);
        for (let i = 0; i < count; i += 1)
          arrivals.push(slot + Math.floor((rng.next() * width) / 1000) * 1000);
      }
      arrivals.sort((a, b) => a - b);
      for (const arrival of arrivals) {
        counters[kind] += 1;
        const n = counters[kind];
        advance(idOf(n), RANK[kind] * RANK_SPAN + n, script(env, n, arrival), arrival);
      }
    }
    if (day + 1 < days)
      agenda.push({ type: 'intake', at: dayEnd, rank: RANK.intake, seq: seq++, day: day + 1 });
  };

  /** The nightly sweep (03:00 after each start day): clears the shop cards that saw enough clean days. */
  function* sweep(now: number): Generator<SimulatedStep, void, undefined> {
    for (const [stream, record] of streams) {
      if (record.aggregate !== 'shop') continue;
      const card = record.state as ShopCardState;
      if (card.status === 'none' || card.level === 'none') continue;
      if (now - Date.parse(card.lastIncidentAt) < clearAfterDays * DAY) continue;
      const command: ShopCardCommand = { type: 'ClearExpiredCard', data: {} };
      yield execute(stream, {
        kind: 'command',
        at: now,
        aggregate: 'shop',
        stream,
        actor: CARD_SWEEPER,
        command,
      });
    }
  }

  if (days > 0) agenda.push({ type: 'intake', at: start, rank: RANK.intake, seq: seq++, day: 0 });
  agenda.push({ type: 'sweep', at: start + 3 * HOUR, rank: RANK.sweep, seq: seq++ });

  for (let entry = agenda.pop(); entry !== undefined; entry = agenda.pop()) {
    if (entry.at > horizon) break;
    switch (entry.type) {
      case 'intake':
        intakeOf(entry.day);
        break;
      case 'sweep':
        yield* sweep(entry.at);
        // Keep sweeping while cases are open; stop once only sweeps are left.
        if (agenda.size > 0) agenda.push({ type: 'sweep', at: entry.at + DAY, rank: RANK.sweep, seq: seq++ });
        break;
      case 'case': {
        const { action, caseId } = entry;
        if (action.kind === 'peek') {
          advance(
            caseId,
            entry.rank,
            entry.script,
            entry.at,
            recordOf(action.aggregate, action.stream).state,
          );
          break;
        }
        const step = execute(caseId, action);
        advance(caseId, entry.rank, entry.script, entry.at, recordOf(action.aggregate, action.stream).state);
        yield step;
        break;
      }
    }
  }
}

function copyActor(actor: SimActor): SimActor {
  return actor.unitId === undefined
    ? { id: actor.id, role: actor.role }
    : { id: actor.id, role: actor.role, unitId: actor.unitId };
}
