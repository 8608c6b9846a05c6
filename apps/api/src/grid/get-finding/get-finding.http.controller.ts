import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../../http/http-types.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { GetFindingQuery } from './get-finding.query.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('findings')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('findings')
export class GetFindingController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A finding: status, category, deadlines, feedback, checks, rework count, history',
  })
  async get(
    @Param('id') id: string,
    @Req() request: WithPrincipal,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const finding = await this.queries.execute<GetFindingQuery, { revision: number }>(
      new GetFindingQuery(id, request.principal),
    );
    reply.header('etag', `"${finding.revision}"`);
    return finding;
  }
}
