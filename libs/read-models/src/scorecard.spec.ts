import {
  DEFAULT_SCORECARD,
  deductionPoints,
  partPoints,
  rankRows,
  type ScorecardInputRow,
  scorecardRows,
  type ScorecardRules,
} from './scorecard.js';

const row = (
  group: string,
  rates: Record<string, number | null>,
  counts: Record<string, number> = {},
  excluded = 0,
): ScorecardInputRow => ({ group, rates, counts, excluded });

describe('综合得分: the scorer', () => {
  it('gives a part weight × min(1, value ÷ target), and the full weight at or above the target', () => {
    const part = { rate: 'hotline.satisfaction', weight: 30, target: 0.95 };
    expect(partPoints(part, 0.95, 'full')).toBe(30);
    expect(partPoints(part, 1, 'full')).toBe(30);
    expect(partPoints(part, 0.76, 'full')).toBeCloseTo(24);
    expect(partPoints({ rate: 'hotline.onTimeCompletion', weight: 20 }, 0.5, 'full')).toBe(10);
  });

  it('scores the complement of a lower-is-better rate against a ceiling', () => {
    // 重办率 5% with a ceiling of 10%: full; 20%: (1 − 0.2) ÷ (1 − 0.1) of the weight.
    const part = { rate: 'hotline.reopen', weight: 10, target: 0.1 };
    expect(partPoints(part, 0.05, 'full')).toBe(10);
    expect(partPoints(part, 0.2, 'full')).toBeCloseTo((10 * 0.8) / 0.9);
    expect(partPoints({ rate: 'grid.rework', weight: 10 }, 0.25, 'full')).toBe(7.5);
  });

  it('scores a rate with nothing due (无件) by whenNone: full, zero, or left out', () => {
    const part = { rate: 'hotline.resolution', weight: 30 };
    expect(partPoints(part, null, 'full')).toBe(30);
    expect(partPoints(part, null, 'zero')).toBe(0);
    expect(partPoints(part, null, 'skip')).toBeNull();
    expect(partPoints({ ...part, whenNone: 'zero' }, null, 'full')).toBe(0);
  });

  it('takes count × points off for a deduction, at most its max', () => {
    expect(deductionPoints({ count: 'hotline.reopened', points: 1, max: 10 }, 3)).toBe(3);
    expect(deductionPoints({ count: 'hotline.reopened', points: 2, max: 10 }, 7)).toBe(10);
    expect(deductionPoints({ count: 'grid.reworked', points: 0.5 }, 30)).toBe(15);
  });

  it('ranks the units of a month by the default scorecard, with parts, deductions, exclusions and the change', () => {
    const rows = scorecardRows(
      DEFAULT_SCORECARD,
      {
        hotline: [
          row(
            'enforcement',
            { satisfaction: 0.95, resolution: 0.9, onTimeCompletion: 1 },
            { reopened: 2 },
            3,
          ),
          row('market', { satisfaction: 0.76, resolution: 0.45, onTimeCompletion: 0.5 }, { reopened: 0 }),
        ],
        grid: [row('enforcement', { onTimeClosure: 0.5 }, {}, 1), row('housing', { onTimeClosure: 1 })],
      },
      {
        nameOf: (group) => ({ enforcement: '城管中队', market: '市场监管所' })[group],
        previous: new Map([['enforcement', 90]]),
      },
    );
    expect(rows.map((r) => [r.rank, r.group, r.name, r.score])).toEqual([
      // Nothing of the hotline for housing: its three hotline parts score full (无件), and 按期结案率 is 100%.
      [1, 'housing', 'housing', 100],
      // 30 + 30 + 20 + 10, minus 2 reopened × 1 point.
      [2, 'enforcement', '城管中队', 88],
      // 24 + 15 + 10 + 20 (no grid findings: full).
      [3, 'market', '市场监管所', 69],
    ]);
    const enforcement = rows.find((r) => r.group === 'enforcement')!;
    expect(enforcement.parts).toEqual([
      { rate: 'hotline.satisfaction', value: 0.95, weight: 30, target: 0.95, points: 30 },
      { rate: 'hotline.resolution', value: 0.9, weight: 30, target: 0.9, points: 30 },
      { rate: 'hotline.onTimeCompletion', value: 1, weight: 20, target: 1, points: 20 },
      { rate: 'grid.onTimeClosure', value: 0.5, weight: 20, target: 1, points: 10 },
    ]);
    expect(enforcement.deductions).toEqual([{ count: 'hotline.reopened', value: 2, points: 2 }]);
    expect(enforcement.excluded).toBe(4);
    expect(enforcement).toMatchObject({ previousScore: 90, change: -2 });
    expect(rows.find((r) => r.group === 'market')).toMatchObject({ previousScore: null, change: null });
  });

  it('leaves a skipped part out and scales the others up to the full weight', () => {
    const rules: ScorecardRules = {
      parts: [
        { rate: 'hotline.satisfaction', weight: 50 },
        { rate: 'grid.onTimeClosure', weight: 50 },
      ],
      deductions: [],
      whenNone: 'skip',
    };
    const [only] = scorecardRows(rules, { hotline: [row('u', { satisfaction: 0.8 })], grid: [] });
    expect(only).toMatchObject({ score: 80, parts: [{ points: 40 }, { points: null, value: null }] });
  });

  it('never scores below zero', () => {
    const rules: ScorecardRules = {
      parts: [{ rate: 'hotline.satisfaction', weight: 10 }],
      deductions: [{ count: 'hotline.reopened', points: 5 }],
      whenNone: 'full',
    };
    const [only] = scorecardRows(rules, {
      hotline: [row('u', { satisfaction: 0.5 }, { reopened: 4 })],
      grid: [],
    });
    expect(only).toMatchObject({ score: 0, deductions: [{ value: 4, points: 20 }] });
  });

  it('gives equal scores the same rank, and the next one the rank after them all', () => {
    const ranked = rankRows([
      { group: 'c', score: 80 },
      { group: 'b', score: 95 },
      { group: 'a', score: 95 },
      { group: 'd', score: 70 },
    ]);
    expect(ranked.map((r) => [r.group, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
      ['d', 4],
    ]);
  });
});
