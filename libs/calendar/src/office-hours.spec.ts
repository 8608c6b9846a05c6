import { officeHours, parseOfficeHours } from './office-hours.js';

describe('office hours', () => {
  it('parses a configuration value', () => {
    const hours = parseOfficeHours('08:30-11:30, 13:30-17:00');
    expect(hours.windows).toEqual([
      { start: '08:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(hours.closeMs).toBe(17 * 3_600_000);
    expect(hours.dayMs).toBe(6.5 * 3_600_000);
  });

  it.each([
    [
      [
        ['09:00', '12:00'],
        ['11:00', '17:30'],
      ],
      'overlaps or precedes',
    ],
    [[['12:00', '09:00']], 'ends before it starts'],
    [[['9:00', '12:00']], '"9:00" is not a time of day'],
    [[], 'at least one office window'],
  ] as const)('refuses %j', (windows, message) => {
    expect(() => officeHours(windows)).toThrow(message);
  });

  it('refuses a malformed configuration value', () => {
    expect(() => parseOfficeHours('09:00-12:00-13:00')).toThrow('is not a window like "09:00-12:00"');
  });
});
