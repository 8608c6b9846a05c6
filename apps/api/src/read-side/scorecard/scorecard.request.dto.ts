import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isPosition } from '#event-store';
import { IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { instantOfIso, isMonth } from './month.js';

/** A month `YYYY-MM`, with the message given. */
function IsMonth(message: string): PropertyDecorator {
  return ValidateBy({ name: 'isMonth', validator: { validate: isMonth, defaultMessage: () => message } });
}

/** An ISO-8601 time with an offset. */
function IsIsoTime(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isIsoTime',
    validator: { validate: (value) => instantOfIso(value) !== undefined, defaultMessage: () => message },
  });
}

/** A log position or an ISO-8601 time with an offset. */
function IsMoment(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isMoment',
    validator: {
      validate: (value) => isPosition(value) || instantOfIso(value) !== undefined,
      defaultMessage: () => message,
    },
  });
}

export const SCORECARD_GROUP_BY = ['unit', 'grid'] as const;
export type ScorecardGroupBy = (typeof SCORECARD_GROUP_BY)[number];

/** GET /stats/scorecard: a month, by unit or grid, live or as of a moment of the log. */
export class ScorecardQuery {
  @ApiProperty({ example: '2026-03', description: 'The month (Asia/Shanghai days)' })
  @IsMonth('month must be a month as in 2026-03')
  month!: string;

  @ApiPropertyOptional({ enum: SCORECARD_GROUP_BY, default: 'unit' })
  @IsOptional()
  @IsIn(SCORECARD_GROUP_BY)
  groupBy?: ScorecardGroupBy;

  @ApiPropertyOptional({
    description: 'A log position as commands return it, or an ISO time: the figures as the log stood then',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @IsMoment('asOf must be a log position or an ISO time with an offset, as in 2026-04-03T00:00:00+08:00')
  asOf?: string;

  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the counts have applied this log position' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  minPosition?: string;
}

/** POST /stats/snapshots: freeze a month's figures at a cut-off (月度通报). */
export class FreezeMonthRequest {
  @ApiProperty({ example: '2026-03' })
  @IsMonth('month must be a month as in 2026-03')
  month!: string;

  @ApiPropertyOptional({
    example: '2026-04-03T00:00:00+08:00',
    description: 'Default: 00:00 Asia/Shanghai of the third working day of the next month',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsIsoTime('cutoff must be an ISO time with an offset, as in 2026-04-03T00:00:00+08:00')
  cutoff?: string;
}
