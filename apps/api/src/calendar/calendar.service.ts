import { Inject, Injectable } from '@nestjs/common';
import type { CalendarCommand, CalendarEvent, WorkingCalendar } from '#calendar';
import { WriteSide } from '#commands';
import type { CommandResult } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';

/**
 * The working calendar in use: the built-in official data plus the admin's overrides and imported years, as the
 * write side keeps it (read at start, after each change, and when the store announces another process's append).
 */
@Injectable()
export class CalendarService {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  /** The calendar as of the last refresh. */
  get current(): WorkingCalendar {
    return this.writeSide.calendar.current;
  }

  /** The calendar as stored now. */
  refresh(): Promise<WorkingCalendar> {
    return this.writeSide.calendar.refresh();
  }

  run(command: CalendarCommand, meta: CommandMeta): Promise<CommandResult<CalendarEvent, WorkingCalendar>> {
    return this.writeSide.calendar.run(command, meta);
  }
}
