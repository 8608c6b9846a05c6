import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d\d-\d\d$/;

export class CalendarOverrideDto {
  @ApiProperty({ example: '2026-09-15' })
  @Matches(DATE, { message: 'date must be a day as in 2026-09-15' })
  date!: string;

  @ApiProperty({
    enum: ['holiday', 'working'],
    description: 'holiday: nobody works that day; working: a day off is worked',
  })
  @IsIn(['holiday', 'working'])
  status!: 'holiday' | 'working';

  @ApiProperty({ example: '台风停工' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

export class OverrideCalendarDaysRequest {
  @ApiProperty({ type: [CalendarOverrideDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CalendarOverrideDto)
  overrides!: CalendarOverrideDto[];
}

export class RemoveCalendarOverridesRequest {
  @ApiProperty({ type: [String], example: ['2026-09-15'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(366)
  @Matches(DATE, { each: true, message: 'dates must be days as in 2026-09-15' })
  dates!: string[];
}

export class ImportOfficialYearRequest {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;

  @ApiProperty({
    description:
      'The State Council notice: {title, documentNumber, issued, url?}[]; holidays {name, from, to}[]; ' +
      'makeUpWorkdays {date, for}[] — validated as a whole (dates inside the year, no overlap, make-up days on weekends)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  sources!: Record<string, unknown>[];

  @ApiProperty()
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  holidays!: Record<string, unknown>[];

  @ApiProperty()
  @IsArray()
  @IsObject({ each: true })
  makeUpWorkdays!: Record<string, unknown>[];
}
