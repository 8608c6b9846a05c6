import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, UUID_PATTERN } from '#core';
import type { CommandResult } from '#event-store';
import { type TicketCommand, type TicketEvent, type TicketState, ticketRouteRoles } from '#hotline';
import { answer, type CommandAnswer, commandMetaFrom } from '../http/command-context.js';
import { type HttpReply, type HttpRequest } from '../http/http-types.js';
import { CloseTicketRequest } from './close-ticket/close-ticket.request.dto.js';
import { DecideExclusionRequest } from './decide-exclusion/decide-exclusion.request.dto.js';
import { DecideExtensionRequest } from './decide-extension/decide-extension.request.dto.js';
import { DecideUpstreamExtensionRequest } from './decide-upstream-extension/decide-upstream-extension.request.dto.js';
import { DispatchTicketRequest } from './dispatch-ticket/dispatch-ticket.request.dto.js';
import { ParkTicketRequest } from './park-ticket/park-ticket.request.dto.js';
import { RecordCallbackRequest } from './record-callback/record-callback.request.dto.js';
import { RecordContactRequest } from './record-contact/record-contact.request.dto.js';
import { ReopenTicketRequest } from './reopen-ticket/reopen-ticket.request.dto.js';
import { ReplyUpstreamRequest } from './reply-upstream/reply-upstream.request.dto.js';
import { RequestExclusionRequest } from './request-exclusion/request-exclusion.request.dto.js';
import { RequestExtensionRequest } from './request-extension/request-extension.request.dto.js';
import { ReturnTicketRequest } from './return-ticket/return-ticket.request.dto.js';
import { ReviewReplyRequest } from './review-reply/review-reply.request.dto.js';
import { RunTicketCommand } from './run-ticket-command/run-ticket-command.command.js';
import { SubmitReplyRequest } from './submit-reply/submit-reply.request.dto.js';
import { SuperviseTicketRequest } from './supervise-ticket/supervise-ticket.request.dto.js';
import { UrgeTicketRequest } from './urge-ticket/urge-ticket.request.dto.js';
import { actorUnitOf } from '../auth/principal.js';
import { RolesOf } from '../auth/roles.decorator.js';

/**
 * The lifecycle of a 12345 ticket after intake (docs/api.md): one route per use case, each mapping its request
 * DTO (in the use case's folder) to a domain command that the generic runner applies.
 */
