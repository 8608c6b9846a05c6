import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '#core';
import { type CommandResult, IdempotencyKeyReusedError } from '#event-store';
import {
  callerOf,
  callerSubjectIds,
  type TicketCommand,
  ticketErrors,
  type TicketEvent,
  type TicketState,
} from '#hotline';
import { AppConfig, JsonLogger, PersonalDataVault } from '#platform';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { Roles } from '../../auth/roles.decorator.js';
import { securityEvent } from '../../auth/security-log.js';
import { RunTicketCommand } from '../run-ticket-command/run-ticket-command.command.js';
import { EraseCallerDataRequest } from './erase-caller-data.request.dto.js';
import { RevealCallerContactRequest } from './reveal-caller-contact.request.dto.js';

/** What a reveal shows: the caller of one call, unmasked. */
export interface RevealedCaller {
  readonly callTicketNo: string;
  readonly name: string | null;
  readonly phone: string | null;
}

/**
 * A caller's personal data (docs/domain.md §4): 查看号码 with a recorded reason, and erasure after the retention
 * period. Both are ticket commands, so who saw a number and who erased it is in the ticket's history.
 */
@ApiTags('tickets')
@Controller('tickets/:id/caller')
export class CallerDataController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @Roles('dispatcher', 'supervisor', 'handler')
  @Post('reveal')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "查看号码: a caller's unmasked name and number, for someone who has to call them; recorded as " +
      'CallerContactRevealed (who, when, which call, why) before it is shown. Units: only while handling, never a ' +
      'confidential caller.',
  })
  async reveal(
    @Param('id') id: string,
    @Body() body: RevealCallerContactRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer & { readonly caller: RevealedCaller }> {
    const meta = commandMetaFrom(req);
    const data = {
      reason: body.reason,
      by: meta.actor,
      ...(body.callTicketNo === undefined ? {} : { callTicketNo: body.callTicketNo }),
    };
    const result = await this.run(id, { type: 'RevealCallerContact', data }, meta);
    if (result.replayed) {
      // A replay shows the data again only to the account whose reveal it repeats (the key is bound to the account
      // and the body already; this holds even for events written before keys were bound), and is logged as such.
      const revealed = result.events.find((event) => event.type === 'CallerContactRevealed');
      if (revealed?.type !== 'CallerContactRevealed' || revealed.data.by.id !== meta.actor.id) {
        securityEvent(this.logger, 'idempotency.key-reused', { ticketId: id, account: meta.actor.id });
        throw new IdempotencyKeyReusedError();
      }
    }
    securityEvent(this.logger, result.replayed ? 'caller.reveal-replayed' : 'caller.revealed', {
      ticketId: id,
      account: meta.actor.id,
      role: meta.actor.role,
      unitId: meta.actor.unitId,
    });
    // The ticket as the command left it: no second read.
    const { state } = result;
    if (state.status === 'none') throw ticketErrors.notFound('RevealCallerContact');
    const callTicketNo = body.callTicketNo ?? state.ticketNo;
    const caller = callerOf(state, callTicketNo);
    if (!caller) throw ticketErrors.noCaller(callTicketNo);
    const stored = await this.vault.read(caller.subjectId);
    // Erased between the decision and this read (the view was recorded, nothing is shown).
    if (stored?.status !== 'present') throw ticketErrors.callerErased(state.callerErasedAt ?? 'unknown');
    reply.header('cache-control', 'no-store');
    return {
      ...answer(reply, id, result),
      caller: { callTicketNo, name: stored.data.name ?? null, phone: stored.data.phone ?? null },
    };
  }

  @Roles('admin')
  @Post('erasure')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Erase the callers' personal data once PERSONAL_DATA_RETENTION_DAYS have passed since the ticket ended " +
      '(admin); afterwards every view shows the callers as erased. Repeating it is harmless.',
  })
  async erase(
    @Param('id') id: string,
    @Body() body: EraseCallerDataRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer & { readonly erasedSubjects: number }> {
    const meta = commandMetaFrom(req);
    const data = {
      reason: body.reason,
      retentionDays: this.config.personalDataRetentionDays,
      by: meta.actor,
    };
    const result = await this.run(id, { type: 'EraseCallerData', data }, meta);
    // The event comes first; the vault follows, also on a retry after a crash between the two (erase is idempotent).
    const { state } = result;
    const subjectIds =
      state.status !== 'none' && state.callerErasedAt !== undefined ? callerSubjectIds(state) : [];
    for (const subjectId of subjectIds) await this.vault.erase(subjectId, this.clock.now());
    this.logger.event('info', 'caller data erased', { ticketId: id, subjects: subjectIds.length });
    return { ...answer(reply, id, result), erasedSubjects: subjectIds.length };
  }

  private run(
    id: string,
    command: Extract<TicketCommand, { type: 'RevealCallerContact' | 'EraseCallerData' }>,
    meta: ReturnType<typeof commandMetaFrom>,
  ): Promise<CommandResult<TicketEvent, TicketState>> {
    return this.commands.execute<RunTicketCommand, CommandResult<TicketEvent, TicketState>>(
      new RunTicketCommand(id, command, meta),
    );
  }
}
