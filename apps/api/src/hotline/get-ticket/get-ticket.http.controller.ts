import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../../http/http-types.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { GetTicketQuery } from './get-ticket.query.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('tickets')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('tickets')
export class GetTicketController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'A ticket: state, stage deadlines, contacts, callbacks, compliance, history' })
  async get(
    @Param('id') id: string,
    @Req() request: WithPrincipal,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const ticket = await this.queries.execute<GetTicketQuery, { revision: number }>(
      new GetTicketQuery(id, request.principal),
    );
    reply.header('etag', `"${ticket.revision}"`);
    return ticket;
  }
}
