import { PageQuery } from '../page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { FINDING_SOURCES, FINDING_STATUSES, type FindingSource, type FindingStatus } from '#grid';
import { IsIn, IsOptional, Matches } from 'class-validator';

const ID = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Filters of GET /findings (docs/api.md), the inspector's task list (`assignedTo=me`) and cursor paging. */
export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'gridId must be a grid id' })
  gridId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ enum: FINDING_SOURCES })
  @IsOptional()
  @IsIn(FINDING_SOURCES)
  source?: FindingSource;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['me'],
    description: "An inspector's task list: verifications and checks in their grids",
  })
  @IsOptional()
  @IsIn(['me'])
  assignedTo?: 'me';
}
