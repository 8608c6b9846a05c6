import { HOTLINE_RATE_NAMES } from '#hotline';
import { GRID_COUNTS } from './projections/grid-rates.projection.js';
import { HOTLINE_COUNTS } from './projections/hotline-rates.projection.js';

/*
 * 综合得分: the score a street ranks its units and grids on every month, a weighted sum of chosen rates with targets,
 * minus deductions counted from events. Pure: the figures come in (the statistics rows of both kinds, grouped the same
 * way), the ranked rows go out. The rules come from RULES_FILE `scorecard` (docs/operations.md).
 */

/** The grid rates a scorecard part may name (as `grid.<rate>`). */
export const GRID_RATE_NAMES = [
  'valid',
  'filedOnTime',
  'onTimeHandling',
  'closure',
  'onTimeClosure',
  'rework',
  'firstTimeFix',
  'accurateDispatch',
  'checkOnTime',
] as const;

/** Every rate name a part may use: `hotline.satisfaction`, `grid.onTimeClosure` … */
export const SCORECARD_RATES: readonly string[] = [
  ...HOTLINE_RATE_NAMES.map((rate) => `hotline.${rate}`),
  ...GRID_RATE_NAMES.map((rate) => `grid.${rate}`),
];

/** Every count a deduction may use: `hotline.reopened`, `grid.reworked` … */
export const SCORECARD_COUNTS: readonly string[] = [
  ...HOTLINE_COUNTS.map((count) => `hotline.${count}`),
  ...GRID_COUNTS.map((count) => `grid.${count}`),
];

/**
 * Rates where less is better (重办率, 退单率, 延期率, 超期率, 返工率): a part scores their complement, and its target is
 * a ceiling.
 */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'hotline.reopen',
  'hotline.return',
  'hotline.returnUpstream',
  'hotline.extension',
  'hotline.overdue',
  'grid.rework',
]);

/** What a part with nothing due (its rate is null, 无件) scores: its full weight, nothing, or it is left out. */
export type WhenNone = 'full' | 'zero' | 'skip';
export const WHEN_NONE: readonly WhenNone[] = ['full', 'zero', 'skip'];

/** One rate of the score. */
export interface ScorecardPart {
  /** `hotline.<rate>` or `grid.<rate>`. */
  readonly rate: string;
  /** The points the part is worth at its target or better. */
  readonly weight: number;
  /**
   * The value that earns the full weight: a floor in (0, 1] (default 1), or for a lower-is-better rate a ceiling in
   * [0, 1) (default 0).
   */
  readonly target?: number;
  /** Overrides the scorecard's `whenNone` for this part. */
  readonly whenNone?: WhenNone;
}

/** Points taken off per event counted. */
export interface ScorecardDeduction {
  /** `hotline.<count>` or `grid.<count>`. */
  readonly count: string;
  /** Points per unit of the count. */
  readonly points: number;
  /** At most this many points for the deduction (no cap when left out). */
  readonly max?: number;
}

/** RULES_FILE `scorecard`. */
export interface ScorecardRules {
  readonly parts: readonly ScorecardPart[];
  readonly deductions: readonly ScorecardDeduction[];
  /** What a part with nothing due scores unless the part says otherwise (default `full`: 无件 scores full). */
  readonly whenNone: WhenNone;
}

/** The scorecard when RULES_FILE has none: satisfaction and resolution first, as the district ranks streets. */
export const DEFAULT_SCORECARD: ScorecardRules = {
  parts: [
    { rate: 'hotline.satisfaction', weight: 30, target: 0.95 },
    { rate: 'hotline.resolution', weight: 30, target: 0.9 },
    { rate: 'hotline.onTimeCompletion', weight: 20 },
    { rate: 'grid.onTimeClosure', weight: 20 },
  ],
  deductions: [{ count: 'hotline.reopened', points: 1, max: 10 }],
  whenNone: 'full',
};

/** The figures of one group, as a statistics row answers them. */
export interface ScorecardInputRow {
  readonly group: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly rates: Readonly<Record<string, number | null>>;
  readonly excluded?: number;
}

export interface ScorePart {
  readonly rate: string;
  readonly value: number | null;
  readonly weight: number;
  readonly target: number;
  /** The points earned; null when the part was left out (`whenNone: skip` and nothing due). */
  readonly points: number | null;
}

export interface ScoreDeduction {
  readonly count: string;
  readonly value: number;
  /** The points taken off (a positive number). */
  readonly points: number;
}

