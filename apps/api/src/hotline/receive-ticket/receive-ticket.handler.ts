import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError } from '#core';
import { WriteSide } from '#commands';
import type { CommandResult } from '#event-store';
import {
  type CallerRef,
  callerSubjectIds,
  type ReceiveTicket,
  type TicketEvent,
  ticketIdFor,
  type TicketState,
} from '#hotline';
import { type PersonalData, PersonalDataVault } from '#platform';
import { maskPhone } from '../ticket-id.js';
import { ReceiveTicketCommand } from './receive-ticket.command.js';
import type { ReceiveTicketRequest } from './receive-ticket.request.dto.js';

export interface ReceiveTicketOutcome {
  readonly ticketId: string;
  readonly result: CommandResult<TicketEvent, TicketState>;
  /** False when the same ticket had been received before (a redelivery). */
  readonly created: boolean;
}

function personalData(request: ReceiveTicketRequest): PersonalData {
  const { name, phone } = request.caller ?? {};
  return {
    ...(name === undefined ? {} : { name }),
    ...(phone === undefined ? {} : { phone }),
  };
}

const samePersonalData = (a: PersonalData, b: PersonalData) => a.name === b.name && a.phone === b.phone;

/**
 * Intake from the 12345 platform, idempotent on the ticket number. The caller's name and number go to the
 * vault, the event carries the subject id and the masked number. A redelivery finds the caller already in
 * the vault and reuses the subject, so a hundred deliveries leave one ticket and one vault entry.
 */
@CommandHandler(ReceiveTicketCommand)
export class ReceiveTicketHandler implements ICommandHandler<ReceiveTicketCommand, ReceiveTicketOutcome> {
  constructor(
    @Inject(WriteSide) private readonly writeSide: WriteSide,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ request, meta }: ReceiveTicketCommand): Promise<ReceiveTicketOutcome> {
    const ticketId = ticketIdFor(request.ticketNo);
    // Twice at most: a concurrent first delivery of the same ticket may win between our read and our append.
    for (let attempt = 1; ; attempt += 1) {
      // The vault entry is made from the ticket as the runner reads it (one read): a redelivery reuses the subject.
      const fresh: string[] = [];
      let wasNew = false;
      try {
        const result = await this.writeSide.tickets.run(
          ticketId,
          async (state) => {
            wasNew = state.status === 'none';
            const { caller, created } = await this.callerFor(
              request,
              state.status === 'none' ? undefined : state.intake.caller,
              meta.actor.role === 'integration',
            );
            if (created) fresh.push(created);
            return this.command(ticketId, request, caller);
          },
          meta,
        );
        // A retry inside the runner (a concurrent first delivery won) may have made a subject it did not use.
        const used = new Set(result.state.status === 'none' ? [] : callerSubjectIds(result.state));
        for (const subjectId of fresh)
          if (!used.has(subjectId)) await this.vault.erase(subjectId, this.clock.now());
        return { ticketId, result, created: result.events.length > 0 };
      } catch (error) {
        for (const subjectId of fresh) await this.vault.erase(subjectId, this.clock.now());
        const raced = error instanceof DomainError && error.code === 'TICKET.INTAKE_CONFLICT' && wasNew;
        if (!raced || attempt >= 2) throw error;
      }
    }
  }

  /**
   * The caller reference: the existing subject when the vault holds the same data, else a new one. Only the district
   * platform's redelivery is compared with the vault: anyone else redelivering a ticket gets the stored caller as it
   * is, so that the answer (200 or 409) can never tell whether a guessed name or number is the caller's.
   */
  private async callerFor(
    request: ReceiveTicketRequest,
    existing: CallerRef | undefined,
    fromPlatform: boolean,
  ): Promise<{ caller: CallerRef | undefined; created: string | undefined }> {
    if (existing && !fromPlatform) return { caller: existing, created: undefined };
    if (!request.caller) return { caller: undefined, created: undefined };
    const data = personalData(request);
    const phoneMasked = data.phone === undefined ? undefined : maskPhone(data.phone);
    const ref = (subjectId: string): CallerRef => ({
      subjectId,
      confidential: request.caller?.confidential ?? false,
      ...(phoneMasked === undefined ? {} : { phoneMasked }),
    });
    if (existing) {
      const stored = await this.vault.read(existing.subjectId);
      if (stored?.status === 'present' && samePersonalData(stored.data, data)) {
        return { caller: ref(existing.subjectId), created: undefined };
      }
    }
    const subjectId = await this.vault.store(data);
    return { caller: ref(subjectId), created: subjectId };
  }

  private command(
    ticketId: string,
    request: ReceiveTicketRequest,
    caller: CallerRef | undefined,
  ): ReceiveTicket {
    const { caller: _personal, category, location, ...rest } = request;
    return {
      type: 'ReceiveTicket',
      data: {
        ...rest,
        ticketId,
        category: { code: category.code, path: category.path ?? [] },
        ...(location === undefined ? {} : { location: { lat: location.lat, lng: location.lng } }),
        ...(caller === undefined ? {} : { caller }),
      },
    };
  }
}
