import { Inject, Injectable } from '@nestjs/common';
import { WriteSide } from '#commands';
import type { DirectoryCommand, DirectoryEvent, DirectoryState } from '#directory';
import type { CommandResult } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';

/** The directory stream through the write side: its commands, and its state read fresh (sign-in, token checks). */
@Injectable()
export class DirectoryService {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  run(
    command: DirectoryCommand,
    meta: CommandMeta,
    source = 'http',
  ): Promise<CommandResult<DirectoryEvent, DirectoryState>> {
    return this.writeSide.directory.run(command, { ...meta, source });
  }

  state(): Promise<DirectoryState> {
    return this.writeSide.directory.state();
  }
}
