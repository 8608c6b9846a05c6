import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../../http/http-types.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { GetTicketQuery } from './get-ticket.query.js';
import { TicketViewResponse } from './ticket-view.response.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('tickets')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('tickets')
export class GetTicketController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A ticket as the caller sees it: fields, stages with their state, the actions the caller may take now, ' +
      'contacts, callbacks, compliance, history',
  })
  @ApiOkResponse({ type: TicketViewResponse, description: 'The ETag header is the revision' })
  async get(
    @Param('id') id: string,
    @Req() request: WithPrincipal,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<TicketViewResponse> {
    const ticket = await this.queries.execute<GetTicketQuery, TicketViewResponse>(
      new GetTicketQuery(id, request.principal),
    );
    reply.header('etag', `"${ticket.revision}"`);
    return ticket;
  }
}
