import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../../http/http-types.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { GetFindingQuery } from './get-finding.query.js';
import { FindingViewResponse } from './finding-view.response.js';
import { Roles } from '../../auth/roles.decorator.js';

@ApiTags('findings')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('findings')
export class GetFindingController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A finding as the caller sees it: status, category, stages with their state, the actions the caller may ' +
      'take now, feedback, counts, history',
  })
  @ApiOkResponse({ type: FindingViewResponse, description: 'The ETag header is the revision' })
  async get(
    @Param('id') id: string,
    @Req() request: WithPrincipal,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<FindingViewResponse> {
    const finding = await this.queries.execute<GetFindingQuery, FindingViewResponse>(
      new GetFindingQuery(id, request.principal),
    );
    reply.header('etag', `"${finding.revision}"`);
    return finding;
  }
}
