export * from './projection.js';
export * from './projection-runner.js';
export * from './redis-projection-store.js';
export * from './projections/finding-board.projection.js';
export * from './projections/grid-rates.projection.js';
export * from './projections/hotline-rates.projection.js';
export * from './projections/ticket-board.projection.js';
export * from './registry.js';
