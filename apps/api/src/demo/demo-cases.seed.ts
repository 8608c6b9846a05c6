import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '#core';
import { EventStore } from '#event-store';
import { AppConfig, JsonLogger } from '#platform';
import { seedDemoCases } from './demo-cases.js';

/**
 * Demo cases for the console: with DEMO=true and DEMO_CASES=true (`npm start` sets both unless told otherwise), three
 * weeks of simulated tickets and findings of the demo street ending now, written once per data directory (nothing
 * when the log already holds a ticket). Tests leave DEMO_CASES unset and start from an empty log.
 */
@Injectable()
export class DemoCasesSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo || !this.config.demoCases) return;
    const started = Date.now();
    try {
      const written = await seedDemoCases(this.store, { now: this.clock.now() });
      if (written > 0) {
        this.logger.event(
          'info',
          'demo cases seeded',
          { events: written, ms: Date.now() - started },
          'DemoSeed',
        );
      }
    } catch (error) {
      // Another API process seeding the same data directory at once: it wins, this one leaves it.
      this.logger.event('warn', 'demo cases not seeded', { error: (error as Error).message }, 'DemoSeed');
    }
  }
}
