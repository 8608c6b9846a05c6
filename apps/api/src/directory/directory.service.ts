import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#core';
import {
  DIRECTORY_STREAM,
  type DirectoryCommand,
  type DirectoryEvent,
  directoryDecider,
  type DirectoryState,
} from '#directory';
import { type CommandResult, EventStore, runCommand } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';

/**
 * The directory stream: commands through the generic runner, and its state folded from the stream.
 * The fold is cached and only the events after the cached revision are read again.
 */
@Injectable()
export class DirectoryService {
  private cached: { revision: number; state: DirectoryState } = {
    revision: -1,
    state: directoryDecider.initialState(),
  };

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  run(command: DirectoryCommand, meta: CommandMeta, source = 'http'): Promise<CommandResult<DirectoryEvent>> {
    return runCommand(this.store, {
      stream: DIRECTORY_STREAM,
      decider: directoryDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      metadata: {
        correlationId: meta.correlationId,
        causationId: meta.correlationId,
        actor: meta.actor,
        source,
      },
      ...(meta.expectedRevision === undefined ? {} : { expectedRevision: meta.expectedRevision }),
      ...(meta.idempotencyKey === undefined ? {} : { idempotencyKey: meta.idempotencyKey }),
    });
  }

  async state(): Promise<DirectoryState> {
    const newer = await this.store.readStream(DIRECTORY_STREAM, { fromRevision: this.cached.revision + 1 });
    if (newer.length === 0) return this.cached.state;
    let { state } = this.cached;
    for (const event of newer) state = directoryDecider.evolve(state, event as unknown as DirectoryEvent);
    const last = newer[newer.length - 1];
    if (last) this.cached = { revision: last.revision, state };
    return state;
  }
}
