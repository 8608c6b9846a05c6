import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '#event-store';
import type { DirectoryEvent } from '#directory';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { RegisterGridCommand } from './register-grid.command.js';
import { RegisterGridRequest } from './register-grid.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('directory')
@Roles('admin')
@Controller('grids')
export class RegisterGridController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register a unit or comprehensive grid (admin); the same data again changes nothing',
  })
  async register(
    @Body() body: RegisterGridRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute<RegisterGridCommand, CommandResult<DirectoryEvent>>(
      new RegisterGridCommand(body, commandMetaFrom(request)),
    );
    return answer(reply, body.gridId, result);
  }
}
