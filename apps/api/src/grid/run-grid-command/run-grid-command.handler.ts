import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DomainEvent } from '#core';
import type { CommandResult } from '#event-store';
import { GridService } from '../grid.service.js';
import { RunGridCommand } from './run-grid-command.command.js';

@CommandHandler(RunGridCommand)
export class RunGridCommandHandler implements ICommandHandler<RunGridCommand, CommandResult<DomainEvent>> {
  constructor(@Inject(GridService) private readonly grid: GridService) {}

  execute({ target, meta }: RunGridCommand): Promise<CommandResult<DomainEvent>> {
    switch (target.kind) {
      case 'finding':
        return this.grid.runFinding(target.id, target.command, meta);
      case 'bike':
        return this.grid.runBike(target.id, target.command, meta);
      case 'shop':
        return this.grid.runShop(target.id, target.command, meta);
    }
  }
}
