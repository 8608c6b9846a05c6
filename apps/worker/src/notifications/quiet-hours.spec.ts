import { parseQuietHours } from '#platform';
import { deliveryDelayMs, inQuietHours, quietEnd } from './quiet-hours.js';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const night = parseQuietHours('22:00-07:00');
const lunch = parseQuietHours('12:00-13:30');

describe('quiet hours (Asia/Shanghai)', () => {
  it('tells the quiet period across midnight and within a day, start included, end excluded', () => {
    expect(
      ['21:59', '22:00', '23:59', '00:00', '06:59', '07:00', '12:00'].map((time) =>
        inQuietHours(at(`2026-10-08T${time}:00`), night),
      ),
    ).toEqual([false, true, true, true, true, false, false]);
    expect(
      ['11:59', '12:00', '13:29', '13:30'].map((time) => inQuietHours(at(`2026-10-08T${time}:00`), lunch)),
    ).toEqual([false, true, true, false]);
  });

  it('ends the period on the same night or the next morning', () => {
    expect(quietEnd(at('2026-10-08T23:15:00'), night)).toEqual(at('2026-10-09T07:00:00'));
    expect(quietEnd(at('2026-10-09T03:00:00'), night)).toEqual(at('2026-10-09T07:00:00'));
    expect(quietEnd(at('2026-10-08T12:10:00'), lunch)).toEqual(at('2026-10-08T13:30:00'));
  });

  it('holds back warnings until the period ends and lets every other kind go at once', () => {
    const late = at('2026-10-08T23:30:20');
    expect(deliveryDelayMs('warning', late, night)).toBe(
      at('2026-10-09T07:00:00').getTime() - late.getTime(),
    );
    for (const kind of ['overdue', 'supervision', 'repeated', 'units'] as const) {
      expect(deliveryDelayMs(kind, late, night)).toBe(0);
    }
    expect(deliveryDelayMs('warning', at('2026-10-08T10:00:00'), night)).toBe(0);
    expect(deliveryDelayMs('warning', late, undefined)).toBe(0);
  });
});
