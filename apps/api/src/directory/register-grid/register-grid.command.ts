import type { CommandMeta } from '../../http/command-context.js';
import type { RegisterGridRequest } from './register-grid.request.dto.js';

export class RegisterGridCommand {
  constructor(
    readonly request: RegisterGridRequest,
    readonly meta: CommandMeta,
  ) {}
}
