import {
  cellReads,
  bucketReads,
  daysBetween,
  groupBucketSums,
  isoWeek,
  PeriodError,
  readsFor,
} from './bucket-query.js';

describe('bucket statistics helpers', () => {
  it('names ISO weeks, across year ends', () => {
    expect(isoWeek('2026-03-02')).toBe('2026-W10');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('lists the days of a period and refuses a reversed or too long one', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2024-01-01', '2024-12-31')).toHaveLength(366);
    expect(() => daysBetween('2026-03-02', '2026-03-01')).toThrow(PeriodError);
    expect(() => daysBetween('2025-01-01', '2026-01-02')).toThrow('at most 366 days');
  });

  it('reads whole months from month buckets and the rest from day buckets, unless the grouping splits months', () => {
    const year = daysBetween('2025-12-30', '2026-12-29');
    const reads = bucketReads(year, 'none', 'unit');
    // 2 days of December 2025, 11 whole months, 29 days of December 2026.
    expect(reads).toHaveLength(2 + 11 + 29);
    expect(reads.filter((read) => read.hash.startsWith('month:')).map((read) => read.hash)).toEqual(
      Array.from({ length: 11 }, (_, i) => `month:2026-${String(i + 1).padStart(2, '0')}:unit`),
    );
    expect(reads[0]).toEqual({ hash: 'day:2025-12-30:unit', period: 'all' });
    expect(bucketReads(daysBetween('2026-02-01', '2026-03-31'), 'month', 'none')).toEqual([
      { hash: 'month:2026-02:none', period: '2026-02' },
      { hash: 'month:2026-03:none', period: '2026-03' },
    ]);
    expect(bucketReads(daysBetween('2026-02-01', '2026-02-28'), 'week', 'none')).toHaveLength(28);
  });

  it('groups summed buckets by dimension value, or by period with empty periods kept', () => {
    const days = daysBetween('2026-03-01', '2026-03-02');
    const byUnit = readsFor(days, { dimension: 'unit' });
    expect(byUnit.map((read) => read.hash)).toEqual(['day:2026-03-01:unit', 'day:2026-03-02:unit']);
    expect(
      groupBucketSums(byUnit, [{ 'unit-1|received': 2 }, { 'unit-1|received': 1, 'unit-2|signed': 1 }], {
        dimension: 'unit',
      }),
    ).toEqual(
      new Map([
        ['unit-1', { received: 3 }],
        ['unit-2', { signed: 1 }],
      ]),
    );
    const byDay = readsFor(days, 'day');
    expect(groupBucketSums(byDay, [{ 'all|received': 4 }, {}], 'day')).toEqual(
      new Map([
        ['2026-03-01', { received: 4 }],
        ['2026-03-02', {}],
      ]),
    );
  });

  it('reads one cell of an answer from the day hashes of its dimension, or of its period', () => {
    const days = daysBetween('2026-03-30', '2026-04-02');
    const byUnit = cellReads(days, { dimension: 'unit' }, 'enforcement', 'satisfied');
    expect([...byUnit.dayOfHash]).toEqual(days.map((day) => [`day:${day}:unit`, day]));
    expect(byUnit.field).toBe('enforcement|satisfied');
    const april = cellReads(days, 'month', '2026-04', 'received');
    expect([...april.dayOfHash.values()]).toEqual(['2026-04-01', '2026-04-02']);
    expect(april.field).toBe('all|received');
  });
});
