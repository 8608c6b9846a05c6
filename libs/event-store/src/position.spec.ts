import { deriveEventId } from './event-id.js';
import { comparePositions, isPosition } from './position.js';

describe('positions', () => {
  it('orders decimal positions numerically, not as text', () => {
    expect(comparePositions('9', '10')).toBeLessThan(0);
    expect(comparePositions('10', '9')).toBeGreaterThan(0);
    expect(comparePositions('42', '42')).toBe(0);
  });

  it('orders commit/prepare positions beyond 2^53 component by component', () => {
    expect(comparePositions('18446744073709551615/1', '18446744073709551615/2')).toBeLessThan(0);
    expect(comparePositions('9007199254740993/0', '9007199254740992/5')).toBeGreaterThan(0);
    expect(comparePositions('0', '0/0')).toBe(0);
  });

  it('rejects strings that are not positions', () => {
    expect(isPosition('12/3')).toBe(true);
    expect(isPosition('-1')).toBe(false);
    expect(() => comparePositions('abc', '1')).toThrow(TypeError);
  });
});

describe('deriveEventId', () => {
  it('gives the same UUID for the same stream, key and index, and different ones otherwise', () => {
    const id = deriveEventId('ticket-1', 'key', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveEventId('ticket-1', 'key', 0)).toBe(id);
    expect(deriveEventId('ticket-1', 'key', 1)).not.toBe(id);
    expect(deriveEventId('ticket-2', 'key', 0)).not.toBe(id);
    expect(deriveEventId('ticket-1', 'other', 0)).not.toBe(id);
  });
});
