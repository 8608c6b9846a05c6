import { deciderSpec } from '#core/testing';
import { fold } from '#core';
import type { ShopCardCommand } from './shop-card.commands.js';
import {
  isShopCardFinding,
  shopCardDecider,
  type ShopCardContext,
  violationFoundAt,
} from './shop-card.decider.js';
import type { ShopCard, ShopCardEvent } from './shop-card.events.js';

/** Day n at 10:00 Shanghai, from Monday 2 March 2026. */
const day = (n: number): string =>
  new Date(Date.parse('2026-03-02T02:00:00.000Z') + n * 86_400_000).toISOString();
const ctx = (n: number, rules?: ShopCardContext['rules']): ShopCardContext => ({
  now: new Date(day(n)),
  rules,
});
const spec = deciderSpec(shopCardDecider, () => ctx(0));
const SHOP = 'shop-88';
const violation = (findingId: string, n: number): ShopCardCommand => ({
  type: 'RecordViolation',
  data: { shopId: SHOP, findingId, at: day(n) },
});

/** A violation found on day `found` and confirmed when its finding closed, on the day the command runs. */
const foundOn = (findingId: string, found: number): ShopCardCommand => violation(findingId, found);

/** Runs commands at day n each, on the state the earlier ones left. */
function run(steps: readonly (readonly [number, ShopCardCommand])[], rules?: ShopCardContext['rules']) {
  const events: ShopCardEvent[] = [];
  for (const [n, command] of steps) {
    events.push(...shopCardDecider.decide(command, fold(shopCardDecider, events), ctx(n, rules)));
  }
  return { events, card: fold(shopCardDecider, events) as ShopCard };
}

const recorded = (findingId: string, n: number, inWindow: number): ShopCardEvent => ({
  type: 'ViolationRecorded',
  data: { shopId: SHOP, findingId, occurredAt: day(n), at: day(n), violationsInWindow: inWindow },
});

