import { CalendarError, SlaRulesError } from './calendar.errors.js';
import { type Duration, formatDuration, parseDuration } from './duration.js';

/** The stages of a hotline ticket that carry a time limit. */
export const HOTLINE_STAGES = [
  'sign',
  'dispatch',
  'accept',
  'firstContact',
  'handle',
  'review',
  'rework',
  'callback',
  'extension',
  'upstream',
] as const;
/**
 * A hotline stage with a limit; `extension` is the total for a complex matter after an approved extension,
 * `upstream` the district's deadline when the platform sends none (答复上报, counted from receipt).
 */
export type HotlineStage = (typeof HOTLINE_STAGES)[number];

/** The stages of a grid finding that carry a time limit. */
export const GRID_STAGES = ['verify', 'file', 'dispatch', 'check', 'maxExtension'] as const;
/** A grid stage with a limit; `maxExtension` is the most working time chained extensions may add to a finding. */
export type GridStage = (typeof GRID_STAGES)[number];

/** A stage named by its section, as in the JSON: `hotline.handle`, `grid.check`. */
export type SlaStage = `hotline.${HotlineStage}` | `grid.${GridStage}`;

/** The ticket types of domain.md (咨询 求助 投诉 举报 建议 其他): the keys a hotline limit may be split by. */
export const HOTLINE_TICKET_TYPES = [
  'consultation',
  'help',
  'complaint',
  'report',
  'suggestion',
  'other',
] as const;

/** 是否紧急: an urgent ticket runs on the `hotlineUrgent` limits where they exist. */
export type Urgency = 'normal' | 'urgent';

/** A limit for one stage: one duration, or durations by ticket type with `*` as the default. */
export interface LimitRule {
  /** The `*` entry, or the single duration; absent only in an urgent override that names types only. */
  readonly fallback?: Duration;
  readonly byType: Readonly<Record<string, Duration>>;
}

/** Validated SLA rules: the limit of every stage, urgent overrides, and when warnings fall due. */
export interface SlaRules {
  readonly hotline: Readonly<Record<HotlineStage, LimitRule>>;
  /** Overrides for urgent tickets; a stage or type not named here falls back to `hotline`. */
  readonly hotlineUrgent: Readonly<Partial<Record<HotlineStage, LimitRule>>>;
  readonly grid: Readonly<Record<GridStage, LimitRule>>;
  /** The fraction of the allowed time at which a warning (预警) falls due. */
  readonly warnAt: number;
}

/**
 * The defaults of domain.md §1 "Time limits" in the JSON shape of an SLA file: sign, dispatch and accept 2 working
 * hours each (urgent 30 natural minutes), first contact 1 working day (urgent 2 natural hours), handling 1 working
 * day for consultations and suggestions and 5 for the rest (urgent: 24 natural hours), review of a reply 4 working
 * hours, 15 working days in all after an approved extension, rework (also 重办, 督办, 回访复核) 3, callback 1; the
 * district's deadline without an `upstreamDueAt` the handling limit counted from receipt; grid verification and
 * filing 1 hour, dispatch 1 working hour, checking 1 working day, at most 10 working days of chained extensions;
 * warnings at 2/3 of the time (0.67).
 */
