import { Inject, Injectable } from '@nestjs/common';
import { CALENDAR_STREAM, type CalendarEvent, calendarDecider, type WorkingCalendar } from '#calendar';
import { type AlertPoint, Clock } from '#core';
import { CachedStreamFold, EventStore, runCommand } from '#event-store';
import {
  calendarDeadlinePolicy,
  type DeadlinePolicy,
  type TicketCommand,
  ticketDecider,
  ticketStream,
} from '#hotline';
import {
  calendarGridDeadlinePolicy,
  type FindingCommand,
  findingDecider,
  findingStream,
  type GridDeadlinePolicy,
} from '#grid';
import { AppConfig } from '#platform';

/** One alert point of one stage of one case, as a timer job or the sweep names it. */
export interface AlertTarget {
  readonly caseType: 'ticket' | 'finding';
  readonly id: string;
  readonly point: AlertPoint;
  readonly stage: string;
  readonly startedAt: string;
}

const COMMAND_OF: Readonly<Record<AlertPoint, 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue'>> = {
  warning: 'RaiseDeadlineWarning',
  overdue: 'MarkOverdue',
  supervision: 'EscalateOverdue',
};

/**
 * Sends the deadline commands of timers and the sweep to the case's decider, which records the alert only when it
 * applies (the stage still open, the point passed, nothing recorded yet). The actor is the system's deadline timer.
 */
@Injectable()
export class DeadlineCommandsService {
  private readonly calendar: CachedStreamFold<WorkingCalendar, CalendarEvent>;
  private readonly hotlineDeadlines: DeadlinePolicy;
  private readonly gridDeadlines: GridDeadlinePolicy;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.calendar = new CachedStreamFold(store, CALENDAR_STREAM, calendarDecider);
    this.hotlineDeadlines = calendarDeadlinePolicy(
      config.slaRules,
      () => this.calendar.current,
      config.officeHours,
    );
    this.gridDeadlines = calendarGridDeadlinePolicy(
      config.slaRules,
      () => this.calendar.current,
      config.officeHours,
    );
  }

  /** Fires one alert point; answers how many events it recorded (none when it did not apply). */
  async fire(target: AlertTarget): Promise<number> {
    await this.calendar.refresh();
    const type = COMMAND_OF[target.point];
    const data = { stage: target.stage, startedAt: target.startedAt };
    const metadata = {
      correlationId: `deadline:${target.point}:${target.caseType}:${target.id}`,
      causationId: `deadline:${target.point}:${target.stage}@${target.startedAt}`,
      actor: { id: 'deadline-timer', role: 'system' },
      source: 'worker',
    };
    const now = () => this.clock.now();
    if (target.caseType === 'ticket') {
      const result = await runCommand(this.store, {
        stream: ticketStream(target.id),
        decider: ticketDecider,
        command: { type, data } as TicketCommand,
        context: () => ({ now: now(), deadlines: this.hotlineDeadlines }),
        metadata,
      });
      return result.replayed ? 0 : result.events.length;
    }
    const result = await runCommand(this.store, {
      stream: findingStream(target.id),
      decider: findingDecider,
      command: { type, data } as FindingCommand,
      context: () => ({ now: now(), deadlines: this.gridDeadlines }),
      metadata,
    });
    return result.replayed ? 0 : result.events.length;
  }
}
