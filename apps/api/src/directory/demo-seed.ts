import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { demoAccountCommands, demoStreetCommands } from '#directory';
import { AppConfig, CredentialStore, JsonLogger } from '#platform';
import { DirectoryService } from './directory.service.js';

/**
 * Demo mode: registers the demo street and its accounts on boot (admin, dispatcher, supervisor, integration, a
 * handler per unit, an inspector per unit grid), each with the password DEMO_PASSWORD. Every command is idempotent
 * (the same registration again is nothing new), so restarts and several API processes seed it once; a password an
 * account already has is left alone.
 * Outside demo mode, BOOTSTRAP_ADMIN_PASSWORD creates the first `admin` when no admin exists yet.
 */
@Injectable()
export class DemoDirectorySeed implements OnApplicationBootstrap {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const meta = { actor: { id: 'demo-seed', role: 'system' }, correlationId: 'demo-seed' };
    if (!this.config.demo) {
      await this.bootstrapAdmin(meta);
      return;
    }
    let written = 0;
    for (const command of [...demoStreetCommands(), ...demoAccountCommands()]) {
      const result = await this.directory.run(command, meta, 'demo-seed');
      written += result.replayed ? 0 : result.events.length;
    }
    const { units, grids, accounts } = await this.directory.state();
    const withoutPassword: string[] = [];
    for (const accountId of accounts.keys()) {
      if (!(await this.credentials.has(accountId))) withoutPassword.push(accountId);
    }
    // One scrypt run for all of them (about 45 accounts): the demo password is public, a hash per account buys nothing.
    await this.credentials.setSharedPassword(withoutPassword, this.config.demoPassword);
    this.logger.event(
      'info',
      'demo street ready',
      { units: units.size, grids: grids.size, accounts: accounts.size, written },
      'DemoSeed',
    );
  }

  private async bootstrapAdmin(meta: { actor: { id: string; role: string }; correlationId: string }) {
    const password = this.config.bootstrapAdminPassword;
    if (password === undefined) return;
    const { accounts } = await this.directory.state();
    if ([...accounts.values()].some((account) => account.role === 'admin')) return;
    await this.directory.run(
      { type: 'RegisterAccount', data: { username: 'admin', displayName: '系统管理员', role: 'admin' } },
      meta,
      'bootstrap',
    );
    await this.credentials.setPassword('admin', password);
    this.logger.event('info', 'first admin account created (BOOTSTRAP_ADMIN_PASSWORD)', {}, 'DemoSeed');
  }
}
