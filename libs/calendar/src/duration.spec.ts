import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 30, 'm'],
    ['2h', 2, 'h'],
    ['1d', 1, 'd'],
    ['2wh', 2, 'wh'],
    ['1wd', 1, 'wd'],
    ['15wd', 15, 'wd'],
  ] as const)('%s', (text, amount, unit) => {
    expect(parseDuration(text)).toEqual({ amount, unit });
    expect(formatDuration(parseDuration(text))).toBe(text);
  });

  it.each(['5x', '0wd', '1.5h', '-1h', ' 2h', '2 h', '', 'wd', '05m'])('refuses %j, naming it', (text) => {
    expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a duration`);
  });

  it('refuses values that are not text', () => {
    expect(() => parseDuration(5)).toThrow('5 is not a duration');
    expect(() => parseDuration(null)).toThrow('null is not a duration');
  });

  it('refuses absurdly long limits', () => {
    expect(() => parseDuration('99999wd')).toThrow('"99999wd" is too long a duration (at most 2500wd)');
  });
});
