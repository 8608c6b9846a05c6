import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '#event-store';
import type { DirectoryEvent } from '#directory';
import { DirectoryService } from '../directory.service.js';
import { RegisterUnitCommand } from './register-unit.command.js';

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<
  RegisterUnitCommand,
  CommandResult<DirectoryEvent>
> {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  execute({ request, meta }: RegisterUnitCommand): Promise<CommandResult<DirectoryEvent>> {
    return this.directory.run(
      { type: 'RegisterUnit', data: { ...request, categories: request.categories ?? [] } },
      meta,
    );
  }
}
