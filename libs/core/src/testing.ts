export * from './testing/decider-spec.js';
