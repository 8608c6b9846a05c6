import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandAnswer } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { Clock } from '#core';
import { newId, runGridCommand } from '../grid-http.js';
import { ReportFindingRequest } from './report-finding.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('findings')
@Roles('inspector', 'dispatcher', 'integration')
@Controller('findings')
export class ReportFindingController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({
    summary: '信息采集: an inspector, a citizen, a camera or a ticket reports a problem (201)',
  })
  async report(
    @Body() body: ReportFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const findingId = newId('finding', req);
    const { location, category, photos, foundAt, ...rest } = body;
    const answer = await runGridCommand(
      this.commands,
      {
        kind: 'finding',
        id: findingId,
        command: {
          type: 'ReportFinding',
          data: {
            ...rest,
            findingId,
            category: { ...category },
            location: { lat: location.lat, lng: location.lng },
            photos: photos ?? [],
            foundAt: foundAt ?? this.clock.now().toISOString(),
          },
        },
      },
      req,
      reply,
    );
    reply.status(answer.replayed ? 200 : 201);
    reply.header('location', `/api/v1/findings/${findingId}`);
    return answer;
  }
}
