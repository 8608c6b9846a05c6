import { DEFAULT_OFFICE_HOURS, DEFAULT_SLA_RULES, shanghaiDayAndTime, WorkingCalendar } from '#calendar';
import { canonicalJson, type Command, type DomainEvent } from '#core';
import {
  bikeDecider,
  calendarGridDeadlinePolicy,
  findingDecider,
  type GridDeadlinePolicy,
  shopCardDecider,
  SHOP_CARD_CATEGORY,
} from '#grid';
import { fakeGridDeadlinePolicy } from '#grid/testing/fake-deadline-policy';
import { calendarDeadlinePolicy, type DeadlinePolicy, type TicketReceived, ticketDecider } from '#hotline';
import { fakeDeadlinePolicy } from '#hotline/testing/fake-deadline-policy';
import { hashOf } from './random.js';
import { SimulationError, type SimulationOptions, simulateStreet } from './simulate.js';
import type { SimulatedStep } from './step.js';
import { SIM_FINDING_CATEGORIES } from './street.js';

const calendar = WorkingCalendar.builtIn();
const policies = {
  hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
  gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
};
const START = '2026-03-02T00:00:00+08:00';

const run = (options: Partial<SimulationOptions> & { seed: number }): SimulatedStep[] => [
  ...simulateStreet({ start: START, ...policies, ...options }),
];

/** A fingerprint of the steps: a hash per step's canonical JSON, folded. */
function fingerprint(steps: readonly SimulatedStep[]): string {
  let h = 0;
  for (const step of steps) h = hashOf(h, canonicalJson(step));
  return `${steps.length}:${h.toString(16)}`;
}

interface AnyDecider {
  initialState(): unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  decide(command: Command, state: unknown, context: { now: Date }): readonly DomainEvent[];
}

/** The real decider of a stream, with the context the simulator gives it. */
function deciderOf(
  stream: string,
  deadlines: { hotline: DeadlinePolicy; grid: GridDeadlinePolicy },
): { decider: AnyDecider; context: (now: Date) => { now: Date } } {
  const kind = stream.slice(0, stream.indexOf('-'));
  switch (kind) {
    case 'ticket':
      return {
        decider: ticketDecider,
        context: (now) => ({ now, deadlines: deadlines.hotline }),
      };
    case 'finding':
      return {
        decider: findingDecider,
        context: (now) => ({ now, deadlines: deadlines.grid }),
      };
    case 'shop':
      return { decider: shopCardDecider, context: (now) => ({ now }) };
    case 'bike':
      return {
        decider: bikeDecider,
        context: (now) => ({ now, deadlines: deadlines.grid }),
      };
    default:
      throw new Error(`No decider for the stream ${stream}`);
  }
}

/**
 * Replays every step as the command runner would: fold the stream's earlier events with the decider's evolve, decide
 * the step's command at the step's time, and compare with the events the step recorded.
 */
function replay(
  steps: readonly SimulatedStep[],
  deadlines: { hotline: DeadlinePolicy; grid: GridDeadlinePolicy },
): Map<string, unknown> {
  const states = new Map<string, { state: unknown; count: number }>();
  for (const step of steps) {
    const { decider, context } = deciderOf(step.stream, deadlines);
    const known = states.get(step.stream) ?? { state: decider.initialState(), count: 0 };
    expect(step.expectedRevision).toBe(known.count === 0 ? 'no-stream' : known.count - 1);
    const events = decider.decide(step.command, known.state, context(new Date(step.at)));
    expect(events).toEqual(step.events);
    let state = known.state;
    for (const event of step.events) state = decider.evolve(state, event);
    states.set(step.stream, { state, count: known.count + step.events.length });
  }
  return new Map([...states].map(([stream, { state }]) => [stream, state]));
}

