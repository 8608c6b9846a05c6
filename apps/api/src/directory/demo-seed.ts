import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { demoStreetCommands } from '#directory';
import { AppConfig, JsonLogger } from '#platform';
import { DirectoryService } from './directory.service.js';

/**
 * Demo mode: registers the demo street on boot. Every command is idempotent (the same registration again
 * is nothing new), so restarts and several API processes seed it once.
 */
@Injectable()
export class DemoDirectorySeed implements OnApplicationBootstrap {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const meta = { actor: { id: 'demo-seed', role: 'system' }, correlationId: 'demo-seed' };
    let written = 0;
    for (const command of demoStreetCommands()) {
      const result = await this.directory.run(command, meta, 'demo-seed');
      written += result.replayed ? 0 : result.events.length;
    }
    const { units, grids } = await this.directory.state();
    this.logger.event(
      'info',
      'demo street ready',
      { units: units.size, grids: grids.size, written },
      'DemoSeed',
    );
  }
}
