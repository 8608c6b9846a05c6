import { join } from 'node:path';
import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { WriteSide } from '#commands';
import { Clock, SystemClock } from '#core';
import { EventStore } from '#event-store';
import { Redis } from 'ioredis';
import { AppConfig } from './config.js';
import { CredentialStore, SqliteCredentialStore } from './credentials/credential-store.js';
import { createEventStore } from './event-store.factory.js';
import { JsonLogger } from './logger.js';
import { vaultKeyOf } from './private-files.js';
import { createRedis } from './redis.js';
import { PersonalDataVault, SqlitePersonalDataVault } from './vault/personal-data-vault.js';

/** Closes what the platform opened, after Nest has stopped everything that used it. */
@Injectable()
class PlatformResources implements OnApplicationShutdown {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(WriteSide) private readonly writeSide: WriteSide,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.writeSide.stop();
    await this.store.close();
    await this.vault.close();
    await this.credentials.close();
    // QUIT waits for the server's answer; a connection that is down would wait for ever.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
    this.logger.event('info', 'event store and Redis closed', {}, 'Platform');
  }
}

export interface PlatformOptions {
  readonly config: AppConfig;
  /** `api` or `worker`: names the Redis connections and the log lines. */
  readonly service: string;
  readonly logger: JsonLogger;
  /** Override the clock (tests, drills). */
  readonly clock?: Clock;
  /** Use this store instead of opening the configured one (tests). */
  readonly eventStore?: EventStore;
}

/**
 * Configuration, clock, logger, event store, Redis, the personal-data vault, the credential store and the write
 * side for either process; global.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: JsonLogger, useValue: options.logger },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: EventStore,
          useFactory: () => options.eventStore ?? createEventStore(options.config),
        },
        {
          provide: Redis,
          // Queries and health checks fail fast while Redis is down instead of queueing for ever;
          // BullMQ workers open their own connections, which wait (maxRetriesPerRequest: null).
          useFactory: () => createRedis(options.config, options.service, { maxRetriesPerRequest: 1 }),
        },
        {
          provide: PersonalDataVault,
          useFactory: () =>
            new SqlitePersonalDataVault(
              options.config.eventStore === 'memory' ? ':memory:' : join(options.config.dataDir, 'vault.db'),
              vaultKeyOf(options.config),
            ),
        },
        {
          provide: CredentialStore,
          useFactory: () =>
            new SqliteCredentialStore(
              options.config.eventStore === 'memory'
                ? ':memory:'
                : join(options.config.dataDir, 'credentials.db'),
            ),
        },
        {
          // One write side per process, shared by the API's controllers, the worker's reactors and the seeds.
          provide: WriteSide,
          useFactory: async (store: EventStore, clock: Clock) => {
            const writeSide = new WriteSide(store, clock, options.config);
            await writeSide.start();
            return writeSide;
          },
          inject: [EventStore, Clock],
        },
        PlatformResources,
      ],
      exports: [
        AppConfig,
        JsonLogger,
        Clock,
        EventStore,
        Redis,
        PersonalDataVault,
        CredentialStore,
        WriteSide,
      ],
    };
  }
}
