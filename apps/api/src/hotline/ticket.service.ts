import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError } from '#core';
import { mayAct, maySee, outOfScope } from '../auth/scope.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import { type CommandResult, EventStore, type RecordedEvent, runCommand } from '#event-store';
import {
  calendarDeadlinePolicy,
  type DeadlinePolicy,
  type TicketCommand,
  type TicketEvent,
  ticketDecider,
  type TicketState,
  TICKET_STREAM_CATEGORY,
  ticketIdOf,
  ticketStream,
} from '#hotline';
import { AppConfig } from '#platform';
import type { CommandMeta } from '../http/command-context.js';
import { runOptionsFrom } from '../http/run-options.js';

/**
 * Runs ticket commands through the generic runner with the SLA deadlines on the working calendar, and reads a
 * ticket back from its stream. Checks against the directory (a dispatch to an unknown unit) happen here,
 * before the decider, because the directory is another aggregate.
 */
@Injectable()
export class TicketService {
  private readonly deadlines: DeadlinePolicy;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
  ) {
    this.deadlines = calendarDeadlinePolicy(
      config.slaRules,
      () => this.calendars.current,
      config.officeHours,
    );
  }

  async run(
    ticketId: string,
    command: TicketCommand,
    meta: CommandMeta,
  ): Promise<CommandResult<TicketEvent>> {
    if (command.type === 'DispatchTicket') {
      for (const unitId of [command.data.unitId, ...command.data.coUnitIds]) {
        await this.directory.requireActiveUnit(unitId, 'TICKET.UNKNOWN_UNIT');
      }
    }
    const principal = meta.principal;
    if (principal && command.type !== 'ReceiveTicket') {
      const { state } = await this.read(ticketId);
      if (state.status !== 'none') {
        const scope = { unitId: state.unitId, coUnitIds: state.coUnitIds, gridId: state.intake.gridId };
        // The integration account acts on tickets it delivered (callbacks, reopens) without seeing the others.
        if (principal.role !== 'integration' && !maySee(principal, scope))
          throw outOfScope('ticket', ticketId);
        if (!mayAct(principal, scope)) {
          throw new DomainError(
            'TICKET.NOT_YOUR_UNIT',
            'forbidden',
            'Only the lead unit acts on this ticket',
            {
              ticketId,
            },
          );
        }
      }
      if (command.type === 'RecordCallback') {
        const by = principal.role === 'integration' ? 'hotline' : 'street';
        if (command.data.by !== by && principal.role !== 'admin') {
          throw new DomainError(
            'TICKET.CALLBACK_NOT_YOURS',
            'forbidden',
            `The ${principal.role} records ${by} callbacks only`,
            {
              by: command.data.by,
            },
          );
        }
      }
    }
    if (command.type === 'AcceptTicket' && command.data.unitId === '') {
      // A handler accepts for its own unit; without a token (tests), for the unit the ticket was dispatched to.
      const unitId = principal?.unitId ?? (await this.dispatchedUnitOf(ticketId));
      command = { type: 'AcceptTicket', data: { unitId } };
    }
    // Deadlines are computed on the calendar as it is now, including another process's latest import.
    await this.calendars.refresh();
    return runCommand(this.store, {
      stream: ticketStream(ticketId),
      decider: ticketDecider,
      command,
      context: () => ({ now: this.clock.now(), deadlines: this.deadlines }),
      ...runOptionsFrom(meta),
    });
  }

  /** The unit a ticket was dispatched to ('' when none): read only when no token names the handler's unit. */
  private async dispatchedUnitOf(ticketId: string): Promise<string> {
    const { state } = await this.read(ticketId);
    return state.status === 'none' ? '' : (state.unitId ?? '');
  }

  /** The ticket's events and the state they fold to (status `none` when there is no such ticket). */
  async read(ticketId: string): Promise<{ events: readonly RecordedEvent[]; state: TicketState }> {
    const events = await this.store.readStream(ticketStream(ticketId));
    let state = ticketDecider.initialState();
    for (const event of events) state = ticketDecider.evolve(state, event as unknown as TicketEvent);
    return { events, state };
  }

  /**
   * After the calendar changed: every ticket whose open deadline was provisional gets an explicit revision event
   * (or nothing, when its deadlines stand). Idempotent per calendar version. Answers how many tickets changed.
   */
  async reviseProvisionalDeadlines(calendarVersion: string, meta: CommandMeta): Promise<number> {
    const ticketIds = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.readAll({
        limit: 5000,
        categories: [TICKET_STREAM_CATEGORY],
        ...(after ? { after } : {}),
      });
      for (const event of batch.events) {
        const id = ticketIdOf(event.stream);
        if (id) ticketIds.add(id);
      }
      after = batch.next;
      if (batch.atEnd) break;
    }
    let revised = 0;
    for (const ticketId of ticketIds) {
      const result = await this.run(
        ticketId,
        { type: 'ReviseProvisionalDeadlines', data: { calendarVersion } },
        { ...meta, expectedRevision: undefined, idempotencyKey: `calendar-revision:${calendarVersion}` },
      );
      if (result.events.length > 0 && !result.replayed) revised += 1;
    }
    return revised;
  }
}
