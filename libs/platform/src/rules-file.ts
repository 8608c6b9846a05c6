import {
  DEFAULT_HOTLINE_RULES,
  type HotlineRules,
  isJsonObject,
  parseHotlineRules,
  refuseUnknownKeys,
  RulesFileError,
} from '#hotline';

/**
 * The street's rule set from RULES_FILE (JSON), one section per concern; what a file leaves out keeps its default.
 * Validated at boot like SLA_FILE: unknown keys are refused and every error starts with the JSON path of the value.
 */
export interface RulesConfig {
  /** 双先联、双回访 gates, concluded callback outcomes, extension and escalation counts. */
  readonly hotline: Required<HotlineRules>;
}

/** The sections a rules file may have (later issues add theirs). */
export const RULES_FILE_SECTIONS = ['hotline'] as const;

export const DEFAULT_RULES: RulesConfig = { hotline: DEFAULT_HOTLINE_RULES };

/** Parses a rules file's JSON; throws RulesFileError naming the JSON path of the first bad value. */
export function parseRulesFile(json: unknown): RulesConfig {
  if (!isJsonObject(json)) throw new RulesFileError('(root)', 'must be a JSON object');
  refuseUnknownKeys(json, RULES_FILE_SECTIONS, '');
  return { hotline: parseHotlineRules(json.hotline, 'hotline') };
}
