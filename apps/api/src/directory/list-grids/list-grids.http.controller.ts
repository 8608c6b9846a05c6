import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Grid, GridLevel } from '#directory';
import { RequestValidationError } from '../../http/validation.js';
import { ListGridsQuery } from './list-grids.query.js';
import { ALL_ROLES, Roles } from '../../auth/roles.decorator.js';

@ApiTags('directory')
@Roles(...ALL_ROLES)
@Controller('grids')
export class ListGridsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The grids of the street with their inspectors' })
  @ApiQuery({ name: 'level', required: false, enum: ['unit', 'comprehensive'] })
  list(@Query() query: Record<string, unknown>): Promise<{ items: Grid[] }> {
    const { level, ...unknown } = query;
    const errors = [
      ...(level === undefined || level === 'unit' || level === 'comprehensive'
        ? []
        : [{ field: 'level', message: 'level must be unit or comprehensive' }]),
      ...Object.keys(unknown).map((field) => ({ field, message: `property ${field} should not exist` })),
    ];
    if (errors.length > 0) throw new RequestValidationError(errors);
    return this.queries.execute(new ListGridsQuery(level as GridLevel | undefined));
  }
}
