import type { CallbackOutcome } from './ticket.commands.js';
import { DEFAULT_HOTLINE_RULES, type HotlineRules } from './ticket.rules.js';

/** A bad value in a rules file; the message starts with the JSON path of the value (`hotline.escalateAfterUnits`). */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const BOOLEAN_RULES = [
  'requireFirstContactBeforeReply',
  'requireBeforeReplyContact',
  'requireStreetCallbackBeforeReplyUpstream',
] as const;
const COUNT_RULES = [
  'extensionTotalWorkingDays',
  'superviseAfterOverdueWorkingDays',
  'escalateAfterRepeats',
  'escalateAfterUnits',
] as const;
const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = ['reached', 'unreachable', 'refused'];

/** The keys a `hotline` section may have: each rule of HotlineRules. */
export const HOTLINE_RULE_KEYS: readonly string[] = [
  ...BOOLEAN_RULES,
  ...COUNT_RULES,
  'concludedCallbackOutcomes',
  'extensionRequestCutoff',
];

/** Whether a value is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses keys that are not among `known`, naming the first one with its path. */
export function refuseUnknownKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new RulesFileError(
        path === '' ? key : `${path}.${key}`,
        `unknown key (known: ${known.join(', ')})`,
      );
    }
  }
}

/**
 * The `hotline` section of RULES_FILE: the gates of 双先联、双回访 (each on or off), which street callback outcomes
 * conclude a callback, and the counts of extensions and escalations; what it leaves out keeps its default.
 */
export function parseHotlineRules(json: unknown, path = 'hotline'): Required<HotlineRules> {
  if (json === undefined) return DEFAULT_HOTLINE_RULES;
  if (!isJsonObject(json)) throw new RulesFileError(path, 'must be an object');
  refuseUnknownKeys(json, HOTLINE_RULE_KEYS, path);
  const rules: Record<string, unknown> = { ...DEFAULT_HOTLINE_RULES };
  for (const key of BOOLEAN_RULES) {
    const value = json[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new RulesFileError(`${path}.${key}`, 'must be true or false');
    rules[key] = value;
  }
  for (const key of COUNT_RULES) {
    const value = json[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 365) {
      throw new RulesFileError(
        `${path}.${key}`,
        `${JSON.stringify(value)} is not a whole number from 0 to 365`,
      );
    }
    rules[key] = value;
  }
  if (rules.extensionTotalWorkingDays === 0) {
    throw new RulesFileError(`${path}.extensionTotalWorkingDays`, 'must be at least 1');
  }
  const outcomes = json.concludedCallbackOutcomes;
  if (outcomes !== undefined) {
    const path_ = `${path}.concludedCallbackOutcomes`;
    if (!Array.isArray(outcomes) || outcomes.length === 0) {
      throw new RulesFileError(path_, `must be a non-empty list of ${CALLBACK_OUTCOMES.join(', ')}`);
    }
    outcomes.forEach((outcome: unknown, index) => {
      if (!CALLBACK_OUTCOMES.includes(outcome as CallbackOutcome)) {
        throw new RulesFileError(
          `${path_}[${index}]`,
          `${JSON.stringify(outcome)} is not one of ${CALLBACK_OUTCOMES.join(', ')}`,
        );
      }
    });
    rules.concludedCallbackOutcomes = [...new Set(outcomes as CallbackOutcome[])];
  }
  const cutoff = json.extensionRequestCutoff;
  if (cutoff !== undefined) {
    if (typeof cutoff !== 'string' || !/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(cutoff)) {
      throw new RulesFileError(
        `${path}.extensionRequestCutoff`,
        `${JSON.stringify(cutoff)} is not a time HH:MM`,
      );
    }
    rules.extensionRequestCutoff = cutoff;
  }
  return rules as Required<HotlineRules>;
}
