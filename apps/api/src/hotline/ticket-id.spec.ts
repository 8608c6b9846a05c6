import { ticketIdFor } from '#hotline';
import { maskPhone } from './ticket-id.js';

describe('ticketIdFor', () => {
  it('gives every delivery of one 12345 number the same UUID, and other numbers other ids', () => {
    const id = ticketIdFor('HL2026112700123');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ticketIdFor('HL2026112700123')).toBe(id);
    expect(ticketIdFor('HL2026112700124')).not.toBe(id);
  });
});

describe('maskPhone', () => {
  it('shows no more than the last four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('*******1234');
  });

  it('masks each of two numbers, a landline with its area code, and a bare landline to its last four', () => {
    expect(maskPhone('13812341234, 021-62581234')).toBe('*******1234,*******1234');
    // Issue 24: a bare 8-digit landline was shown as 623*5678.
    expect(maskPhone('62345678')).toBe('****5678');
    expect(maskPhone('+86 138 1234 1234')).toBe('*********1234');
  });

  it('hides a short number entirely', () => {
    expect(maskPhone('110')).toBe('***');
  });
});
