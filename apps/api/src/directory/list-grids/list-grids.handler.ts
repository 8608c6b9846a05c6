import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Grid } from '#directory';
import { DirectoryService } from '../directory.service.js';
import { ListGridsQuery } from './list-grids.query.js';

@QueryHandler(ListGridsQuery)
export class ListGridsHandler implements IQueryHandler<ListGridsQuery, { items: Grid[] }> {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  async execute({ level }: ListGridsQuery): Promise<{ items: Grid[] }> {
    const { grids } = await this.directory.state();
    const items = [...grids.values()].filter((grid) => level === undefined || grid.level === level);
    return { items: items.sort((a, b) => a.gridId.localeCompare(b.gridId)) };
  }
}
