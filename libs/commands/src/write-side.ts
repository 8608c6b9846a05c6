import type { OfficeHours, SlaRules } from '#calendar';
import type { Clock } from '#core';
import type { EventStore } from '#event-store';
import { calendarGridDeadlinePolicy } from '#grid';
import { calendarDeadlinePolicy, type HotlineRules } from '#hotline';
import { type AlertTarget, fireDeadlineAlert } from './deadline-alerts.js';
import { GridCommands } from './grid-commands.js';
import { CalendarCommands, DirectoryCommands } from './reference-commands.js';
import { ReferenceData } from './reference-data.js';
import { TicketCommands } from './ticket-commands.js';

/** The configuration the write side decides with (from AppConfig: SLA_FILE, OFFICE_HOURS, RULES_FILE). */
export interface WriteSideSettings {
  readonly slaRules: SlaRules;
  readonly officeHours: OfficeHours;
  readonly rules: { readonly hotline: Required<HotlineRules> };
}

/**
 * The write side of every process (the API's controllers, the worker's deadline reactor, the demo seed): the
 * policies assembled once from configuration, the reference data kept current, and the commands of each aggregate
 * through the generic runner.
 */
export class WriteSide {
  readonly reference: ReferenceData;
  readonly tickets: TicketCommands;
  readonly grid: GridCommands;
  readonly directory: DirectoryCommands;
  readonly calendar: CalendarCommands;

  constructor(store: EventStore, clock: Clock, settings: WriteSideSettings) {
    this.reference = new ReferenceData(store);
    const calendar = () => this.reference.calendar.current;
    this.tickets = new TicketCommands(
      store,
      clock,
      calendarDeadlinePolicy(settings.slaRules, calendar, settings.officeHours),
      settings.rules.hotline,
      this.reference,
    );
    this.grid = new GridCommands(
      store,
      clock,
      calendarGridDeadlinePolicy(settings.slaRules, calendar, settings.officeHours),
      this.reference,
    );
    this.directory = new DirectoryCommands(store, clock, this.reference);
    this.calendar = new CalendarCommands(store, clock, this.reference);
  }

  /** Reads the reference data and follows the store's announcements of appends. */
  start(): Promise<void> {
    return this.reference.start();
  }

  stop(): void {
    this.reference.stop();
  }

  /** A deadline timer or the sweep fires: the case's decider records the alert when it applies. */
  fireDeadlineAlert(target: AlertTarget): Promise<number> {
    return fireDeadlineAlert({ tickets: this.tickets, grid: this.grid }, target);
  }
}
