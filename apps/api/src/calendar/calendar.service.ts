import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_STREAM,
  type CalendarCommand,
  type CalendarEvent,
  calendarDecider,
  type WorkingCalendar,
} from '#calendar';
import { Clock } from '#core';
import { type CommandResult, EventStore, runCommand } from '#event-store';
import type { CommandMeta } from '../http/command-context.js';

/**
 * The working calendar in use: the built-in official data plus the admin's overrides and imported years, folded
 * from the calendar stream. `refresh()` reads only what is new, so calling it before every deadline computation is
 * cheap and another process's import is seen at once.
 */
@Injectable()
export class CalendarService {
  private cached: { revision: number; calendar: WorkingCalendar } = {
    revision: -1,
    calendar: calendarDecider.initialState(),
  };

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The calendar as of the last refresh. */
  get current(): WorkingCalendar {
    return this.cached.calendar;
  }

  async refresh(): Promise<WorkingCalendar> {
    const newer = await this.store.readStream(CALENDAR_STREAM, { fromRevision: this.cached.revision + 1 });
    let { calendar } = this.cached;
    for (const event of newer) calendar = calendarDecider.evolve(calendar, event as unknown as CalendarEvent);
    const last = newer.at(-1);
    if (last) this.cached = { revision: last.revision, calendar };
    return calendar;
  }

  async run(command: CalendarCommand, meta: CommandMeta): Promise<CommandResult<CalendarEvent>> {
    const result = await runCommand(this.store, {
      stream: CALENDAR_STREAM,
      decider: calendarDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      metadata: {
        correlationId: meta.correlationId,
        causationId: meta.correlationId,
        actor: meta.actor,
        source: 'http',
      },
      ...(meta.expectedRevision === undefined ? {} : { expectedRevision: meta.expectedRevision }),
      ...(meta.idempotencyKey === undefined ? {} : { idempotencyKey: meta.idempotencyKey }),
    });
    await this.refresh();
    return result;
  }
}
