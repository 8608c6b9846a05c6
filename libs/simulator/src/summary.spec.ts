import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import { calendarGridDeadlinePolicy } from '#grid';
import { calendarDeadlinePolicy } from '#hotline';
import { simulateStreet } from './simulate.js';
import { SimulationCounter, simulationSummary } from './summary.js';

const calendar = WorkingCalendar.builtIn();

describe('simulationSummary', () => {
  const steps = [
    ...simulateStreet({
      seed: 8,
      start: '2026-03-02T00:00:00+08:00',
      days: 4,
      ticketsPerDay: 30,
      findingsPerDay: 20,
      bikesPerDay: 2,
      hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
      gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
    }),
  ];

  it('counts steps, events, streams and statuses consistently', () => {
    const summary = simulationSummary(steps);
    expect(summary.steps).toBe(steps.length);
    expect(summary.events).toBe(steps.reduce((sum, step) => sum + step.events.length, 0));
    expect(Object.values(summary.eventTypes).reduce((a, b) => a + b, 0)).toBe(summary.events);
    expect(Object.values(summary.commands).reduce((a, b) => a + b, 0)).toBe(summary.steps);
    expect(summary.tickets).toBe(summary.commands.ReceiveTicket);
    expect(summary.findings).toBe(summary.commands.ReportFinding);
    expect(summary.bikes).toBe(summary.commands.TagBike);
    expect(Object.values(summary.ticketStatuses).reduce((a, b) => a + b, 0)).toBe(summary.tickets);
    expect(summary.firstAt).toBe(steps[0]?.at);
    expect(summary.lastAt).toBe(steps[steps.length - 1]?.at);
    expect(summary.stagesFinished).toBe(
      Object.values(summary.stages).reduce((sum, c) => sum + c.finished, 0),
    );
    expect(summary.stages.TicketSigned?.finished).toBe(summary.eventTypes.TicketSigned);
    expect(summary.stages.ReplySubmitted?.finished).toBe(summary.eventTypes.ReplySubmitted);
  });

  it('counts the same step by step as all at once', () => {
    const counter = new SimulationCounter();
    for (const step of steps) counter.add(step);
    expect(counter.summary()).toEqual(simulationSummary(steps));
    expect(JSON.stringify(counter.summary())).toBe(JSON.stringify(simulationSummary(steps)));
  });

  it('is empty for no steps', () => {
    expect(simulationSummary([])).toMatchObject({ steps: 0, events: 0, tickets: 0, stagesFinished: 0 });
  });
});
