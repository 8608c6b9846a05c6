import {
  DEFAULT_HOTLINE_RULES,
  type HotlineRules,
  isJsonObject,
  parseHotlineRules,
  refuseUnknownKeys,
  RulesFileError,
} from '#hotline';
import {
  DEFAULT_SCORECARD,
  LOWER_IS_BETTER,
  SCORECARD_COUNTS,
  SCORECARD_RATES,
  type ScorecardDeduction,
  type ScorecardPart,
  type ScorecardRules,
  WHEN_NONE,
  type WhenNone,
} from '#read-models';

/** RULES_FILE `rates`: how the rates are computed where districts differ. */
export interface RatesRules {
  /** 市民满意率 counts 基本满意 this much (满意 counts 1): 0.8 and 0.6 are both in use. */
  readonly satisfactionWeight: number;
}

/**
 * The street's rule set from RULES_FILE (JSON), one section per concern; what a file leaves out keeps its default.
 * Validated at boot like SLA_FILE: unknown keys are refused and every error starts with the JSON path of the value.
 */
export interface RulesConfig {
  /** 双先联、双回访 gates, concluded callback outcomes, extension and escalation counts. */
  readonly hotline: Required<HotlineRules>;
  /** How the rates are computed (`config.rules.rates.satisfactionWeight`). */
  readonly rates: RatesRules;
  /** 综合得分: the rates, weights, targets and deductions of the monthly ranking. */
  readonly scorecard: ScorecardRules;
}

/** The sections a rules file may have (later issues add theirs). */
export const RULES_FILE_SECTIONS = ['hotline', 'rates', 'scorecard'] as const;

export const DEFAULT_RATES: RatesRules = { satisfactionWeight: 0.8 };

export const DEFAULT_RULES: RulesConfig = {
  hotline: DEFAULT_HOTLINE_RULES,
  rates: DEFAULT_RATES,
  scorecard: DEFAULT_SCORECARD,
};

/** Parses a rules file's JSON; throws RulesFileError naming the JSON path of the first bad value. */
export function parseRulesFile(json: unknown): RulesConfig {
  if (!isJsonObject(json)) throw new RulesFileError('(root)', 'must be a JSON object');
  refuseUnknownKeys(json, RULES_FILE_SECTIONS, '');
  return {
    hotline: parseHotlineRules(json.hotline, 'hotline'),
    rates: parseRatesRules(json.rates, 'rates'),
    scorecard: parseScorecardRules(json.scorecard, 'scorecard'),
  };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function numberIn(
  value: unknown,
  path: string,
  min: number,
  max: number,
  { minOpen = false, maxOpen = false } = {},
): number {
  const ok =
    isNumber(value) && (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
  if (!ok) {
    const range = `${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw new RulesFileError(path, `${JSON.stringify(value)} is not a number in ${range}`);
  }
  return value;
}

/** The `rates` section: `satisfactionWeight` in [0, 1] (default 0.8). */
export function parseRatesRules(json: unknown, path = 'rates'): RatesRules {
  if (json === undefined) return DEFAULT_RATES;
  if (!isJsonObject(json)) throw new RulesFileError(path, 'must be an object');
  refuseUnknownKeys(json, ['satisfactionWeight'], path);
  return {
    satisfactionWeight:
      json.satisfactionWeight === undefined
        ? DEFAULT_RATES.satisfactionWeight
        : numberIn(json.satisfactionWeight, `${path}.satisfactionWeight`, 0, 1),
  };
}

function whenNoneOf(value: unknown, path: string): WhenNone {
  if (!WHEN_NONE.includes(value as WhenNone)) {
    throw new RulesFileError(path, `${JSON.stringify(value)} is not one of ${WHEN_NONE.join(', ')}`);
  }
  return value as WhenNone;
}

function listOf(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new RulesFileError(path, 'must be a list');
  return value;
}

function parsePart(json: unknown, path: string): ScorecardPart {
  if (!isJsonObject(json)) throw new RulesFileError(path, 'must be an object');
  refuseUnknownKeys(json, ['rate', 'weight', 'target', 'whenNone'], path);
  const rate = json.rate;
  if (typeof rate !== 'string' || !SCORECARD_RATES.includes(rate)) {
    throw new RulesFileError(
      `${path}.rate`,
      `${JSON.stringify(rate)} is not a rate (hotline.<rate> or grid.<rate>: ${SCORECARD_RATES.join(', ')})`,
    );
  }
  const weight = numberIn(json.weight, `${path}.weight`, 0, 1000, { minOpen: true });
  const lower = LOWER_IS_BETTER.has(rate);
  const target =
    json.target === undefined
      ? undefined
      : lower
        ? numberIn(json.target, `${path}.target`, 0, 1, { maxOpen: true })
        : numberIn(json.target, `${path}.target`, 0, 1, { minOpen: true });
  return {
    rate,
    weight,
    ...(target === undefined ? {} : { target }),
    ...(json.whenNone === undefined ? {} : { whenNone: whenNoneOf(json.whenNone, `${path}.whenNone`) }),
  };
}

function parseDeduction(json: unknown, path: string): ScorecardDeduction {
  if (!isJsonObject(json)) throw new RulesFileError(path, 'must be an object');
  refuseUnknownKeys(json, ['count', 'points', 'max'], path);
  const count = json.count;
  if (typeof count !== 'string' || !SCORECARD_COUNTS.includes(count)) {
    throw new RulesFileError(
      `${path}.count`,
      `${JSON.stringify(count)} is not a count (hotline.<count> or grid.<count>: ${SCORECARD_COUNTS.join(', ')})`,
    );
  }
  const points = numberIn(json.points, `${path}.points`, 0, 1000, { minOpen: true });
  const max = json.max === undefined ? undefined : numberIn(json.max, `${path}.max`, 0, 1000);
  return { count, points, ...(max === undefined ? {} : { max }) };
}

/**
 * The `scorecard` section (综合得分): `parts` [{rate, weight, target?, whenNone?}] (at least one, each rate once),
 * `deductions` [{count, points, max?}], `whenNone` (full, zero, skip; default full). Left out: the default scorecard;
 * a section without `deductions` has none.
 */
export function parseScorecardRules(json: unknown, path = 'scorecard'): ScorecardRules {
  if (json === undefined) return DEFAULT_SCORECARD;
  if (!isJsonObject(json)) throw new RulesFileError(path, 'must be an object');
  refuseUnknownKeys(json, ['parts', 'deductions', 'whenNone'], path);
  if (json.parts === undefined) throw new RulesFileError(`${path}.parts`, 'is required');
  const parts = listOf(json.parts, `${path}.parts`).map((part, index) =>
    parsePart(part, `${path}.parts[${index}]`),
  );
  if (parts.length === 0) throw new RulesFileError(`${path}.parts`, 'must name at least one rate');
  parts.forEach((part, index) => {
    if (parts.findIndex((other) => other.rate === part.rate) !== index) {
      throw new RulesFileError(`${path}.parts[${index}].rate`, `${part.rate} is named twice`);
    }
  });
  const deductions =
    json.deductions === undefined
      ? []
      : listOf(json.deductions, `${path}.deductions`).map((deduction, index) =>
          parseDeduction(deduction, `${path}.deductions[${index}]`),
        );
  const whenNone =
    json.whenNone === undefined ? DEFAULT_SCORECARD.whenNone : whenNoneOf(json.whenNone, `${path}.whenNone`);
  return { parts, deductions, whenNone };
}
