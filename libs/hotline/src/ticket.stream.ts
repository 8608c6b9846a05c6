/** The stream category of 12345 tickets (the part before the first hyphen). */
export const TICKET_STREAM_CATEGORY = 'ticket';

/** The stream of one ticket: `ticket-<id>`. */
export const ticketStream = (id: string): string => `${TICKET_STREAM_CATEGORY}-${id}`;

/** The ticket id of a `ticket-<id>` stream, or undefined for another stream. */
export function ticketIdOf(stream: string): string | undefined {
  const prefix = `${TICKET_STREAM_CATEGORY}-`;
  return stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : undefined;
}
