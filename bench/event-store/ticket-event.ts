import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '#event-store';

/** Events per ticket stream before an appender moves on to a new ticket. */
export const EVENTS_PER_STREAM = 20;

/** A new ticket stream name (`ticket-<uuid>`, category `ticket`). */
export function newTicketStream(): string {
  return `ticket-${randomUUID()}`;
}

/**
 * The one event shape every scenario writes: a case-handling ticket note of about 600 bytes of JSON
 * (data + metadata, UTF-8), mostly Chinese text, with correlation/causation ids and the acting user.
 */
export function ticketEvent(stream: string, sequence: number): EventToAppend {
  return {
    id: randomUUID(),
    type: 'TicketNoteAdded',
    data: {
      ticketId: stream.slice('ticket-'.length),
      sequence,
      street: '南京西路街道',
      category: '市容环境',
      subcategory: '占道经营',
      note: '巡查发现石门一路近威海路口有流动摊贩占用人行道经营，已现场劝离并拍照取证，明日复查。',
      location: { address: '上海市静安区石门一路威海路口', lng: 121.4601, lat: 31.2281 },
      attachments: 2,
      priority: 'normal',
    },
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { id: 'staff-0042', name: '王敏', role: 'grid-officer' },
      channel: 'mobile-app',
      schemaVersion: 1,
    },
  };
}

/** The UTF-8 size of an event's data and metadata as the store writes them. */
export function eventJsonBytes(event: EventToAppend): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}
