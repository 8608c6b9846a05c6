import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDay } from '../http/validators.js';

/** Paging and freshness of every list read from a board: `limit`, `cursor`, `minPosition`. */
export class PageQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the read model has applied this log position' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  minPosition?: string;
}

/** The period of a statistics query: Asia/Shanghai days, both inclusive, and freshness. */
export class StatsPeriodQuery {
  @ApiProperty({ example: '2026-03-01', description: 'First day (Asia/Shanghai), inclusive' })
  @IsCalendarDay('from must be a day as in 2026-03-01')
  from!: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description: 'Last day (Asia/Shanghai), inclusive; at most 366 days',
  })
  @IsCalendarDay('to must be a day as in 2026-03-31')
  to!: string;

  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the counts have applied this log position' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  minPosition?: string;
  @ApiPropertyOptional({
    description:
      'The figures as the log stood at a moment: a log position as commands answer it (`position`), or an ISO ' +
      'time with an offset (events recorded then or before). Without it, the figures now.',
    examples: { position: { value: '4711' }, time: { value: '2026-04-03T00:00:00+08:00' } },
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  asOf?: string;
}