describe('the shop card (跨门营业 红黄牌)', () => {
  it('gives a warning for the first confirmed violation', () => {
    spec
      .given([])
      .when(violation('f-1', 0))
      .then([recorded('f-1', 0, 1), { type: 'WarningIssued', data: { findingId: 'f-1', at: day(0) } }]);
  });

  it('gives a yellow card for the second inside 30 days', () => {
    const { events, card } = run([
      [0, violation('f-1', 0)],
      [20, violation('f-2', 20)],
    ]);
    expect(events.slice(2)).toEqual([
      recorded('f-2', 20, 2),
      { type: 'YellowCardIssued', data: { findingId: 'f-2', violationsInWindow: 2, at: day(20) } },
    ]);
    expect(card.level).toBe('yellow');
  });

  it('gives only another warning when the second falls outside the window', () => {
    const { card, events } = run([
      [0, violation('f-1', 0)],
      [31, violation('f-2', 31)],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'ViolationRecorded',
      'WarningIssued',
      'ViolationRecorded',
      'WarningIssued',
    ]);
    expect(card.level).toBe('warning');
  });

  it('gives a red card and a referral for a repeat after a yellow card: three inside the window', () => {
    const { events, card } = run([
      [0, violation('f-1', 0)],
      [10, violation('f-2', 10)],
      [25, violation('f-3', 25)],
    ]);
    expect(events.slice(4)).toEqual([
      recorded('f-3', 25, 3),
      { type: 'RedCardIssued', data: { because: 'repeat-after-yellow', findingId: 'f-3', at: day(25) } },
      {
        type: 'ReferredToEnforcement',
        data: { because: 'repeat-after-yellow', findingId: 'f-3', at: day(25) },
      },
    ]);
    expect(card).toMatchObject({ level: 'red', referrals: 1 });
    expect(card.history.map((h) => [h.type, h.level])).toEqual([
      ['ViolationRecorded', 'none'],
      ['WarningIssued', 'warning'],
      ['ViolationRecorded', 'warning'],
      ['YellowCardIssued', 'yellow'],
      ['ViolationRecorded', 'yellow'],
      ['RedCardIssued', 'red'],
      ['ReferredToEnforcement', 'red'],
    ]);
  });

  it('refers again on a repeat after a red card', () => {
    const { events } = run([
      [0, violation('f-1', 0)],
      [10, violation('f-2', 10)],
      [25, violation('f-3', 25)],
      [40, violation('f-4', 40)],
    ]);
    expect(events.at(-1)).toEqual({
      type: 'ReferredToEnforcement',
      data: { because: 'repeat-after-red', findingId: 'f-4', at: day(40) },
    });
  });

  it('a repeat after a yellow card is red even outside the 30-day window (the card has not cleared)', () => {
    const { card } = run([
      [0, violation('f-1', 0)],
      [10, violation('f-2', 10)],
      [80, violation('f-3', 80)],
    ]);
    expect(card.level).toBe('red');
  });

  it('gives a red card and a referral for a refusal', () => {
    const refusal: ShopCardCommand = {
      type: 'RecordRefusal',
      data: { reason: '拒不整改', findingId: 'f-1' },
    };
    const { events, card } = run([
      [0, violation('f-1', 0)],
      [1, refusal],
    ]);
    expect(events.slice(2)).toEqual([
      { type: 'RefusalRecorded', data: { reason: '拒不整改', findingId: 'f-1', at: day(1) } },
      { type: 'RedCardIssued', data: { because: 'refusal', findingId: 'f-1', at: day(1) } },
      { type: 'ReferredToEnforcement', data: { because: 'refusal', findingId: 'f-1', at: day(1) } },
    ]);
    expect(card.level).toBe('red');
  });

  it('refuses a refusal for a shop without a record (404) or without a reason (400)', () => {
    spec
      .given([])
      .when({ type: 'RecordRefusal', data: { reason: 'x' } })
      .thenThrows('SHOP.NOT_FOUND');
    spec
      .given([recorded('f-1', 0, 1)])
      .when({ type: 'RecordRefusal', data: { reason: '' } })
      .thenThrows('SHOP.FIELD_REQUIRED');
  });

  it('changes nothing when the same finding is recorded again', () => {
    spec
      .given([recorded('f-1', 0, 1)])
      .when(violation('f-1', 0))
      .thenNothingHappened();
  });

  it.each([
    ['a bad time', { shopId: SHOP, findingId: 'f-1', at: 'soon' }, 'SHOP.INVALID_TIME'],
    ['no finding', { shopId: SHOP, findingId: '', at: day(0) }, 'SHOP.FIELD_REQUIRED'],
    ['no shop', { shopId: '', findingId: 'f-1', at: day(0) }, 'SHOP.FIELD_REQUIRED'],
  ] as const)('rejects a violation with %s (400)', (_what, data, code) => {
    spec.given([]).when({ type: 'RecordViolation', data }).thenThrows(code);
  });

  describe('clearing after 90 clean days', () => {
    const yellow = [
      [0, violation('f-1', 0)],
      [10, violation('f-2', 10)],
    ] as const;

    it('does nothing before 90 days have passed since the last violation', () => {
      const { events } = run([...yellow, [99, { type: 'ClearExpiredCard', data: {} }]]);
      expect(events).toHaveLength(4);
    });

    it('clears the card once 90 clean days have passed', () => {
      const { events, card } = run([...yellow, [100, { type: 'ClearExpiredCard', data: {} }]]);
      expect(events.at(-1)).toEqual({
        type: 'CardCleared',
        data: { from: 'yellow', lastIncidentAt: day(10), cleanDays: 90, at: day(100) },
      });
      expect(card.level).toBe('none');
    });

    it('does nothing for a shop without a record or a card', () => {
      spec.given([]).when({ type: 'ClearExpiredCard', data: {} }).thenNothingHappened();
      const { events } = run([
        ...yellow,
        [100, { type: 'ClearExpiredCard', data: {} }],
        [200, { type: 'ClearExpiredCard', data: {} }],
      ]);
      expect(events.filter((e) => e.type === 'CardCleared')).toHaveLength(1);
    });

    it('starts again from a warning after a clearing, even without the sweep', () => {
      const { events, card } = run([...yellow, [120, violation('f-3', 120)]]);
      expect(events.slice(4).map((e) => e.type)).toEqual([
        'CardCleared',
        'ViolationRecorded',
        'WarningIssued',
      ]);
      expect(card.level).toBe('warning');
      expect(card.violations).toHaveLength(3);
    });
  });

  describe('dated when the violation was found, not when its finding closed', () => {
    it('counts the 30-day window from the found dates: found 25 days apart, closed 40 apart, is a yellow card', () => {
      const { events, card } = run([
        [1, foundOn('f-1', 0)],
        [41, foundOn('f-2', 25)],
      ]);
      expect(events.slice(2)).toEqual([
        {
          type: 'ViolationRecorded',
          data: { shopId: SHOP, findingId: 'f-2', occurredAt: day(25), at: day(41), violationsInWindow: 2 },
        },
        { type: 'YellowCardIssued', data: { findingId: 'f-2', violationsInWindow: 2, at: day(41) } },
      ]);
      expect(card.level).toBe('yellow');
    });

    it('gives only a warning for two found more than 30 days apart, even when both close the same week', () => {
      const { card } = run([
        [40, foundOn('f-1', 0)],
        [42, foundOn('f-2', 35)],
      ]);
      expect(card.level).toBe('warning');
    });

    it('counts a violation found earlier but confirmed later inside the window of the later one', () => {
      const { events, card } = run([
        [21, foundOn('f-2', 20)],
        [30, foundOn('f-1', 5)],
      ]);
      expect(events[2]).toMatchObject({ data: { occurredAt: day(5), violationsInWindow: 2 } });
      expect(card.level).toBe('yellow');
      // The latest incident stays the latest found, whatever the order of confirmation.
      expect(card.lastIncidentAt).toBe(day(20));
    });

    it('is no repeat after a yellow card when it was found before the card was issued', () => {
      const { events, card } = run([
        [1, foundOn('f-1', 0)],
        [11, foundOn('f-2', 10)],
        [15, foundOn('f-3', 8)],
      ]);
      expect(events.slice(4)).toEqual([
        {
          type: 'ViolationRecorded',
          data: { shopId: SHOP, findingId: 'f-3', occurredAt: day(8), at: day(15), violationsInWindow: 3 },
        },
      ]);
      expect(card).toMatchObject({ level: 'yellow', referrals: 0 });
      expect(
        run([
          [1, foundOn('f-1', 0)],
          [11, foundOn('f-2', 10)],
          [15, foundOn('f-3', 12)],
        ]).card.level,
      ).toBe('red');
    });

    it('counts the 90 clean days from the found date', () => {
      const { events } = run([
        [1, foundOn('f-1', 0)],
        [20, foundOn('f-2', 10)],
        [100, { type: 'ClearExpiredCard', data: {} }],
      ]);
      expect(events.at(-1)).toEqual({
        type: 'CardCleared',
        data: { from: 'yellow', lastIncidentAt: day(10), cleanDays: 90, at: day(100) },
      });
    });

    it("dates a finding's violation by its foundAt, never later than the report", () => {
      const finding = (foundAt: string) => ({ report: { foundAt }, reportedAt: day(3) });
      expect(violationFoundAt(finding('2026-03-04T08:30:00+08:00'))).toBe('2026-03-04T00:30:00.000Z');
      expect(violationFoundAt(finding(day(9)))).toBe(day(3));
      expect(violationFoundAt(finding('soon'))).toBe(day(3));
    });
  });

  it('takes thresholds from the context', () => {
    const rules = { yellowAfterViolations: 3, windowDays: 60, clearAfterDays: 45 };
    const { card } = run(
      [
        [0, violation('f-1', 0)],
        [40, violation('f-2', 40)],
        [50, violation('f-3', 50)],
      ],
      rules,
    );
    expect(card.level).toBe('yellow');
    spec
      .given([])
      .when(violation('f-1', 0), { rules: { windowDays: 0 } })
      .thenThrows('SHOP.INVALID_RULES');
  });

  it('knows which closed findings feed a card', () => {
    const category = { standard: 'GB/T 30428.2-2013', kind: 'event', code: '04-05' };
    expect(isShopCardFinding({ shopId: SHOP, category })).toBe(true);
    expect(isShopCardFinding({ category })).toBe(false);
    expect(isShopCardFinding({ shopId: SHOP, category: { ...category, code: '04-06' } })).toBe(false);
  });
});

