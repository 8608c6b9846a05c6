export * from './canonical-json.js';
export * from './clock.js';
export * from './command.js';
export * from './decider.js';
export * from './errors.js';
export * from './event.js';
export * from './stage-alerts.js';
