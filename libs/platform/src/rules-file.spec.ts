import { DEFAULT_HOTLINE_RULES } from '#hotline';
import { DEFAULT_SCORECARD } from '#read-models';
import { DEFAULT_RULES, parseRulesFile } from './rules-file.js';

describe('RULES_FILE: the rates and scorecard sections', () => {
  it('keeps every default for an empty file: 基本满意 counts 0.8, the default scorecard', () => {
    const rules = parseRulesFile({});
    expect(rules).toEqual(DEFAULT_RULES);
    expect(rules.rates.satisfactionWeight).toBe(0.8);
    expect(rules.hotline).toEqual(DEFAULT_HOTLINE_RULES);
    expect(rules.scorecard).toEqual(DEFAULT_SCORECARD);
    expect(rules.scorecard.whenNone).toBe('full');
  });

  it('takes a satisfaction weight in [0, 1]', () => {
    expect(parseRulesFile({ rates: { satisfactionWeight: 0.6 } }).rates).toEqual({ satisfactionWeight: 0.6 });
    expect(parseRulesFile({ rates: { satisfactionWeight: 0 } }).rates.satisfactionWeight).toBe(0);
    expect(parseRulesFile({ rates: {} }).rates.satisfactionWeight).toBe(0.8);
    expect(() => parseRulesFile({ rates: { satisfactionWeight: 1.2 } })).toThrow(
      /^rates\.satisfactionWeight: 1\.2 is not a number in \[0, 1\]/,
    );
    expect(() => parseRulesFile({ rates: { satisfactionWeight: '0.8' } })).toThrow(
      /rates\.satisfactionWeight/,
    );
    expect(() => parseRulesFile({ rates: { basicWeight: 0.8 } })).toThrow(/^rates\.basicWeight: unknown key/);
  });

  it("reads a street's scorecard: parts with weights and targets, deductions with caps, whenNone", () => {
    const { scorecard } = parseRulesFile({
      scorecard: {
        parts: [
          { rate: 'hotline.satisfaction', weight: 40, target: 0.9 },
          { rate: 'hotline.reopen', weight: 10, target: 0.05, whenNone: 'zero' },
          { rate: 'grid.onTimeClosure', weight: 50 },
        ],
        deductions: [{ count: 'grid.reworked', points: 0.5, max: 5 }],
        whenNone: 'skip',
      },
    });
    expect(scorecard).toEqual({
      parts: [
        { rate: 'hotline.satisfaction', weight: 40, target: 0.9 },
        { rate: 'hotline.reopen', weight: 10, target: 0.05, whenNone: 'zero' },
        { rate: 'grid.onTimeClosure', weight: 50 },
      ],
      deductions: [{ count: 'grid.reworked', points: 0.5, max: 5 }],
      whenNone: 'skip',
    });
    // Without deductions: none (not the default's).
    expect(
      parseRulesFile({ scorecard: { parts: [{ rate: 'grid.closure', weight: 100 }] } }).scorecard,
    ).toEqual({ parts: [{ rate: 'grid.closure', weight: 100 }], deductions: [], whenNone: 'full' });
  });

  it.each([
    [{ scorecard: [] }, /^scorecard: must be an object/],
    [{ scorecard: { deductions: [] } }, /^scorecard\.parts: is required/],
    [{ scorecard: { parts: [] } }, /^scorecard\.parts: must name at least one rate/],
    [{ scorecard: { parts: {} } }, /^scorecard\.parts: must be a list/],
    [
      { scorecard: { parts: [{ rate: 'hotline.happiness', weight: 10 }] } },
      /^scorecard\.parts\[0\]\.rate: "hotline\.happiness" is not a rate/,
    ],
    [
      { scorecard: { parts: [{ rate: 'satisfaction', weight: 10 }] } },
      /^scorecard\.parts\[0\]\.rate: "satisfaction" is not a rate/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 0 }] } },
      /^scorecard\.parts\[0\]\.weight: 0 is not a number in \(0, 1000\]/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 10, target: 0 }] } },
      /^scorecard\.parts\[0\]\.target: 0 is not a number in \(0, 1\]/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.rework', weight: 10, target: 1 }] } },
      /^scorecard\.parts\[0\]\.target: 1 is not a number in \[0, 1\)/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 10, whenNone: 'half' }] } },
      /^scorecard\.parts\[0\]\.whenNone: "half" is not one of full, zero, skip/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 10, points: 3 }] } },
      /^scorecard\.parts\[0\]\.points: unknown key/,
    ],
    [
      {
        scorecard: {
          parts: [
            { rate: 'grid.closure', weight: 10 },
            { rate: 'grid.closure', weight: 20 },
          ],
        },
      },
      /^scorecard\.parts\[1\]\.rate: grid\.closure is named twice/,
    ],
    [
      {
        scorecard: {
          parts: [{ rate: 'grid.closure', weight: 10 }],
          deductions: [{ count: 'hotline.complaints', points: 1 }],
        },
      },
      /^scorecard\.deductions\[0\]\.count: "hotline\.complaints" is not a count/,
    ],
    [
      {
        scorecard: {
          parts: [{ rate: 'grid.closure', weight: 10 }],
          deductions: [{ count: 'hotline.reopened', points: -1 }],
        },
      },
      /^scorecard\.deductions\[0\]\.points: -1 is not a number/,
    ],
    [
      {
        scorecard: {
          parts: [{ rate: 'grid.closure', weight: 10 }],
          deductions: [{ count: 'hotline.reopened', points: 1, cap: 3 }],
        },
      },
      /^scorecard\.deductions\[0\]\.cap: unknown key/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 10 }], whenNone: 'never' } },
      /^scorecard\.whenNone: "never" is not one of full, zero, skip/,
    ],
    [
      { scorecard: { parts: [{ rate: 'grid.closure', weight: 10 }], weights: {} } },
      /^scorecard\.weights: unknown key/,
    ],
  ])('refuses %j with the JSON path of the bad value', (json, message) => {
    expect(() => parseRulesFile(json)).toThrow(message);
  });
});