/** One ranked row of a scorecard. */
export interface ScorecardRow {
  readonly group: string;
  readonly name: string;
  readonly score: number;
  /** 1 is the best; equal scores share a rank (1, 1, 3). */
  readonly rank: number;
  readonly parts: readonly ScorePart[];
  readonly deductions: readonly ScoreDeduction[];
  /** Cases of the group taken out of at least one rate (考核剔除), hotline and grid together. */
  readonly excluded: number;
  /** The group's score the month before, null when it had none. */
  readonly previousScore: number | null;
  /** score − previousScore (环比), null when there is no previous score. */
  readonly change: number | null;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The value a part compares with its target: the rate, or its complement where less is better. */
function targetOf(part: ScorecardPart): number {
  return part.target ?? (LOWER_IS_BETTER.has(part.rate) ? 0 : 1);
}

/**
 * The points of a part: weight × min(1, value ÷ target), or for a lower-is-better rate
 * weight × min(1, (1 − value) ÷ (1 − target)); a null value scores by `whenNone`.
 */
export function partPoints(part: ScorecardPart, value: number | null, whenNone: WhenNone): number | null {
  if (value === null) {
    const when = part.whenNone ?? whenNone;
    return when === 'full' ? part.weight : when === 'zero' ? 0 : null;
  }
  const target = targetOf(part);
  const ratio = LOWER_IS_BETTER.has(part.rate) ? (1 - value) / (1 - target) : value / target;
  return part.weight * Math.min(1, Math.max(0, ratio));
}

/** A deduction: min(max, count × points). */
export function deductionPoints(deduction: ScorecardDeduction, value: number): number {
  const points = value * deduction.points;
  return deduction.max === undefined ? points : Math.min(deduction.max, points);
}

/**
 * The score of one group: the parts' points (with skipped parts left out and the others scaled up to the full
 * weight), minus the deductions, never below 0; rounded to two decimals.
 */
function scoreOf(
  rules: ScorecardRules,
  hotline: ScorecardInputRow | undefined,
  grid: ScorecardInputRow | undefined,
): { score: number; parts: ScorePart[]; deductions: ScoreDeduction[] } {
  const rowOf = (name: string) => (name.startsWith('hotline.') ? hotline : grid);
  const keyOf = (name: string) => name.slice(name.indexOf('.') + 1);
  const parts = rules.parts.map((part): ScorePart => {
    const value = rowOf(part.rate)?.rates[keyOf(part.rate)] ?? null;
    const points = partPoints(part, value, rules.whenNone);
    return {
      rate: part.rate,
      value,
      weight: part.weight,
      target: targetOf(part),
      points: points === null ? null : round2(points),
    };
  });
  const total = rules.parts.reduce((sum, part) => sum + part.weight, 0);
  let earned = 0;
  let counted = 0;
  rules.parts.forEach((part, index) => {
    const value = parts[index]?.value ?? null;
    const points = partPoints(part, value, rules.whenNone);
    if (points === null) return;
    earned += points;
    counted += part.weight;
  });
  // Every part skipped: nothing to judge the group on, which scores like 无件 (full).
  const base = counted === 0 ? total : (earned * total) / counted;
  const deductions = rules.deductions.map((deduction): ScoreDeduction => {
    const value = rowOf(deduction.count)?.counts[keyOf(deduction.count)] ?? 0;
    return { count: deduction.count, value, points: round2(deductionPoints(deduction, value)) };
  });
  const taken = rules.deductions.reduce(
    (sum, deduction, index) => sum + deductionPoints(deduction, deductions[index]?.value ?? 0),
    0,
  );
  return { score: round2(Math.max(0, base - taken)), parts, deductions };
}

/** Ranks rows by score, best first; equal scores share a rank and are ordered by group. */
export function rankRows<Row extends { readonly group: string; readonly score: number }>(
  rows: readonly Row[],
): (Row & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || a.group.localeCompare(b.group));
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || row.score !== sorted[index - 1]?.score) rank = index + 1;
    return { ...row, rank };
  });
}

/**
 * The scorecard of a period: one row per group found in either kind's rows (grouped the same way: by unit or by
 * grid), scored by the rules, ranked, with the name from `nameOf` and the change against `previous` (group → score).
 */
export function scorecardRows(
  rules: ScorecardRules,
  figures: { readonly hotline: readonly ScorecardInputRow[]; readonly grid: readonly ScorecardInputRow[] },
  options: {
    readonly nameOf?: (group: string) => string | undefined;
    readonly previous?: ReadonlyMap<string, number>;
  } = {},
): ScorecardRow[] {
  const hotline = new Map(figures.hotline.map((row) => [row.group, row]));
  const grid = new Map(figures.grid.map((row) => [row.group, row]));
  const groups = [...new Set([...hotline.keys(), ...grid.keys()])];
  const rows = groups.map((group) => {
    const h = hotline.get(group);
    const g = grid.get(group);
    const { score, parts, deductions } = scoreOf(rules, h, g);
    const previousScore = options.previous?.get(group) ?? null;
    return {
      group,
      name: options.nameOf?.(group) ?? group,
      score,
      parts,
      deductions,
      excluded: (h?.excluded ?? 0) + (g?.excluded ?? 0),
      previousScore,
      change: previousScore === null ? null : round2(score - previousScore),
    };
  });
  return rankRows(rows).map(({ rank, ...row }) => ({
    group: row.group,
    name: row.name,
    score: row.score,
    rank,
    parts: row.parts,
    deductions: row.deductions,
    excluded: row.excluded,
    previousScore: row.previousScore,
    change: row.change,
  }));
}
