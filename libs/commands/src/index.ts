export * from './command-call.js';
export * from './deadline-alerts.js';
export * from './grid-commands.js';
export * from './ids.js';
export * from './reference-commands.js';
export * from './reference-data.js';
export * from './ticket-commands.js';
export * from './write-side.js';
