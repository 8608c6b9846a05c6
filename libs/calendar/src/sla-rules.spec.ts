import { SlaRulesError } from './calendar.errors.js';
import { DEFAULT_SLA_RULES, limitFor, parseSlaRules, slaRulesToJson } from './sla-rules.js';

/** The example file of issue 3, with the step clocks of the clocks issue (dispatch, accept, review, upstream). */
const ISSUE_EXAMPLE = {
  hotline: {
    sign: '2wh',
    dispatch: '2wh',
    accept: '2wh',
    firstContact: '1wd',
    handle: { consultation: '1wd', suggestion: '1wd', '*': '5wd' },
    review: '4wh',
    rework: '3wd',
    callback: '1wd',
    upstream: { consultation: '1wd', suggestion: '1wd', '*': '5wd' },
  },
  hotlineUrgent: {
    sign: '30m',
    dispatch: '30m',
    accept: '30m',
    firstContact: '2h',
    handle: '24h',
    upstream: '24h',
  },
  grid: { verify: '1h', file: '1h', dispatch: '1wh', check: '1wd', maxExtension: '10wd' },
  warnAt: 0.67,
};

describe('SLA rules', () => {
  it('has the defaults of domain.md built in, the issue example among them', () => {
    expect(parseSlaRules(ISSUE_EXAMPLE)).toEqual(DEFAULT_SLA_RULES);
    expect(slaRulesToJson(DEFAULT_SLA_RULES)).toEqual({
      ...ISSUE_EXAMPLE,
      hotline: { ...ISSUE_EXAMPLE.hotline, extension: '15wd' },
    });
  });

  it.each([
    ['hotline.sign', {}, '2wh'],
    ['hotline.sign', { urgency: 'urgent' }, '30m'],
    ['hotline.firstContact', { type: 'complaint' }, '1wd'],
    ['hotline.firstContact', { type: 'complaint', urgency: 'urgent' }, '2h'],
    ['hotline.handle', { type: 'consultation' }, '1wd'],
    ['hotline.handle', { type: 'suggestion' }, '1wd'],
    ['hotline.handle', { type: 'complaint' }, '5wd'],
    ['hotline.handle', { type: 'help', urgency: 'urgent' }, '24h'], // urgent: the same day, 24 natural hours
    ['hotline.accept', { urgency: 'urgent' }, '30m'],
    ['hotline.upstream', { type: 'consultation' }, '1wd'],
    ['hotline.review', {}, '4wh'],
    ['hotline.handle', {}, '5wd'],
    ['hotline.handle', { type: 'constructor' }, '5wd'],
    ['hotline.extension', { type: 'complaint' }, '15wd'],
    ['hotline.rework', {}, '3wd'],
    ['hotline.callback', {}, '1wd'],
    ['grid.file', {}, '1h'],
    ['grid.check', {}, '1wd'],
  ] as const)('limitFor %s %j is %s', (stage, subject, expected) => {
    const { amount, unit } = limitFor(DEFAULT_SLA_RULES, stage, subject);
    expect(`${amount}${unit}`).toBe(expected);
  });

  it('lets an office tune one value and keep the other defaults (a drill with minute-long limits)', () => {
    const drill = parseSlaRules({ hotline: { sign: '2m', handle: { '*': '10m' } }, warnAt: 0.5 });
    expect(limitFor(drill, 'hotline.sign')).toEqual({ amount: 2, unit: 'm' });
    // A type-keyed object replaces the default as a whole: consultation is no longer 1wd.
    expect(limitFor(drill, 'hotline.handle', { type: 'consultation' })).toEqual({ amount: 10, unit: 'm' });
    expect(limitFor(drill, 'hotline.firstContact')).toEqual({ amount: 1, unit: 'wd' });
    expect(limitFor(drill, 'hotline.sign', { urgency: 'urgent' })).toEqual({ amount: 30, unit: 'm' });
    expect(drill.warnAt).toBe(0.5);
  });

  it('resolves urgent overrides by type, and null removes one', () => {
    const rules = parseSlaRules({ hotlineUrgent: { handle: { complaint: '1wd' }, firstContact: null } });
    expect(limitFor(rules, 'hotline.handle', { type: 'complaint', urgency: 'urgent' })).toEqual({
      amount: 1,
      unit: 'wd',
    });
    expect(limitFor(rules, 'hotline.handle', { type: 'report', urgency: 'urgent' })).toEqual({
      amount: 5,
      unit: 'wd',
    });
    expect(limitFor(rules, 'hotline.firstContact', { urgency: 'urgent' })).toEqual({ amount: 1, unit: 'wd' });
    expect(limitFor(rules, 'hotline.sign', { urgency: 'urgent' })).toEqual({ amount: 30, unit: 'm' });
  });

  it('keys grid limits by any sub-class code', () => {
    const rules = parseSlaRules({ grid: { check: { '01-10': '4wh', '01-12': '2wh', '*': '1wd' } } });
    expect(limitFor(rules, 'grid.check', { type: '01-10' })).toEqual({ amount: 4, unit: 'wh' });
    expect(limitFor(rules, 'grid.check', { type: '04-06' })).toEqual({ amount: 1, unit: 'wd' });
  });

  it.each([
    [
      { hotline: { handle: { complaint: '5x', '*': '5wd' } } },
      'hotline.handle.complaint: "5x" is not a duration',
    ],
    [{ hotline: { sign: 2 } }, 'hotline.sign: 2 is not a duration'],
    [{ hotline: { sign: null } }, 'hotline.sign: null is not a duration'],
    [{ hotlineUrgent: { sign: '0m' } }, 'hotlineUrgent.sign: "0m" is not a duration'],
    [
      { hotlineUrgent: { handle: { complaint: '1.5wd' } } },
      'hotlineUrgent.handle.complaint: "1.5wd" is not a duration',
    ],
    [{ grid: { check: '1 wd' } }, 'grid.check: "1 wd" is not a duration'],
    [
      { hotline: { handle: { complaint: '3wd' } } },
      'hotline.handle.*: missing: a type-keyed limit needs a "*" default',
    ],
    [
      { hotline: { handle: { complain: '3wd', '*': '5wd' } } },
      'hotline.handle.complain: unknown ticket type',
    ],
    [{ hotline: { handle: {} } }, 'hotline.handle: an empty object'],
    [
      { hotline: { sgin: '2wh' } },
      'hotline.sgin: unknown key (expected one of sign, dispatch, accept, firstContact, handle',
    ],
    [{ hotlines: {} }, 'hotlines: unknown key (expected one of hotline, hotlineUrgent, grid, warnAt)'],
    [{ grid: [] }, 'grid: expected an object, got []'],
    [{ warnAt: 1.5 }, 'warnAt: 1.5 is not a fraction between 0 and 1'],
    [{ warnAt: '0.67' }, 'warnAt: "0.67" is not a fraction between 0 and 1'],
    ['2wh', '(root): expected an object, got "2wh"'],
  ])('refuses %j with the path of the bad value', (json, message) => {
    expect(() => parseSlaRules(json)).toThrow(message);
  });

  it('throws a typed error carrying the path', () => {
    let caught: unknown;
    try {
      parseSlaRules({ hotline: { handle: { complaint: '5x', '*': '5wd' } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SlaRulesError);
    expect(caught).toMatchObject({
      path: 'hotline.handle.complaint',
      code: 'SLA.INVALID_RULES',
      kind: 'invalid-input',
    });
  });
});
