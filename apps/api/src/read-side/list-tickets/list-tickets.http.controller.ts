import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, isUnitLevel } from '#core';
import { ticketStream } from '#hotline';
import { type TicketBoardDoc, ticketBoardProjection } from '#read-models';
import { type BoardPage, boardPage } from '../board-page.js';
import { ReadModelsService } from '../read-models.service.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { maySee } from '../../auth/scope.js';
import { ListTicketsQuery } from './list-tickets.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/** The ticket board (read model in Redis, kept by the worker): filters of docs/api.md, newest first, cursor paging. */
@ApiTags('tickets')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('tickets')
export class ListTicketsController {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Tickets by status, unit, grid, type, overdue, received period and text; cursor paging',
  })
  async list(
    @Query() query: ListTicketsQuery,
    @Req() request: WithPrincipal,
  ): Promise<BoardPage<TicketBoardDoc>> {
    const principal = request.principal;
    const now = this.clock.now().getTime();
    const from = query.from === undefined ? undefined : Date.parse(query.from);
    const to = query.to === undefined ? undefined : Date.parse(query.to);
    const text = query.q?.toLowerCase();
    const index =
      query.status !== undefined
        ? `status:${query.status}`
        : query.unitId !== undefined
          ? `unit:${query.unitId}`
          : principal?.role === 'handler' && principal.unitId
            ? `unit:${principal.unitId}`
            : query.gridId !== undefined
              ? `grid:${query.gridId}`
              : query.type !== undefined
                ? `type:${query.type}`
                : query.overdue === 'true'
                  ? 'open'
                  : 'all';
    const keep = (doc: TicketBoardDoc): boolean => {
      const received = Date.parse(doc.receivedAt);
      const overdue = doc.deadline !== null && Date.parse(doc.deadline.dueAt) < now;
      return (
        maySee(principal, { unitId: doc.unitId, coUnitIds: doc.coUnitIds, gridId: doc.gridId }) &&
        (query.status === undefined || doc.status === query.status) &&
        (query.unitId === undefined || doc.unitId === query.unitId || doc.coUnitIds.includes(query.unitId)) &&
        (query.gridId === undefined || doc.gridId === query.gridId) &&
        (query.type === undefined || doc.type === query.type) &&
        (query.overdue === undefined || overdue === (query.overdue === 'true')) &&
        (from === undefined || received >= from) &&
        (to === undefined || received < to) &&
        (text === undefined ||
          doc.title.toLowerCase().includes(text) ||
          doc.ticketNo.toLowerCase().includes(text))
      );
    };
    const page = await boardPage<TicketBoardDoc>(this.readModels, ticketBoardProjection, {
      index,
      keep,
      streamOf: ticketStream,
      limit: query.limit ?? 20,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.minPosition === undefined ? {} : { minPosition: query.minPosition }),
    });
    if (!isUnitLevel(principal?.role)) return page;
    // 是否保密: the units' and grids' staff do not even see the masked number of a confidential caller.
    return {
      ...page,
      items: page.items.map((doc) => (doc.confidential ? { ...doc, phoneMasked: null } : doc)),
    };
  }
}
