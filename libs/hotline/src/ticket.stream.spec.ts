import { ticketIdOf, ticketStream } from './ticket.stream.js';

describe('ticket streams', () => {
  it('are ticket-<id>, and the id comes back out', () => {
    expect(ticketStream('7f3a')).toBe('ticket-7f3a');
    expect(ticketIdOf('ticket-7f3a-b')).toBe('7f3a-b');
    expect(ticketIdOf('finding-1')).toBeUndefined();
    expect(ticketIdOf('ticket-')).toBeUndefined();
  });
});
