import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { WriteSide } from '#commands';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '#core';
import type { BikeCommand } from '#grid';
import type { CommandAnswer } from '../../http/command-context.js';
import { historyOf } from '../../http/history.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { ensureUuid, runGridCommand } from '../grid-http.js';
import { BikeNoteRequest, DisposeBikeRequest, RemoveBikeRequest } from './bike.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { maySee } from '../../auth/scope.js';

/** 非机动车待清运 after tagging: removal after the notice period, claim within the window, disposal after it. */
@ApiTags('bikes')
@Controller('bikes/:id')
export class BikeController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(WriteSide) private readonly writeSide: WriteSide,
  ) {}

  @Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
  @Get()
  @ApiOperation({ summary: 'A bike: status, notice and claim deadlines, history' })
  async get(
    @Param('id') id: string,
    @Req() request: WithPrincipal,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    ensureUuid('bike', id);
    const { events, state } = await this.writeSide.grid.readBike(id);
    // A bike lies in a grid and is dispatched to no unit: an inspector sees those of its grids, a handler none.
    if (state.status === 'none' || !maySee(request.principal, { gridId: state.gridId }))
      throw new DomainError('BIKE.NOT_FOUND', 'not-found', `No bike ${id}`, { bikeId: id });
    reply.header('etag', `"${events.length - 1}"`);
    return { ...state, revision: events.length - 1, history: historyOf(events) };
  }

  @Roles('inspector', 'dispatcher')
  @Post('remove')
  @HttpCode(200)
  @ApiOperation({ summary: '清运 to a storage point, after the notice period' })
  remove(
    @Param('id') id: string,
    @Body() body: RemoveBikeRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'RemoveBike', data: body }, req, reply);
  }

  @Roles('inspector', 'dispatcher')
  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: '认领 by the owner within the claim window' })
  claim(
    @Param('id') id: string,
    @Body() body: BikeNoteRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ClaimBike', data: body }, req, reply);
  }

  @Roles('dispatcher', 'supervisor')
  @Post('dispose')
  @HttpCode(200)
  @ApiOperation({ summary: '处置 after the claim window' })
  dispose(
    @Param('id') id: string,
    @Body() body: DisposeBikeRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'DisposeBike', data: body }, req, reply);
  }

  @Roles('inspector', 'dispatcher')
  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner moved the bike during the notice period' })
  resolve(
    @Param('id') id: string,
    @Body() body: BikeNoteRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ResolveBike', data: body }, req, reply);
  }

  private run(id: string, command: BikeCommand, req: HttpRequest, reply: HttpReply): Promise<CommandAnswer> {
    ensureUuid('bike', id);
    return runGridCommand(this.commands, { kind: 'bike', id, command }, req, reply);
  }
}
