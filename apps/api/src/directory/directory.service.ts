import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError } from '#core';
import {
  DIRECTORY_STREAM,
  type DirectoryCommand,
  type DirectoryEvent,
  directoryDecider,
  type DirectoryState,
} from '#directory';
import { CachedStreamFold, type CommandResult, EventStore, runCommand } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';
import { runOptionsFrom } from '../http/run-options.js';

/** The directory stream: commands through the generic runner, and its state folded (and cached) from the stream. */
@Injectable()
export class DirectoryService {
  private readonly fold: CachedStreamFold<DirectoryState, DirectoryEvent>;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.fold = new CachedStreamFold(store, DIRECTORY_STREAM, directoryDecider);
  }

  run(command: DirectoryCommand, meta: CommandMeta, source = 'http'): Promise<CommandResult<DirectoryEvent>> {
    return runCommand(this.store, {
      stream: DIRECTORY_STREAM,
      decider: directoryDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      ...runOptionsFrom(meta, source),
    });
  }

  state(): Promise<DirectoryState> {
    return this.fold.refresh();
  }

  /** Refuses (422, with the caller's code) a unit that is not in the directory or no longer active. */
  async requireActiveUnit(unitId: string, code: string): Promise<void> {
    const { units } = await this.state();
    if (units.get(unitId)?.active !== true) {
      throw new DomainError(code, 'rule', `No active unit ${unitId} in the directory`, { unitId });
    }
  }

  /** Refuses (422, with the caller's code) a grid that is not in the directory. */
  async requireGrid(gridId: string, code: string): Promise<void> {
    const { grids } = await this.state();
    if (!grids.has(gridId))
      throw new DomainError(code, 'rule', `No grid ${gridId} in the directory`, { gridId });
  }
}
