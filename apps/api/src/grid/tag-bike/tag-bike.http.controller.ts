import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandAnswer } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { newId, runGridCommand } from '../grid-http.js';
import { TagBikeRequest } from './tag-bike.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('bikes')
@Roles('inspector', 'dispatcher')
@Controller('bikes')
export class TagBikeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({
    summary: '张贴告知: a notice on a badly parked or abandoned bike starts the notice period (201)',
  })
  async tag(
    @Body() body: TagBikeRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const bikeId = newId('bike', req);
    const { location, photos, ...rest } = body;
    const data = {
      ...rest,
      bikeId,
      location: { lat: location.lat, lng: location.lng },
      photos: photos ?? [],
    };
    const answer = await runGridCommand(
      this.commands,
      { kind: 'bike', id: bikeId, command: { type: 'TagBike', data } },
      req,
      reply,
    );
    reply.status(answer.replayed ? 200 : 201);
    reply.header('location', `/api/v1/bikes/${bikeId}`);
    return answer;
  }
}