export const DEFAULT_SLA_JSON = {
  hotline: {
    sign: '2wh',
    dispatch: '2wh',
    accept: '2wh',
    firstContact: '1wd',
    handle: { consultation: '1wd', suggestion: '1wd', '*': '5wd' },
    review: '4wh',
    rework: '3wd',
    callback: '1wd',
    extension: '15wd',
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
} as const;

const ROOT_KEYS = ['hotline', 'hotlineUrgent', 'grid', 'warnAt'] as const;
const DEFAULT_KEY = '*';

/**
 * Parses an SLA rule file's JSON on top of the defaults: every key given replaces that stage's default (a
 * type-keyed object replaces it as a whole), `null` under `hotlineUrgent` removes an urgent override, unknown keys
 * are refused. Throws {@link SlaRulesError} whose message starts with the JSON path of the bad value, e.g.
 * `hotline.handle.complaint: "5x" is not a duration …`.
 */
export function parseSlaRules(json: unknown): SlaRules {
  const root = expectObject(json, '');
  checkKeys(root, ROOT_KEYS, '');
  const hotline = parseSection(root.hotline, 'hotline', HOTLINE_STAGES, true);
  const grid = parseSection(root.grid, 'grid', GRID_STAGES, false);
  const urgent = parseUrgent(root.hotlineUrgent);
  const warnAt = root.warnAt === undefined ? DEFAULT_SLA_JSON.warnAt : root.warnAt;
  if (typeof warnAt !== 'number' || !(warnAt > 0 && warnAt < 1)) {
    throw new SlaRulesError(
      'warnAt',
      `${JSON.stringify(warnAt)} is not a fraction between 0 and 1 (e.g. 0.67)`,
    );
  }
  return { hotline, hotlineUrgent: urgent, grid, warnAt };
}

/** The built-in rules (the defaults of domain.md). */
export const DEFAULT_SLA_RULES: SlaRules = parseSlaRules({});

/**
 * The limit for a stage and a ticket: for an urgent ticket the `hotlineUrgent` entry of that stage (its type, then
 * its `*`) when there is one, otherwise the normal entry's type, then its `*`.
 */
export function limitFor(
  rules: SlaRules,
  stage: SlaStage,
  subject: { readonly type?: string; readonly urgency?: Urgency } = {},
): Duration {
  const [section, name] = stage.split('.') as ['hotline' | 'grid', string];
  const { type } = subject;
  const pick = (rule: LimitRule | undefined): Duration | undefined => {
    if (rule === undefined) return undefined;
    // hasOwn: a type such as "constructor" must not find Object.prototype's.
    const typed = type !== undefined && Object.hasOwn(rule.byType, type) ? rule.byType[type] : undefined;
    return typed ?? rule.fallback;
  };
  if (section === 'hotline') {
    const hotlineStage = name as HotlineStage;
    const urgent = subject.urgency === 'urgent' ? pick(rules.hotlineUrgent[hotlineStage]) : undefined;
    const limit = urgent ?? pick(rules.hotline[hotlineStage]);
    if (limit) return limit;
  } else {
    const limit = pick(rules.grid[name as GridStage]);
    if (limit) return limit;
  }
  // Only reachable for a type-keyed grid rule without `*` and an unlisted type.
  throw new CalendarError('SLA.NO_LIMIT', `no limit for ${stage} and type ${type ?? '(none)'}`, {
    stage,
    type,
  });
}

/** The rules in the JSON shape of an SLA file (for display, or to write a file an office can tune). */
export function slaRulesToJson(rules: SlaRules): Record<string, unknown> {
  const rule = (limit: LimitRule): unknown => {
    const types = Object.entries(limit.byType);
    if (types.length === 0 && limit.fallback) return formatDuration(limit.fallback);
    const out: Record<string, string> = {};
    for (const [type, duration] of types) out[type] = formatDuration(duration);
    if (limit.fallback) out[DEFAULT_KEY] = formatDuration(limit.fallback);
    return out;
  };
  const section = (entries: Readonly<Partial<Record<string, LimitRule>>>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(entries).flatMap(([key, value]) => (value === undefined ? [] : [[key, rule(value)]])),
    );
  return {
    hotline: section(rules.hotline),
    hotlineUrgent: section(rules.hotlineUrgent),
    grid: section(rules.grid),
    warnAt: rules.warnAt,
  };
}

function parseSection<S extends string>(
  value: unknown,
  path: string,
  stages: readonly S[],
  hotlineTypes: boolean,
): Record<S, LimitRule> {
  const defaults = DEFAULT_SLA_JSON[path as 'hotline' | 'grid'] as Readonly<Record<string, unknown>>;
  const given = value === undefined ? {} : expectObject(value, path);
  checkKeys(given, stages, path);
  const out = {} as Record<S, LimitRule>;
  for (const stage of stages) {
    const raw = stage in given ? given[stage] : defaults[stage];
    out[stage] = parseLimit(raw, `${path}.${stage}`, { requireDefault: true, hotlineTypes });
  }
  return out;
}

function parseUrgent(value: unknown): Partial<Record<HotlineStage, LimitRule>> {
  const given = value === undefined ? {} : expectObject(value, 'hotlineUrgent');
  checkKeys(given, HOTLINE_STAGES, 'hotlineUrgent');
  const defaults: Readonly<Record<string, unknown>> = DEFAULT_SLA_JSON.hotlineUrgent;
  const out: Partial<Record<HotlineStage, LimitRule>> = {};
  for (const stage of HOTLINE_STAGES) {
    const raw = stage in given ? given[stage] : defaults[stage];
    if (raw === undefined || raw === null) continue;
    out[stage] = parseLimit(raw, `hotlineUrgent.${stage}`, { requireDefault: false, hotlineTypes: true });
  }
  return out;
}

function parseLimit(
  raw: unknown,
  path: string,
  options: { readonly requireDefault: boolean; readonly hotlineTypes: boolean },
): LimitRule {
  if (
    typeof raw === 'string' ||
    raw === undefined ||
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw)
  ) {
    return { fallback: duration(raw, path), byType: {} };
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0)
    throw new SlaRulesError(path, 'an empty object: give a duration or types with "*"');
  // No prototype: a grid type key such as "__proto__" stays an ordinary key.
  const byType = Object.create(null) as Record<string, Duration>;
  let fallback: Duration | undefined;
  for (const [type, value] of entries) {
    const at = `${path}.${type}`;
    if (type === DEFAULT_KEY) {
      fallback = duration(value, at);
      continue;
    }
    if (options.hotlineTypes && !(HOTLINE_TICKET_TYPES as readonly string[]).includes(type)) {
      throw new SlaRulesError(
        at,
        `unknown ticket type (expected ${HOTLINE_TICKET_TYPES.join(', ')} or "${DEFAULT_KEY}" for the default)`,
      );
    }
    if (type.trim() === '') throw new SlaRulesError(at, 'an empty type name');
    byType[type] = duration(value, at);
  }
  if (options.requireDefault && !fallback) {
    throw new SlaRulesError(`${path}.${DEFAULT_KEY}`, 'missing: a type-keyed limit needs a "*" default');
  }
  return fallback ? { fallback, byType } : { byType };
}

function duration(value: unknown, path: string): Duration {
  try {
    return parseDuration(value);
  } catch (error) {
    if (error instanceof CalendarError) throw new SlaRulesError(path, error.message);
    throw error;
  }
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SlaRulesError(path, `expected an object, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value as Record<string, unknown>;
}

function checkKeys(object: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new SlaRulesError(
        path ? `${path}.${key}` : key,
        `unknown key (expected one of ${allowed.join(', ')})`,
      );
    }
  }
}
