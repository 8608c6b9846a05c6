import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('stands still until set or advanced', () => {
    const clock = new ManualClock('2026-11-27T09:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-11-27T01:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-27T01:01:30.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
