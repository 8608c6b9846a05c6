import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Grid } from '#directory';
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
  list(@Query('level') level?: string): Promise<{ items: Grid[] }> {
    if (level !== undefined && level !== 'unit' && level !== 'comprehensive') {
      throw new RequestValidationError([{ field: 'level', message: 'level must be unit or comprehensive' }]);
    }
    return this.queries.execute(new ListGridsQuery(level));
  }
}
