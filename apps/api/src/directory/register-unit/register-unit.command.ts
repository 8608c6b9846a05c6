import type { CommandMeta } from '../../http/command-context.js';
import type { RegisterUnitRequest } from './register-unit.request.dto.js';

export class RegisterUnitCommand {
  constructor(
    readonly request: RegisterUnitRequest,
    readonly meta: CommandMeta,
  ) {}
}
