import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import type { EventStore } from '#event-store';
import { calendarGridDeadlinePolicy } from '#grid';
import { calendarDeadlinePolicy } from '#hotline';
import { type SimulatedStep, type SimulationOptions, simulateStreet, stepEventsToAppend } from '#simulator';

/** The deadline policies of the built-in calendar and the default SLA rules, as the API uses them. */
export function builtInPolicies(): Pick<SimulationOptions, 'hotlineDeadlines' | 'gridDeadlines'> {
  const calendar = WorkingCalendar.builtIn();
  return {
    hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
    gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
  };
}

/** Appends one simulated step as its actor would have, at the revision it was decided on. */
export async function appendStep(store: EventStore, step: SimulatedStep): Promise<void> {
  await store.append(step.stream, stepEventsToAppend(step, 'simulator'), {
    expectedRevision: step.expectedRevision,
  });
}

/** Simulated steps (seed 7, from 2 March 2026) until at least `events` events; answers the steps taken. */
export function* stepsUntil(
  events: number,
  options: Partial<SimulationOptions> = {},
): Generator<SimulatedStep> {
  let count = 0;
  for (const step of simulateStreet({
    seed: 7,
    start: '2026-03-02T00:00:00+08:00',
    days: 400,
    ticketsPerDay: 120,
    findingsPerDay: 60,
    ...builtInPolicies(),
    ...options,
  })) {
    yield step;
    count += step.events.length;
    if (count >= events) return;
  }
}
