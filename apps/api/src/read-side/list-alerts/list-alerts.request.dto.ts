import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../page.query.js';

export const ALERT_STATUSES = ['open', 'all'] as const;
export const ALERT_KINDS = ['warning', 'overdue', 'supervision', 'repeated', 'units'] as const;
export const CASE_TYPES = ['ticket', 'finding'] as const;

/** GET /alerts: open or all alerts, by kind, unit, grid and case type, newest first. */
export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, default: 'open', description: 'open: not cleared yet' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({
    enum: ALERT_KINDS,
    description: '预警 warning, 超期 overdue, 督办 supervision, and the escalations repeated / units',
  })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: (typeof ALERT_KINDS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  gridId?: string;

  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES)
  caseType?: (typeof CASE_TYPES)[number];
}
