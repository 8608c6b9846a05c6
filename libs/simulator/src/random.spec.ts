import { idsFor, MAX_SEED } from './ids.js';
import { hashOf, Rng } from './random.js';

describe('Rng', () => {
  it('gives the same draws for the same parts and other draws for other parts', () => {
    const draws = (rng: Rng) => Array.from({ length: 5 }, () => rng.next());
    expect(draws(new Rng(1, 'ticket', 7))).toEqual(draws(new Rng(1, 'ticket', 7)));
    expect(draws(new Rng(1, 'ticket', 7))).not.toEqual(draws(new Rng(1, 'ticket', 8)));
    expect(draws(new Rng(1, 'ticket', 7))).not.toEqual(draws(new Rng(2, 'ticket', 7)));
    expect(hashOf(1, 'a')).toBe(hashOf(1, 'a'));
    expect(hashOf(1, 'a')).not.toBe(hashOf(1, 'b'));
  });

  it('draws within its ranges and in proportion to the weights', () => {
    const rng = new Rng(42);
    const counts = { a: 0, b: 0, c: 0 };
    let poisson = 0;
    let [low, high] = [1, 0];
    const ints = new Set<number>();
    for (let i = 0; i < 20_000; i += 1) {
      const x = rng.next();
      low = Math.min(low, x);
      high = Math.max(high, x);
      ints.add(rng.int(3, 5));
      counts[rng.weighted({ a: 1, b: 3, c: 0 })] += 1;
      poisson += rng.poisson(4);
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect([...ints].sort()).toEqual([3, 4, 5]);
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
    expect(poisson / 20_000).toBeCloseTo(4, 1);
    expect(new Rng(1).poisson(0)).toBe(0);
  });

  it('refuses to pick from nothing', () => {
    expect(() => new Rng(1).pick([])).toThrow(RangeError);
    expect(() => new Rng(1).weighted({ a: 0 })).toThrow(RangeError);
  });
});

describe('idsFor', () => {
  it('makes readable ids and 13-digit 工单编号 that no other seed shares', () => {
    const ids = idsFor(7);
    expect(ids.ticketId(12)).toBe('sim-7-t12');
    expect(ids.findingId(3)).toBe('sim-7-f3');
    expect(ids.bikeId(3)).toBe('sim-7-b3');
    expect(ids.shopId(3)).toBe('sim-7-s3');
    expect(ids.ticketNo(12)).toBe('9000007000012');
    expect(ids.mergedCallNo(12)).toBe('8000007000012');
    const numbers = new Set<string>();
    for (const seed of [0, 1, 7, 70, 700_000, MAX_SEED]) {
      for (const n of [1, 2, 999, 999_999]) {
        const no = idsFor(seed).ticketNo(n);
        expect(no).toMatch(/^\d{13}$/);
        numbers.add(no);
        numbers.add(idsFor(seed).mergedCallNo(n));
      }
    }
    expect(numbers.size).toBe(6 * 4 * 2);
  });

  it('masks phone numbers the same way every time, never a full number', () => {
    const ids = idsFor(7);
    const masked = ids.maskedPhone('sim-7-p1');
    expect(masked).toMatch(/^\*{7}\d{4}$/);
    expect(ids.maskedPhone('sim-7-p1')).toBe(masked);
  });

  it('refuses seeds and case numbers outside the 工单编号 digits', () => {
    expect(() => idsFor(-1)).toThrow(RangeError);
    expect(() => idsFor(1.5)).toThrow(RangeError);
    expect(() => idsFor(MAX_SEED + 1)).toThrow(RangeError);
    expect(() => idsFor(1).ticketNo(0)).toThrow(RangeError);
    expect(() => idsFor(1).ticketNo(1_000_000)).toThrow(RangeError);
  });
});
