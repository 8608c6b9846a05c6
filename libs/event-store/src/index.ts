export * from './command-runner.js';
export * from './errors.js';
export * from './event-id.js';
export * from './event-store.port.js';
export * from './in-memory/in-memory-event-store.js';
export * from './position.js';
export * from './sqlite/sqlite-event-store.js';
export * from './stream-fold.js';
