import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError } from '#core';
import type { CommandResult } from '#event-store';
import type { CallerRef, ReceiveTicket, TicketEvent } from '#hotline';
import { type PersonalData, PersonalDataVault } from '#platform';
import { maskPhone, ticketIdFor } from '../ticket-id.js';
import { TicketService } from '../ticket.service.js';
import { ReceiveTicketCommand } from './receive-ticket.command.js';
import type { ReceiveTicketRequest } from './receive-ticket.request.dto.js';

export interface ReceiveTicketOutcome {
  readonly ticketId: string;
  readonly result: CommandResult<TicketEvent>;
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
    @Inject(TicketService) private readonly tickets: TicketService,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ request, meta }: ReceiveTicketCommand): Promise<ReceiveTicketOutcome> {
    const ticketId = ticketIdFor(request.ticketNo);
    // Twice at most: a concurrent first delivery of the same ticket may win between our read and our append.
    for (let attempt = 1; ; attempt += 1) {
      const { state } = await this.tickets.read(ticketId);
      const existingCaller = state.status === 'none' ? undefined : state.intake.caller;
      const { caller, fresh } = await this.callerFor(request, existingCaller);
      try {
        const result = await this.tickets.run(ticketId, this.command(ticketId, request, caller), meta);
        return { ticketId, result, created: result.events.length > 0 };
      } catch (error) {
        if (fresh) await this.vault.erase(fresh, this.clock.now());
        const raced =
          error instanceof DomainError && error.code === 'TICKET.INTAKE_CONFLICT' && state.status === 'none';
        if (!raced || attempt >= 2) throw error;
      }
    }
  }

  /** The caller reference: the existing subject when the vault holds the same data, else a new one. */
  private async callerFor(
    request: ReceiveTicketRequest,
    existing: CallerRef | undefined,
  ): Promise<{ caller: CallerRef | undefined; fresh: string | undefined }> {
    if (!request.caller) return { caller: undefined, fresh: undefined };
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
        return { caller: ref(existing.subjectId), fresh: undefined };
      }
    }
    const subjectId = await this.vault.store(data);
    return { caller: ref(subjectId), fresh: subjectId };
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
