import { nameBasedUuid } from '#core';

/** The stream category of 12345 tickets (the part before the first hyphen). */
export const TICKET_STREAM_CATEGORY = 'ticket';

/** The stream of one ticket: `ticket-<id>`. */
export const ticketStream = (id: string): string => `${TICKET_STREAM_CATEGORY}-${id}`;

/** The ticket id of a `ticket-<id>` stream, or undefined for another stream. */
export function ticketIdOf(stream: string): string | undefined {
  const prefix = `${TICKET_STREAM_CATEGORY}-`;
  return stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : undefined;
}

/**
 * The ticket id of a 12345 number: a name-based UUID, so that every delivery of the same number lands on the same
 * stream (intake is idempotent on 工单编号) whatever characters the district puts in its numbers.
 */
export const ticketIdFor = (ticketNo: string): string => nameBasedUuid('chengyun-ticket', ticketNo);
