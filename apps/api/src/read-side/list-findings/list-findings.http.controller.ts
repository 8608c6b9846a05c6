import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '#core';
import { findingStream } from '#grid';
import { type FindingBoardDoc, findingBoardProjection } from '#read-models';
import { DirectoryService } from '../../directory/directory.service.js';
import { headerOf, type HttpRequest } from '../../http/http-types.js';
import { type BoardPage, boardPage } from '../board-page.js';
import { ReadModelsService } from '../read-models.service.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { maySee } from '../../auth/scope.js';
import { ListFindingsQuery } from './list-findings.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/** The finding board (read model in Redis): filters, an inspector's task list, newest first, cursor paging. */
@ApiTags('findings')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('findings')
export class ListFindingsController {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Findings by status, grid, unit, source, overdue; assignedTo=me for an inspector',
  })
  async list(
    @Query() query: ListFindingsQuery,
    @Req() req: HttpRequest,
  ): Promise<BoardPage<FindingBoardDoc>> {
    const now = this.clock.now().getTime();
    const principal = (req as WithPrincipal).principal;
    // An inspector's grids come from its token; without one (AUTH_MODE=off), from the directory by X-Actor-Id.
    const myGrids =
      query.assignedTo !== 'me'
        ? undefined
        : principal
          ? [...principal.gridIds]
          : [...(await this.directory.state()).grids.values()]
              .filter((grid) => grid.inspectorIds.includes(headerOf(req, 'x-actor-id') ?? ''))
              .map((grid) => grid.gridId);
    const index =
      myGrids?.length === 1
        ? `inspector-task:${myGrids[0]}`
        : query.status !== undefined
          ? `status:${query.status}`
          : query.gridId !== undefined
            ? `grid:${query.gridId}`
            : query.unitId !== undefined
              ? `unit:${query.unitId}`
              : principal?.role === 'handler' && principal.unitId
                ? `unit:${principal.unitId}`
                : myGrids !== undefined || query.overdue === 'true'
                  ? 'open'
                  : 'all';
    const keep = (doc: FindingBoardDoc): boolean => {
      const overdue = doc.deadline !== null && Date.parse(doc.deadline.dueAt) < now;
      return (
        maySee(principal, { unitId: doc.unitId, gridId: doc.gridId }) &&
        (myGrids === undefined ||
          (myGrids.includes(doc.gridId) && (doc.status === 'reported' || doc.status === 'handled'))) &&
        (query.status === undefined || doc.status === query.status) &&
        (query.gridId === undefined || doc.gridId === query.gridId) &&
        (query.unitId === undefined || doc.unitId === query.unitId) &&
        (query.source === undefined || doc.source === query.source) &&
        (query.overdue === undefined || overdue === (query.overdue === 'true'))
      );
    };
    return boardPage<FindingBoardDoc>(this.readModels, findingBoardProjection, {
      index,
      keep,
      streamOf: findingStream,
      limit: query.limit ?? 20,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.minPosition === undefined ? {} : { minPosition: query.minPosition }),
    });
  }
}
