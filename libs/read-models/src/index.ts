export * from './projection.js';
export * from './projection-runner.js';
export * from './redis-projection-store.js';
