import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_STREAM,
  type CalendarCommand,
  type CalendarEvent,
  calendarDecider,
  type WorkingCalendar,
} from '#calendar';
import { Clock } from '#core';
import { CachedStreamFold, type CommandResult, EventStore, runCommand } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';
import { runOptionsFrom } from '../http/run-options.js';

/**
 * The working calendar in use: the built-in official data plus the admin's overrides and imported years, folded
 * from the calendar stream. `refresh()` reads only what is new, so calling it before every deadline computation is
 * cheap and another process's import is seen at once.
 */
@Injectable()
export class CalendarService {
  private readonly fold: CachedStreamFold<WorkingCalendar, CalendarEvent>;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.fold = new CachedStreamFold(store, CALENDAR_STREAM, calendarDecider);
  }

  /** The calendar as of the last refresh. */
  get current(): WorkingCalendar {
    return this.fold.current;
  }

  refresh(): Promise<WorkingCalendar> {
    return this.fold.refresh();
  }

  async run(command: CalendarCommand, meta: CommandMeta): Promise<CommandResult<CalendarEvent>> {
    const result = await runCommand(this.store, {
      stream: CALENDAR_STREAM,
      decider: calendarDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      ...runOptionsFrom(meta),
    });
    await this.refresh();
    return result;
  }
}
