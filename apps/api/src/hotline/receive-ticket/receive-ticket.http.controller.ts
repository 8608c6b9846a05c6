import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { ReceiveTicketCommand } from './receive-ticket.command.js';
import type { ReceiveTicketOutcome } from './receive-ticket.handler.js';
import { ReceiveTicketRequest } from './receive-ticket.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('tickets')
@Roles('integration', 'dispatcher')
@Controller('tickets')
export class ReceiveTicketController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({
    summary:
      'Intake of a 12345 ticket (201); the same ticket again answers 200 with its id, other content 409',
  })
  async receive(
    @Body() body: ReceiveTicketRequest,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const outcome = await this.commands.execute<ReceiveTicketCommand, ReceiveTicketOutcome>(
      new ReceiveTicketCommand(body, commandMetaFrom(request)),
    );
    reply.status(outcome.created ? 201 : 200);
    reply.header('location', `/api/v1/tickets/${outcome.ticketId}`);
    return answer(reply, outcome.ticketId, outcome.result);
  }
}
