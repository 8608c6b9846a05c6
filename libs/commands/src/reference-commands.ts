import type { CalendarCommand, CalendarEvent, WorkingCalendar } from '#calendar';
import { calendarDecider, CALENDAR_STREAM } from '#calendar';
import type { Clock } from '#core';
import {
  DIRECTORY_STREAM,
  type DirectoryCommand,
  type DirectoryEvent,
  directoryDecider,
  type DirectoryState,
} from '#directory';
import { type CommandResult, type EventStore, runCommand } from '#event-store';
import { type CommandCall, runOptionsOf } from './command-call.js';
import type { ReferenceData } from './reference-data.js';

/** The street's directory (units, grids, accounts): its commands, and its state read fresh. */
export class DirectoryCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly reference: ReferenceData,
  ) {}

  async run(
    command: DirectoryCommand,
    call: CommandCall,
  ): Promise<CommandResult<DirectoryEvent, DirectoryState>> {
    const result = await runCommand(this.store, {
      stream: DIRECTORY_STREAM,
      decider: directoryDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      ...runOptionsOf(call),
    });
    await this.reference.directory.refresh();
    return result;
  }

  /**
   * The directory as stored now (one short read of what is new): for sign-in and the token check, where a disabled
   * account must stop at once even when another process disabled it.
   */
  state(): Promise<DirectoryState> {
    return this.reference.directory.refresh();
  }
}

/** The working calendar: the admin's overrides and imported years. */
export class CalendarCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly reference: ReferenceData,
  ) {}

  /** The calendar as of the last refresh (kept current by the reference data). */
  get current(): WorkingCalendar {
    return this.reference.calendar.current;
  }

  /** The calendar as stored now. */
  refresh(): Promise<WorkingCalendar> {
    return this.reference.calendar.refresh();
  }

  async run(
    command: CalendarCommand,
    call: CommandCall,
  ): Promise<CommandResult<CalendarEvent, WorkingCalendar>> {
    const result = await runCommand(this.store, {
      stream: CALENDAR_STREAM,
      decider: calendarDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      ...runOptionsOf(call),
    });
    await this.reference.calendar.refresh();
    return result;
  }
}
