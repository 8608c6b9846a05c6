export * from './config.js';
export * from './credentials/credential-store.js';
export * from './event-store.factory.js';
export * from './logger.js';
export * from './platform.module.js';
export * from './redis.js';
export * from './vault/personal-data-vault.js';
export * from './process.js';