describe('who may record a refusal (a red card and a referral)', () => {
  const given = [
    recorded('f-1', 0, 1),
    { type: 'WarningIssued', data: { findingId: 'f-1', at: day(0) } },
  ] as ShopCardEvent[];
  const refusal = (findingId?: string): ShopCardCommand => ({
    type: 'RecordRefusal',
    data: { reason: '拒不整改', ...(findingId ? { findingId } : {}) },
  });
  const inspector = { role: 'inspector', gridIds: ['g-own'] };

  it('an inspector needs a finding of the shop in its own grids', () => {
    spec.given(given).when(refusal(), { actor: inspector }).thenThrows('SHOP.FINDING_REQUIRED');
    spec
      .given(given)
      .when(refusal('f-9'), { actor: inspector })
      .thenThrows('SHOP.FINDING_NOT_OF_SHOP', { findingId: 'f-9' });
    spec
      .given(given)
      .when(refusal('f-9'), { actor: inspector, finding: { shopId: 'shop-other', gridId: 'g-own' } })
      .thenThrows('SHOP.FINDING_NOT_OF_SHOP');
    spec
      .given(given)
      .when(refusal('f-9'), { actor: inspector, finding: { shopId: SHOP, gridId: 'g-foreign' } })
      .thenThrows('SHOP.NOT_YOUR_GRID', { gridId: 'g-foreign' });
    spec
      .given(given)
      .when(refusal('f-9'), { actor: inspector, finding: { shopId: SHOP, gridId: 'g-own' } })
      .thenEvents((events) =>
        expect(events.map((event) => event.type)).toEqual([
          'RefusalRecorded',
          'RedCardIssued',
          'ReferredToEnforcement',
        ]),
      );
  });

  it('the center’s dispatcher records one without a finding', () => {
    spec
      .given(given)
      .when(refusal(), { actor: { role: 'dispatcher', gridIds: [] } })
      .thenEvents((events) => expect(events[0]).toMatchObject({ type: 'RefusalRecorded' }));
  });
});
