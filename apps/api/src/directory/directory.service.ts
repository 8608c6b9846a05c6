import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#core';
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
}
