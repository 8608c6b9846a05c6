import { Inject, Injectable } from '@nestjs/common';
import { WriteSide } from '#commands';
import type { Aggregate } from '#event-store';
import type { TicketState } from '#hotline';

/** A ticket read from its stream, for the detail view (commands go through the write side, libs/commands). */
@Injectable()
export class TicketService {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  read(ticketId: string): Promise<Aggregate<TicketState>> {
    return this.writeSide.tickets.read(ticketId);
  }
}
