import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import { ConcurrencyError, type EventStore } from '#event-store';
import { calendarGridDeadlinePolicy } from '#grid';
import { calendarDeadlinePolicy } from '#hotline';
import { type SimulatedStep, simulateStreet, stepEventsToAppend } from '#simulator';

/** What the demo console shows: a few weeks of the demo street ending now. */
export interface DemoCasesOptions {
  /** The end of the simulated weeks (no step after it): normally now. */
  readonly now: Date;
  readonly days?: number;
  readonly ticketsPerDay?: number;
  readonly findingsPerDay?: number;
  readonly seed?: number;
}

/** The simulated steps of the demo street, each decided by the real deciders on the built-in calendar. */
export function demoSteps(options: DemoCasesOptions): Iterable<SimulatedStep> {
  const days = options.days ?? 21;
  const calendar = WorkingCalendar.builtIn();
  // Intake starts at a midnight (Asia/Shanghai) `days` days before now; no step after now.
  const startMs = options.now.getTime() - days * 86_400_000;
  const shanghaiMidnight = new Date(startMs + 8 * 3_600_000).toISOString().slice(0, 10);
  return simulateStreet({
    seed: options.seed ?? 2026,
    start: `${shanghaiMidnight}T00:00:00+08:00`,
    days,
    horizon: options.now.toISOString(),
    ticketsPerDay: options.ticketsPerDay ?? 30,
    findingsPerDay: options.findingsPerDay ?? 15,
    hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
    gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
  });
}

/**
 * Demo mode: appends simulated tickets and findings (with their whole histories up to now) unless the log already
 * holds a ticket, so the console has cases on screen. Answers the number of events written.
 */
export async function seedDemoCases(store: EventStore, options: DemoCasesOptions): Promise<number> {
  const existing = await store.readAll({ limit: 1, categories: ['ticket'] });
  if (existing.events.length > 0) return 0;
  const pending = new Map<string, Promise<void>>();
  let written = 0;
  // A stream the worker wrote to meanwhile (a deadline alert of the seeded past): its later steps are left out.
  const interrupted = new Set<string>();
  const appendStep = async (step: SimulatedStep): Promise<void> => {
    if (interrupted.has(step.stream)) return;
    await store
      .append(step.stream, stepEventsToAppend(step, 'demo'), { expectedRevision: step.expectedRevision })
      .catch((error: unknown) => {
        if (!(error instanceof ConcurrencyError)) throw error;
        interrupted.add(step.stream);
        return undefined;
      });
    if (!interrupted.has(step.stream)) written += step.events.length;
  };
  // Streams are written concurrently (the store commits them in groups), each stream's steps in order.
  let inFlight: Promise<void>[] = [];
  for (const step of demoSteps(options)) {
    const next = (pending.get(step.stream) ?? Promise.resolve()).then(() => appendStep(step));
    pending.set(step.stream, next);
    inFlight.push(next);
    if (inFlight.length >= 256) {
      await Promise.all(inFlight);
      inFlight = [];
      pending.clear();
    }
  }
  await Promise.all(inFlight);
  return written;
}
