import { PageQuery } from '../page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { TICKET_STATUSES, TICKET_TYPES, type TicketStatus, type TicketType } from '#hotline';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const ID = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Filters of GET /tickets (docs/api.md) and cursor paging. */
export class ListTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ description: 'Lead or co-handling unit' })
  @IsOptional()
  @Matches(ID, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'gridId must be a grid id' })
  gridId?: string;

  @ApiPropertyOptional({ enum: TICKET_TYPES })
  @IsOptional()
  @IsIn(TICKET_TYPES)
  type?: TicketType;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only tickets whose open stage is past its due time',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Received at or after (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Received before (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Text in the title or the 12345 number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