@ApiTags('tickets')
@Controller('tickets/:id')
export class TicketLifecycleController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RolesOf(ticketRouteRoles('sign'))
  @Post('sign')
  @HttpCode(200)
  @ApiOperation({ summary: '签收 (dispatcher)' })
  sign(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) reply: HttpReply) {
    return this.run(id, { type: 'SignTicket', data: {} }, req, reply);
  }

  @RolesOf(ticketRouteRoles('dispatch'))
  @Post('dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: '派遣 to a unit of the directory, with co-handling units (dispatcher)' })
  dispatch(
    @Param('id') id: string,
    @Body() body: DispatchTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const data = {
      unitId: body.unitId,
      coUnitIds: body.coUnitIds ?? [],
      ...(body.note ? { note: body.note } : {}),
    };
    return this.run(id, { type: 'DispatchTicket', data }, req, reply);
  }

  @RolesOf(ticketRouteRoles('accept'))
  @Post('accept')
  @HttpCode(200)
  @ApiOperation({
    summary: '接单 by the unit it was dispatched to (a handler of that unit)',
  })
  accept(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) reply: HttpReply) {
    const unitId = actorUnitOf(req) ?? '';
    return this.run(id, { type: 'AcceptTicket', data: { unitId } }, req, reply);
  }

  @RolesOf(ticketRouteRoles('return'))
  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: '回退 to the center (handler) or 退单 upstream (dispatcher, upstream: true)' })
  returnTicket(
    @Param('id') id: string,
    @Body() body: ReturnTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const unitId = actorUnitOf(req);
    const data = { reason: body.reason, upstream: body.upstream ?? false, ...(unitId ? { unitId } : {}) };
    return this.run(id, { type: 'ReturnTicket', data }, req, reply);
  }

  @RolesOf(ticketRouteRoles('contacts'))
  @Post('contacts')
  @HttpCode(200)
  @ApiOperation({ summary: 'An attempt to contact the citizen: 先行联系 or before the reply (handler)' })
  contact(
    @Param('id') id: string,
    @Body() body: RecordContactRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'RecordContact', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('extension-requests'))
  @Post('extension-requests')
  @HttpCode(200)
  @ApiOperation({ summary: '延期申请, only before the due time (handler)' })
  requestExtension(
    @Param('id') id: string,
    @Body() body: RequestExtensionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'RequestExtension', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('extension-decision'))
  @Post('extension-decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject the pending extension (dispatcher, supervisor)' })
  decideExtension(
    @Param('id') id: string,
    @Body() body: DecideExtensionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'DecideExtension', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('upstream-extension-decision'))
  @Post('upstream-extension-decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The district's answer to a forwarded extension (integration): a grant moves the district's deadline and " +
      "the unit's extended one with it; the handler then tells the citizen the new date (extension-notice)",
  })
  decideUpstreamExtension(
    @Param('id') id: string,
    @Body() body: DecideUpstreamExtensionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const data = {
      granted: body.granted,
      reason: body.reason,
      ...(body.dueAt === undefined ? {} : { dueAt: body.dueAt }),
    };
    return this.run(id, { type: 'DecideUpstreamExtension', data }, req, reply);
  }

  @RolesOf(ticketRouteRoles('reply'))
  @Post('reply')
  @HttpCode(200)
  @ApiOperation({ summary: '提交答复 (handler)' })
  submitReply(
    @Param('id') id: string,
    @Body() body: SubmitReplyRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'SubmitReply', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('review'))
  @Post('review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review of the reply by the center (dispatcher)' })
  review(
    @Param('id') id: string,
    @Body() body: ReviewReplyRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ReviewReply', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('callbacks'))
  @Post('callbacks')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '回访: the street callback (dispatcher) or the 12345 result (integration), which may rate efficiency, ' +
      'attitude and result (ratings)',
  })
  callback(
    @Param('id') id: string,
    @Body() body: RecordCallbackRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const { ratings, ...rest } = body;
    const data = { ...rest, ...(ratings ? { ratings: { ...ratings } } : {}) };
    return this.run(id, { type: 'RecordCallback', data }, req, reply);
  }

  @RolesOf(ticketRouteRoles('reply-upstream'))
  @Post('reply-upstream')
  @HttpCode(200)
  @ApiOperation({ summary: '办结: the reply goes to the district (dispatcher)' })
  replyUpstream(
    @Param('id') id: string,
    @Body() body: ReplyUpstreamRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ReplyUpstream', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('reopen'))
  @Post('reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: '重办 / 督办 / 回访复核 with a new 3-working-day stage (integration, supervisor)',
  })
  reopen(
    @Param('id') id: string,
    @Body() body: ReopenTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ReopenTicket', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('urge'))
  @Post('urge')
  @HttpCode(200)
  @ApiOperation({ summary: '催办 (supervisor)' })
  urge(
    @Param('id') id: string,
    @Body() body: UrgeTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'UrgeTicket', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('supervise'))
  @Post('supervise')
  @HttpCode(200)
  @ApiOperation({ summary: '督办, with its own deadline (supervisor)' })
  supervise(
    @Param('id') id: string,
    @Body() body: SuperviseTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'SuperviseTicket', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('park'))
  @Post('park')
  @HttpCode(200)
  @ApiOperation({ summary: '挂账 with a written explanation (dispatcher, supervisor)' })
  park(
    @Param('id') id: string,
    @Body() body: ParkTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ParkTicket', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('close'))
  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: '结案 (dispatcher, supervisor)' })
  close(
    @Param('id') id: string,
    @Body() body: CloseTicketRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'CloseTicket', data: body }, req, reply);
  }

  @RolesOf(ticketRouteRoles('exclusion-requests'))
  @Post('exclusion-requests')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '考核剔除: ask to take the ticket out of chosen rates of the assessment, in any status (a handler of the ' +
      'lead unit, dispatcher); 409 while a request is pending or once one was approved',
  })
  requestExclusion(
    @Param('id') id: string,
    @Body() body: RequestExclusionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const data = { kind: body.kind, reason: body.reason, rates: [...body.rates] };
    return this.run(id, { type: 'RequestExclusion', data }, req, reply);
  }

  @RolesOf(ticketRouteRoles('exclusion-decision'))
  @Post('exclusion-decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject the pending 考核剔除 request (supervisor)' })
  decideExclusion(
    @Param('id') id: string,
    @Body() body: DecideExclusionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const data = { approved: body.approved, ...(body.note ? { note: body.note } : {}) };
    return this.run(id, { type: 'DecideExclusion', data }, req, reply);
  }

  private async run(
    id: string,
    command: TicketCommand,
    req: HttpRequest,
    reply: HttpReply,
  ): Promise<CommandAnswer> {
    if (!UUID_PATTERN.test(id))
      throw new DomainError('TICKET.NOT_FOUND', 'not-found', `No ticket ${id}`, { ticketId: id });
    const result = await this.commands.execute<RunTicketCommand, CommandResult<TicketEvent, TicketState>>(
      new RunTicketCommand(id, command, commandMetaFrom(req)),
    );
    return answer(reply, id, result);
  }
}
