export * from './calendar-deadline-policy.js';
export * from './compliance.js';
export * from './deadline-policy.js';
export * from './ticket.commands.js';
export * from './ticket.decider.js';
export * from './ticket.errors.js';
export * from './ticket.events.js';
export * from './ticket.stream.js';
