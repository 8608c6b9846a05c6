import { GRID_COUNTS, ratesFromGridCounts } from './projections/grid-rates.projection.js';
import { HOTLINE_COUNTS, ratesFromCounts } from './projections/hotline-rates.projection.js';
import {
  AVERAGE_DEFINITIONS,
  COUNT_LABELS,
  describeRates,
  RATE_DEFINITIONS,
  type RateDefinition,
  type RateKind,
} from './rate-definitions.js';

const COUNTS: Record<RateKind, readonly string[]> = { hotline: HOTLINE_COUNTS, grid: GRID_COUNTS };
const RATES: Record<RateKind, (counts: Record<string, number>, weight: number) => object> = {
  hotline: (counts, satisfactionWeight) => ratesFromCounts(counts, { satisfactionWeight }),
  grid: (counts) => ratesFromGridCounts(counts),
};

/** A definition read as arithmetic, the way the district reads the formula. */
function evaluate(definition: RateDefinition, counts: Record<string, number>, weight: number) {
  const sum = (names: readonly string[] = []) =>
    names.reduce((total, name) => total + (counts[name] ?? 0), 0);
  const part =
    definition.numerator.reduce(
      (total, name, i) => total + (counts[name] ?? 0) * (definition.weighted && i === 1 ? weight : 1),
      0,
    ) - sum(definition.numeratorMinus);
  const whole = sum(definition.denominator) - sum(definition.minus);
  return whole === 0 ? null : Math.min(1, Math.max(0, part / whole));
}

/** Deterministic counts, each 0–30; a subtracted count never exceeds what it is subtracted from. */
function countsOf(kind: RateKind, seed: number): Record<string, number> {
  let state = seed;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31), state / 2 ** 31);
  const counts = Object.fromEntries(COUNTS[kind].map((name) => [name, Math.floor(next() * 31)]));
  for (const definition of Object.values<RateDefinition>(RATE_DEFINITIONS[kind])) {
    for (const [from, minus] of [
      [definition.denominator, definition.minus],
      [definition.numerator, definition.numeratorMinus],
    ] as const) {
      const total = from.reduce((sum, name) => sum + (counts[name] ?? 0), 0);
      for (const name of minus ?? []) counts[name] = Math.floor(next() * (total + 1));
    }
  }
  return counts;
}

describe.each<RateKind>(['hotline', 'grid'])('the %s rate definitions', (kind) => {
  const definitions: Record<string, RateDefinition> = RATE_DEFINITIONS[kind];

  it('define every rate the answers carry, and no other', () => {
    expect(Object.keys(definitions).sort()).toEqual(Object.keys(RATES[kind]({}, 0.8)).sort());
  });

  it('name only counts the answers carry, each with its zh-CN label', () => {
    const named = [
      ...Object.values(definitions).flatMap((d) => [
        ...d.numerator,
        ...(d.numeratorMinus ?? []),
        ...d.denominator,
        ...(d.minus ?? []),
      ]),
      ...Object.values(AVERAGE_DEFINITIONS[kind]).flatMap((d) => [...d.numerator, ...d.denominator]),
    ];
    expect(named.filter((name) => !COUNTS[kind].includes(name))).toEqual([]);
    expect(named.filter((name) => !COUNT_LABELS[kind][name])).toEqual([]);
  });

  it.each([0.8, 0.6])('say what the rates compute (w = %s)', (weight) => {
    for (let seed = 1; seed <= 25; seed++) {
      const counts = countsOf(kind, seed);
      const rates = RATES[kind](counts, weight) as Record<string, number | null>;
      for (const [key, definition] of Object.entries(definitions)) {
        const expected = evaluate(definition, counts, weight);
        expect([key, rates[key] === null ? null : Number(rates[key]!.toFixed(10))]).toEqual([
          key,
          expected === null ? null : Number(expected.toFixed(10)),
        ]);
      }
    }
  });
});

describe('describeRates', () => {
  it('fills in the weight of 基本满意 in the formula of the satisfaction rates', () => {
    expect(describeRates('hotline', { satisfactionWeight: 0.6 }).satisfaction).toMatchObject({
      name: '市民满意率',
      formula: '(满意 + 基本满意 × 0.6) ÷ 有评价的12345回访',
      weight: 0.6,
    });
    const byDefault = describeRates('hotline', {});
    expect(byDefault.satisfaction!.formula).toBe('(满意 + 基本满意 × 0.8) ÷ 有评价的12345回访');
    expect(byDefault.satisfactionAttitude!.formula).toBe(
      '(态度满意 + 态度基本满意 × 0.8) ÷ 有态度评价的回访',
    );
    expect(byDefault.resolutionClaimed).toMatchObject({
      formula: '实际解决 ÷ (实际解决 + 解释说明 + 未解决)',
    });
    expect(byDefault.resolutionClaimed).not.toHaveProperty('weight');
  });

  it('writes a subtraction below the line as the district does', () => {
    expect(describeRates('grid').closure!.formula).toBe('结案 ÷ (应结案 − 缓办)');
    expect(describeRates('grid').accurateDispatch!.formula).toBe('(派遣 − 派遣被回退) ÷ 派遣');
  });
});
