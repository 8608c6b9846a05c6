import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '#event-store';
import type { CallerRef, TicketEvent } from '#hotline';
import { PersonalDataVault } from '#platform';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { RunTicketCommand } from '../run-ticket-command/run-ticket-command.command.js';
import { maskPhone } from '../ticket-id.js';
import { MergeCallRequest } from './merge-call.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/** 并单: a repeat or duplicate call joins a ticket; its caller is kept (in the vault) beside the first caller. */
@ApiTags('tickets')
@Roles('integration', 'dispatcher')
@Controller('tickets/:id')
export class MergeCallController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  @Post('merge')
  @HttpCode(200)
  @ApiOperation({ summary: '并单: merge a repeat call into this ticket, keeping its caller (dispatcher)' })
  async merge(
    @Param('id') id: string,
    @Body() body: MergeCallRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    let caller: CallerRef | undefined;
    if (body.caller) {
      const { name, phone, confidential } = body.caller;
      const subjectId = await this.vault.store({
        ...(name === undefined ? {} : { name }),
        ...(phone === undefined ? {} : { phone }),
      });
      caller = { subjectId, confidential, ...(phone === undefined ? {} : { phoneMasked: maskPhone(phone) }) };
    }
    const data = {
      callTicketNo: body.callTicketNo,
      receivedAt: body.receivedAt,
      ...(caller ? { caller } : {}),
      ...(body.note === undefined ? {} : { note: body.note }),
    };
    try {
      const result = await this.commands.execute<RunTicketCommand, CommandResult<TicketEvent>>(
        new RunTicketCommand(id, { type: 'MergeCall', data }, commandMetaFrom(req)),
      );
      // A call merged before keeps its first caller entry; this one would be an orphan.
      if (caller && result.events.length === 0) await this.vault.erase(caller.subjectId, new Date());
      return answer(reply, id, result);
    } catch (error) {
      if (caller) await this.vault.erase(caller.subjectId, new Date());
      throw error;
    }
  }
}
