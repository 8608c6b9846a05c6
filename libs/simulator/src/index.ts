export { idsFor, MAX_CASES, MAX_SEED, type SimulationIds } from './ids.js';
export * from './mix.js';
export { hashOf, Rng } from './random.js';
export { resolveMix, SimulationError, type SimulationOptions, simulateStreet } from './simulate.js';
export type { SimActor, SimulatedStep } from './step.js';
export {
  demoStreetDirectory,
  type Routing,
  SIM_FINDING_CATEGORIES,
  SIM_TICKET_CATEGORIES,
  type SimFindingCategory,
  type SimTicketCategory,
} from './street.js';
export { SimulationCounter, type SimulationSummary, simulationSummary, type StageCount } from './summary.js';
export { stepEventsToAppend, type StepEventToAppend } from './append.js';
