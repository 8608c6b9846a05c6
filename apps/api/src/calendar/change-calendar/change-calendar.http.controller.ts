import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CalendarCommand } from '#calendar';
import { answer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { WriteSide } from '#commands';
import { CalendarService } from '../calendar.service.js';
import {
  ImportOfficialYearRequest,
  OverrideCalendarDaysRequest,
  RemoveCalendarOverridesRequest,
} from './change-calendar.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/**
 * Admin changes to the working calendar. Deadlines already recorded never change silently: a change sweeps the open
 * tickets, then the open findings, and records an explicit revision on each whose provisional deadline moves
 * (`revisedTickets`, `revisedFindings`: how many changed).
 */
@ApiTags('calendar')
@Roles('admin')
@Controller('calendar')
export class ChangeCalendarController {
  constructor(
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(WriteSide) private readonly writeSide: WriteSide,
  ) {}

  @Post('overrides')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare days holidays or working days (a typhoon closure, a local arrangement)' })
  async override(
    @Body() body: OverrideCalendarDaysRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.change({ type: 'OverrideCalendarDays', data: { overrides: body.overrides } }, req, reply);
  }

  @Post('overrides/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove overrides: the official (or provisional) answer applies again' })
  async remove(
    @Body() body: RemoveCalendarOverridesRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.change({ type: 'RemoveCalendarOverrides', data: { dates: body.dates } }, req, reply);
  }

  @Post('official-years')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Import a newly published year's official schedule; open provisional deadlines are revised explicitly",
  })
  async importYear(
    @Body() body: ImportOfficialYearRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    const schedule = { ...body };
    return this.change({ type: 'ImportOfficialYear', data: { schedule } }, req, reply);
  }

  private async change(command: CalendarCommand, req: HttpRequest, reply: HttpReply) {
    const meta = commandMetaFrom(req);
    const result = await this.calendars.run(command, meta);
    const version = this.calendars.current.version;
    const changed = result.events.length > 0;
    const revisedTickets = changed
      ? await this.writeSide.tickets.reviseProvisionalDeadlines(version, meta)
      : 0;
    const revisedFindings = changed ? await this.writeSide.grid.reviseProvisionalDeadlines(version, meta) : 0;
    return { ...answer(reply, 'calendar', result), version, revisedTickets, revisedFindings };
  }
}
