import { AVERAGE_DEFINITIONS, COUNT_LABELS, RATE_DEFINITIONS } from '#read-models';

/*
 * The console keeps a copy of the rate definitions (apps/web/lib/rates.js: plain JavaScript, no build step) for an
 * answer without `definitions` and for the counts' labels. The copy says what the library says.
 */
interface WebRates {
  readonly RATE_DEFINITIONS: Record<string, Record<string, object>>;
  readonly AVERAGE_DEFINITIONS: Record<string, Record<string, object>>;
  readonly COUNT_LABELS: Record<string, Record<string, string>>;
  readonly definitionsOf: (
    kind: string,
    answer?: object,
  ) => Record<string, { formula: string; weight?: number }>;
}
/** A path the compiler does not follow (the console's modules have no types). */
const WEB_RATES = '../../apps/web/lib/rates.js';
const load = async () => (await import(WEB_RATES)) as WebRates;

/** A definition without its English description (the console shows the Chinese). */
const shown = ({ description: _description, ...rest }: { readonly description?: string }) => rest;

describe("the console's copy of the rate definitions", () => {
  it.each(['hotline', 'grid'] as const)(
    'equals the library for the %s rates, averages and counts',
    async (kind) => {
      const web = await load();
      const library = Object.fromEntries(
        Object.entries(RATE_DEFINITIONS[kind]).map(([key, definition]) => [key, shown(definition)]),
      );
      expect(web.RATE_DEFINITIONS[kind]).toEqual(library);
      expect(web.AVERAGE_DEFINITIONS[kind]).toEqual(
        Object.fromEntries(
          Object.entries(AVERAGE_DEFINITIONS[kind]).map(([key, definition]) => [key, shown(definition)]),
        ),
      );
      expect(web.COUNT_LABELS[kind]).toEqual(COUNT_LABELS[kind]);
    },
  );

  it("prefers the answer's definitions, and otherwise fills in the default weight", async () => {
    const web = await load();
    expect(web.definitionsOf('hotline').satisfaction).toMatchObject({
      formula: '(满意 + 基本满意 × 0.8) ÷ 有评价的12345回访',
      weight: 0.8,
    });
    const served = {
      definitions: {
        satisfaction: {
          name: '市民满意率',
          formula: '(满意 + 基本满意 × 0.6) ÷ 有评价的12345回访',
          weight: 0.6,
        },
      },
    };
    expect(web.definitionsOf('hotline', served).satisfaction).toMatchObject({
      formula: '(满意 + 基本满意 × 0.6) ÷ 有评价的12345回访',
      weight: 0.6,
    });
  });
});
