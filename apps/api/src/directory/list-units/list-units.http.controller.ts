import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Unit } from '#directory';
import { RequestValidationError } from '../../http/validation.js';
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
  list(@Query() query: Record<string, unknown>): Promise<{ items: Unit[] }> {
    const { includeInactive, ...unknown } = query;
    const errors = [
      ...(includeInactive === undefined || includeInactive === 'true' || includeInactive === 'false'
        ? []
        : [{ field: 'includeInactive', message: 'includeInactive must be true or false' }]),
      ...Object.keys(unknown).map((field) => ({ field, message: `property ${field} should not exist` })),
    ];
    if (errors.length > 0) throw new RequestValidationError(errors);
    return this.queries.execute(new ListUnitsQuery(includeInactive === 'true'));
  }
}
