import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Unit } from '#directory';
import { DirectoryService } from '../directory.service.js';
import { ListUnitsQuery } from './list-units.query.js';

@QueryHandler(ListUnitsQuery)
export class ListUnitsHandler implements IQueryHandler<ListUnitsQuery, { items: Unit[] }> {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  async execute({ includeInactive }: ListUnitsQuery): Promise<{ items: Unit[] }> {
    const { units } = await this.directory.state();
    const items = [...units.values()].filter((unit) => includeInactive || unit.active);
    return { items: items.sort((a, b) => a.unitId.localeCompare(b.unitId)) };
  }
}
