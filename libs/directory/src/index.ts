export * from './demo-street.js';
export * from './directory.decider.js';
export * from './directory.events.js';
