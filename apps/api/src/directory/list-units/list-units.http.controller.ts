import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Unit } from '#directory';
import { ListUnitsQuery } from './list-units.query.js';
import { ALL_ROLES, Roles } from '../../auth/roles.decorator.js';

@ApiTags('directory')
@Roles(...ALL_ROLES)
@Controller('units')
export class ListUnitsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The units of the street, with their kind and the categories they handle' })
  @ApiQuery({ name: 'includeInactive', required: false, type: Boolean })
  list(@Query('includeInactive') includeInactive?: string): Promise<{ items: Unit[] }> {
    return this.queries.execute(new ListUnitsQuery(includeInactive === 'true'));
  }
}
