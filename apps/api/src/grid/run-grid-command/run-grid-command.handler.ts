import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WriteSide } from '#commands';
import type { DomainEvent } from '#core';
import type { CommandResult } from '#event-store';
import { RunGridCommand } from './run-grid-command.command.js';

@CommandHandler(RunGridCommand)
export class RunGridCommandHandler implements ICommandHandler<
  RunGridCommand,
  CommandResult<DomainEvent, unknown>
> {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  execute({ target, meta }: RunGridCommand): Promise<CommandResult<DomainEvent, unknown>> {
    switch (target.kind) {
      case 'finding':
        return this.writeSide.grid.runFinding(target.id, target.command, meta);
      case 'bike':
        return this.writeSide.grid.runBike(target.id, target.command, meta);
      case 'shop':
        return this.writeSide.grid.runShop(target.id, target.command, meta);
    }
  }
}