describe('simulateStreet', () => {
  const small = { days: 5, ticketsPerDay: 30, findingsPerDay: 20, bikesPerDay: 2 } as const;

  it('gives the same steps for the same seed and other steps for another seed', () => {
    const a = run({ seed: 11, ...small });
    const b = run({ seed: 11, ...small });
    const c = run({ seed: 12, ...small });
    expect(a.length).toBeGreaterThan(500);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(a.map((step) => canonicalJson(step))).toEqual(b.map((step) => canonicalJson(step)));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
    // Two seeds never share a stream or a 工单编号.
    const streamsOf = (steps: SimulatedStep[]) => new Set(steps.map((step) => step.stream));
    const numbersOf = (steps: SimulatedStep[]) =>
      new Set(
        steps
          .flatMap((s) => s.events.filter((e) => e.type === 'TicketReceived'))
          .map((e) => (e as TicketReceived).data.ticketNo),
      );
    expect([...streamsOf(a)].filter((stream) => streamsOf(c).has(stream))).toEqual([]);
    expect([...numbersOf(a)].filter((no) => numbersOf(c).has(no))).toEqual([]);
  });

  describe('a ten-day run on the real calendar', () => {
    let steps: SimulatedStep[];
    beforeAll(() => {
      steps = run({ seed: 5, days: 10, ticketsPerDay: 40, findingsPerDay: 30, bikesPerDay: 2 });
    });

    it('steps in time order, each with at least one event and the revision its stream had', () => {
      expect(steps.length).toBeGreaterThan(2000);
      for (let i = 1; i < steps.length; i += 1) {
        expect(Date.parse((steps[i] as SimulatedStep).at)).toBeGreaterThanOrEqual(
          Date.parse((steps[i - 1] as SimulatedStep).at),
        );
      }
      for (const step of steps) expect(step.events.length).toBeGreaterThan(0);
      const kinds = new Set(steps.map((step) => step.stream.slice(0, step.stream.indexOf('-'))));
      expect([...kinds].sort()).toEqual(['bike', 'finding', 'shop', 'ticket']);
    });

    it('every command is accepted again by its decider, and every stream replays with its evolve', () => {
      const states = replay(steps, { hotline: policies.hotlineDeadlines, grid: policies.gridDeadlines });
      for (const [stream, state] of states) {
        expect({ stream, status: (state as { status: string }).status }).not.toEqual({
          stream,
          status: 'none',
        });
      }
    });

    it('keeps personal data out of the events: callers are vault subjects with masked numbers', () => {
      const text = JSON.stringify(steps.map((step) => step.events));
      expect(text).not.toMatch(/1[3-9]\d{9}/);
      const callers = steps
        .flatMap((step) => step.events)
        .filter((event): event is TicketReceived => event.type === 'TicketReceived')
        .map((event) => event.data.caller);
      expect(callers.length).toBeGreaterThan(300);
      for (const caller of callers) {
        expect(caller?.subjectId).toMatch(/^sim-5-p\d+$/);
        expect(caller?.phoneMasked).toMatch(/^\*{7}\d{4}$/);
      }
      expect(callers.some((caller) => caller?.confidential)).toBe(true);
    });

    it('has the office act in office hours on normal tickets', () => {
      const urgent = new Set(
        steps
          .flatMap((step) => step.events)
          .filter((event): event is TicketReceived => event.type === 'TicketReceived')
          .filter((event) => event.data.urgency === 'urgent')
          .map((event) => `ticket-${event.data.ticketId}`),
      );
      const office = steps.filter(
        (step) =>
          step.stream.startsWith('ticket-') &&
          !urgent.has(step.stream) &&
          ['SignTicket', 'DispatchTicket', 'AcceptTicket', 'SubmitReply', 'ReviewReply'].includes(
            step.command.type,
          ),
      );
      const inHours = office.filter((step) => {
        const at = new Date(step.at);
        const { msOfDay } = shanghaiDayAndTime(at);
        return (
          calendar.isWorkingDay(at) &&
          DEFAULT_OFFICE_HOURS.spans.some(([open, close]) => msOfDay >= open && msOfDay < close)
        );
      });
      expect(inHours.length / office.length).toBeGreaterThan(0.95);
    });
  });

  it('runs with the deciders’ fake deadline policies too', () => {
    const fakes = { hotline: fakeDeadlinePolicy(), grid: fakeGridDeadlinePolicy() };
    const steps = [
      ...simulateStreet({
        seed: 9,
        start: START,
        ...small,
        hotlineDeadlines: fakes.hotline,
        gridDeadlines: fakes.grid,
      }),
    ];
    expect(steps.length).toBeGreaterThan(500);
    replay(steps, fakes);
  });

  it('stops at the horizon and leaves the cases open there', () => {
    const horizon = '2026-03-07T00:00:00+08:00';
    const steps = run({ seed: 3, ...small, horizon });
    expect(Date.parse(steps[steps.length - 1]?.at ?? '')).toBeLessThanOrEqual(Date.parse(horizon));
    const last = new Map<string, string>();
    for (const step of steps) for (const event of step.events) last.set(step.stream, event.type);
    const tickets = [...last].filter(([stream]) => stream.startsWith('ticket-'));
    const open = tickets.filter(([, type]) => !['TicketClosed', 'TicketReturnedUpstream'].includes(type));
    expect(open.length / tickets.length).toBeGreaterThan(0.3);
    // The same run without a horizon has these steps first.
    const full = run({ seed: 3, ...small });
    expect(full.slice(0, steps.length).map((step) => canonicalJson(step))).toEqual(
      steps.map((step) => canonicalJson(step)),
    );
  });

  it('keeps a case’s story when the other kinds of work around it change', () => {
    const ticketSteps = (steps: SimulatedStep[]) =>
      steps.filter((step) => step.stream.startsWith('ticket-')).map((step) => canonicalJson(step));
    expect(ticketSteps(run({ seed: 4, ...small, findingsPerDay: 0, bikesPerDay: 0 }))).toEqual(
      ticketSteps(run({ seed: 4, ...small })),
    );
  });

  it('throws a SimulationError naming the case and the command when a decider refuses it', () => {
    const shopCards = SIM_FINDING_CATEGORIES.filter(
      (c) => c.code === SHOP_CARD_CATEGORY.code && c.kind === SHOP_CARD_CATEGORY.kind,
    );
    const broken = () =>
      run({
        seed: 2,
        days: 3,
        ticketsPerDay: 0,
        bikesPerDay: 0,
        findingsPerDay: 40,
        findingCategories: shopCards,
        shopCardRules: { yellowAfterViolations: 0 },
      });
    expect(broken).toThrow(SimulationError);
    try {
      broken();
    } catch (error) {
      expect(error).toBeInstanceOf(SimulationError);
      const failure = error as SimulationError;
      expect(failure.caseId).toMatch(/^sim-2-f\d+$/);
      expect(failure.command?.type).toBe('RecordViolation');
      expect(failure.message).toContain(failure.caseId);
      expect(failure.message).toContain('RecordViolation');
    }
  });

  it('sweeps lapsed shop cards as a system actor', () => {
    const shopCards = SIM_FINDING_CATEGORIES.filter(
      (c) => c.code === SHOP_CARD_CATEGORY.code && c.kind === SHOP_CARD_CATEGORY.kind,
    );
    const steps = run({
      seed: 6,
      days: 10,
      ticketsPerDay: 0,
      bikesPerDay: 0,
      findingsPerDay: 20,
      findingCategories: shopCards,
      shopCardRules: { clearAfterDays: 3 },
    });
    const sweeps = steps.filter((step) => step.command.type === 'ClearExpiredCard');
    expect(sweeps.length).toBeGreaterThan(0);
    for (const sweep of sweeps) {
      expect(sweep.actor).toEqual({ id: 'card-sweeper', role: 'system' });
      expect(sweep.events.map((event) => event.type)).toEqual(['CardCleared']);
    }
  });

  it('checks its options', () => {
    // Checked at the call, before the first step is asked for.
    const call = (options: Partial<SimulationOptions>) => () =>
      simulateStreet({ seed: 1, start: START, ...policies, ...options });
    expect(call({ seed: -1 })).toThrow(RangeError);
    expect(call({ start: 'yesterday' })).toThrow(RangeError);
    expect(call({ days: -1 })).toThrow(RangeError);
    expect(call({ ticketsPerDay: -5 })).toThrow(RangeError);
    expect(call({ mix: { urgentShare: 1.5 } })).toThrow(RangeError);
    expect(
      call({ mix: { hotlineSatisfaction: { satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0 } } }),
    ).toThrow(RangeError);
    expect(call({ units: [], grids: [] })).toThrow(RangeError);
  });
});
