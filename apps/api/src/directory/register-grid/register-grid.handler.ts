import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '#event-store';
import type { DirectoryEvent } from '#directory';
import { DirectoryService } from '../directory.service.js';
import { RegisterGridCommand } from './register-grid.command.js';

@CommandHandler(RegisterGridCommand)
export class RegisterGridHandler implements ICommandHandler<
  RegisterGridCommand,
  CommandResult<DirectoryEvent>
> {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  execute({ request, meta }: RegisterGridCommand): Promise<CommandResult<DirectoryEvent>> {
    return this.directory.run({ type: 'RegisterGrid', data: request }, meta);
  }
}
