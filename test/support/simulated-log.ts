import { createHash } from 'node:crypto';
import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import type { EventStore } from '#event-store';
import { calendarGridDeadlinePolicy } from '#grid';
import { calendarDeadlinePolicy } from '#hotline';
import { type SimulatedStep, type SimulationOptions, simulateStreet } from '#simulator';

/** The deadline policies of the built-in calendar and the default SLA rules, as the API uses them. */
export function builtInPolicies(): Pick<SimulationOptions, 'hotlineDeadlines' | 'gridDeadlines'> {
  const calendar = WorkingCalendar.builtIn();
  return {
    hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
    gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
  };
}

/** A stable event id for the n-th event of a simulated step (so two runs of one seed store the same ids). */
const eventId = (stream: string, revision: number): string => {
  const hex = createHash('sha256').update(`${stream}#${revision}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Appends one simulated step as its actor would have, at the revision it was decided on. */
export async function appendStep(store: EventStore, step: SimulatedStep): Promise<void> {
  const first = step.expectedRevision === 'no-stream' ? 0 : step.expectedRevision + 1;
  await store.append(
    step.stream,
    step.events.map((event, i) => ({
      id: eventId(step.stream, first + i),
      type: event.type,
      data: event.data,
      metadata: {
        correlationId: `sim:${step.stream}:${first + i}`,
        causationId: `sim:${step.command.type}`,
        actor: step.actor,
        source: 'simulator',
        schemaVersion: 1,
      },
    })),
    { expectedRevision: step.expectedRevision },
  );
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
