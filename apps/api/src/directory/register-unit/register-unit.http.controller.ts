import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '#event-store';
import type { DirectoryEvent } from '#directory';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { RegisterUnitCommand } from './register-unit.command.js';
import { RegisterUnitRequest } from './register-unit.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('directory')
@Roles('admin')
@Controller('units')
export class RegisterUnitController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a level-4 unit (admin); the same data again changes nothing' })
  async register(
    @Body() body: RegisterUnitRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute<RegisterUnitCommand, CommandResult<DirectoryEvent>>(
      new RegisterUnitCommand(body, commandMetaFrom(request)),
    );
    return answer(reply, body.unitId, result);
  }
}
