import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarService } from '../calendar.service.js';
import { ALL_ROLES, Roles } from '../../auth/roles.decorator.js';

@ApiTags('calendar')
@Roles(...ALL_ROLES)
@Controller('calendar')
export class GetCalendarController {
  constructor(@Inject(CalendarService) private readonly calendars: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'The working calendar in use: its version, official years and admin overrides' })
  async get() {
    const calendar = await this.calendars.refresh();
    return {
      version: calendar.version,
      officialYears: calendar.officialYears,
      overrides: calendar.data.overrides,
      sources: calendar.data.official.map((year) => ({ year: year.year, sources: year.sources })),
    };
  }
}
