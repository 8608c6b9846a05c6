import type { Clock } from '#core';
import { type Aggregate, type CommandResult, type EventStore, readAggregate, runCommand } from '#event-store';
import {
  type DeadlinePolicy,
  type HotlineContext,
  type HotlineRules,
  TICKET_STREAM_CATEGORY,
  type TicketCommand,
  type TicketEvent,
  ticketDecider,
  ticketIdOf,
  type TicketState,
  ticketStream,
} from '#hotline';
import { type CommandCall, runOptionsOf, systemStep } from './command-call.js';
import type { ReferenceData } from './reference-data.js';

/** A ticket command, or how to make it from the ticket as just read (intake looks at the stored caller). */
export type TicketCommandInput =
  TicketCommand | ((state: TicketState) => TicketCommand | Promise<TicketCommand>);

/**
 * Every command on a 12345 ticket, from any process: one read of the ticket's stream, the decider with the SLA
 * deadlines on the working calendar, the street's rules, the directory and the caller's scope, one append.
 */
export class TicketCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinePolicy,
    private readonly rules: Required<HotlineRules>,
    private readonly reference: ReferenceData,
  ) {}

  /** The decision context of a call: now, the deadlines, the rules, the directory and the sender's scope. */
  context(call: Pick<CommandCall, 'scope'>): HotlineContext {
    return {
      now: this.clock.now(),
      deadlines: this.deadlines,
      rules: this.rules,
      directory: this.reference.directoryView,
      ...(call.scope ? { actor: call.scope } : {}),
    };
  }

  async run(
    ticketId: string,
    command: TicketCommandInput,
    call: CommandCall,
  ): Promise<CommandResult<TicketEvent, TicketState>> {
    await this.reference.ensureLoaded();
    if (typeof command !== 'function' && command.type === 'DispatchTicket') {
      await this.reference.ensureKnown({ units: [command.data.unitId, ...command.data.coUnitIds] });
    }
    return runCommand(this.store, {
      stream: ticketStream(ticketId),
      decider: ticketDecider,
      command,
      context: () => this.context(call),
      ...runOptionsOf(call),
    });
  }

  /** The ticket's events and the state they fold to (status `none` when there is no such ticket). */
  read(ticketId: string): Promise<Aggregate<TicketState>> {
    return readAggregate(this.store, ticketStream(ticketId), ticketDecider);
  }

  /**
   * After the calendar changed: every ticket whose open deadline was provisional gets an explicit revision event
   * (or nothing, when its deadlines stand). Idempotent per calendar version. Answers how many tickets changed.
   */
  async reviseProvisionalDeadlines(calendarVersion: string, call: CommandCall): Promise<number> {
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
        systemStep(call, `calendar-revision:${calendarVersion}`),
      );
      if (result.events.length > 0 && !result.replayed) revised += 1;
    }
    return revised;
  }
}
