import type { GridRates } from './projections/grid-rates.projection.js';
import type { HotlineRateName } from './projections/hotline-rates.projection.js';

/*
 * What each rate of GET /stats/hotline and /stats/grid is made of (docs/domain.md §1 and §2 "Metrics"): its name as
 * the district says it, its formula over the counts of the answer, and what the district counts. The one source the
 * OpenAPI document, the answers' `definitions` and the console's cards read; `ratesFromCounts` and
 * `ratesFromGridCounts` compute the same formulas (rate-definitions.spec.ts holds the two together).
 */

/** Which statistics: the hotline tickets' or the grid findings'. */
export type RateKind = 'hotline' | 'grid';

/** One rate: a weighted sum of counts over a sum of counts, in [0, 1]. */
export interface RateDefinition {
  /** The rate's name as the district's monthly report says it (zh-CN), e.g. 市民满意率. */
  readonly name: string;
  /** The formula in words (zh-CN) over the counts' names; `w` stands for the weight of 基本满意. */
  readonly formula: string;
  /** The counts added up above the line (with `weighted`, the second one is multiplied by w). */
  readonly numerator: readonly string[];
  /** Counts subtracted above the line, e.g. the returned dispatches of 准确派遣率. */
  readonly numeratorMinus?: readonly string[];
  /** The counts added up below the line. */
  readonly denominator: readonly string[];
  /** Counts subtracted below the line, e.g. the deferred findings (缓办) of 结案率. */
  readonly minus?: readonly string[];
  /** The second count of the numerator counts w times (基本满意, RULES_FILE rates.satisfactionWeight). */
  readonly weighted?: true;
  /** What the district counts, in one English sentence. */
  readonly description: string;
}

/** An average that is not a rate: a sum of minutes over a count, in hours. */
export interface AverageDefinition {
  readonly name: string;
  readonly formula: string;
  /** The count of minutes. */
  readonly numerator: readonly string[];
  readonly denominator: readonly string[];
  /** The numerator is divided by this first (minutes to hours). */
  readonly divisor: number;
  readonly unit: string;
  readonly description: string;
}

/** A definition as an answer carries it: the formula with the weight filled in, and the weight used. */
export interface RateDescription extends RateDefinition {
  readonly weight?: number;
}

/** The counts' names in the formulas (zh-CN), by kind. */
export const COUNT_LABELS: Readonly<Record<RateKind, Readonly<Record<string, string>>>> = {
  hotline: {
    received: '受理',
    signed: '签收',
    signedOnTime: '按时签收',
    dispatched: '派遣',
    returned: '部门回退',
    returnedUpstream: '退单',
    firstContactDue: '应先行联系',
    firstContactOnTime: '按时先行联系',
    replyDue: '单位期限到期',
    repliedOnTime: '单位按时答复',
    upstreamDue: '上级时限到期',
    upstreamOnTime: '按上级时限答复上报',
    replied: '办结',
    resolved: '实际解决',
    explained: '解释说明',
    unresolved: '未解决',
    resolutionAnswered: '回答是否解决的12345回访',
    resolvedByCitizen: '市民认定已解决',
    callbacksDue: '应回访',
    callbacksDone: '已回访',
    rated: '有评价的12345回访',
    satisfied: '满意',
    basicallySatisfied: '基本满意',
    dissatisfied: '不满意',
    efficiencyRated: '有效率评价的回访',
    efficiencySatisfied: '效率满意',
    efficiencyBasicallySatisfied: '效率基本满意',
    efficiencyDissatisfied: '效率不满意',
    attitudeRated: '有态度评价的回访',
    attitudeSatisfied: '态度满意',
    attitudeBasicallySatisfied: '态度基本满意',
    attitudeDissatisfied: '态度不满意',
    resultRated: '有结果评价的回访',
    resultSatisfied: '结果满意',
    resultBasicallySatisfied: '结果基本满意',
    resultDissatisfied: '结果不满意',
    reopened: '重办',
    extended: '延期',
    overdue: '超期',
    handlingMinutes: '办理时长（分钟）',
  },
  grid: {
    reported: '上报',
    valid: '有效上报',
    filed: '立案',
    filedOnTime: '按时立案',
    dispatched: '派遣',
    dispatchReturned: '派遣被回退',
    handleDue: '应处置',
    handledOnTime: '按期处置',
    handled: '已处置案件',
    closeDue: '应结案',
    deferred: '缓办',
    closed: '结案',
    closedOnTime: '按期结案',
    reworkCases: '返工案件',
    reworked: '返工次数',
    firstTimeFixed: '一次完成',
    checkDue: '应核查',
    checkedOnTime: '按时核查',
    selfHandled: '自行处置',
    handlingMinutes: '处置时长（分钟）',
  },
};

type Parts = Omit<RateDefinition, 'formula'>;

/** "a + b × w − c", in parentheses when it has more than one term. */
function side(kind: RateKind, counts: readonly string[], minus: readonly string[] = [], weighted = false) {
  const label = (count: string) => COUNT_LABELS[kind][count] ?? count;
  const terms = counts.map((count, i) => (weighted && i === 1 ? `${label(count)} × w` : label(count)));
  const text = [terms.join(' + '), ...minus.map(label)].join(' − ');
  return terms.length + minus.length > 1 ? `(${text})` : text;
}

const formulaOf = (kind: RateKind, parts: Parts) =>
  `${side(kind, parts.numerator, parts.numeratorMinus, parts.weighted)} ÷ ${side(kind, parts.denominator, parts.minus)}`;

function define<K extends string>(kind: RateKind, rates: Record<K, Parts>): Record<K, RateDefinition> {
  const out = {} as Record<K, RateDefinition>;
  for (const key of Object.keys(rates) as K[]) {
    out[key] = { ...rates[key], formula: formulaOf(kind, rates[key]) };
  }
  return out;
}

/** A satisfaction rate over one dimension of the 12345 rating (办理效率, 服务态度, 办理结果). */
const dimension = (prefix: string, name: string, what: string): Parts => ({
  name,
  numerator: [`${prefix}Satisfied`, `${prefix}BasicallySatisfied`],
  denominator: [`${prefix}Rated`],
  weighted: true,
  description: `The official 12345 callbacks that rated ${what}: satisfied counts 1 and basically satisfied counts w.`,
});

type GridRateName = keyof GridRates;

const HOTLINE_RATES = define<HotlineRateName>('hotline', {
  signOnTime: {
    name: '按时签收率',
    numerator: ['signedOnTime'],
    denominator: ['received'],
    description: 'Tickets signed within the signing limit, of the tickets received.',
  },
  firstContact: {
    name: '先行联系率',
    numerator: ['firstContactOnTime'],
    denominator: ['firstContactDue'],
    description:
      'First contacts that reached the citizen within the limit, of the first contacts that fell due.',
  },
  onTimeCompletion: {
    name: '按时办结率',
    numerator: ['upstreamOnTime'],
    denominator: ['upstreamDue'],
    description:
      "Tickets replied upstream by the district's (granted) deadline, of the tickets whose district deadline fell in the period.",
  },
  onTimeCompletionInternal: {
    name: '按时办结率（单位）',
    numerator: ['repliedOnTime'],
    denominator: ['replyDue'],
    description:
      "Handling stages replied by the unit's own (extended) due time, of the handling stages that fell due.",
  },
  resolution: {
    name: '实际解决率',
    numerator: ['resolvedByCitizen'],
    denominator: ['resolutionAnswered'],
    description:
      'Official 12345 callbacks in which the citizen said the problem is solved, of those that answered whether it is.',
  },
  resolutionClaimed: {
    name: '承办认定解决率',
    numerator: ['resolved'],
    denominator: ['resolved', 'explained', 'unresolved'],
    description:
      'Replies upstream whose result the unit gave as resolved, of all replies upstream with a result.',
  },
  satisfaction: {
    name: '市民满意率',
    numerator: ['satisfied', 'basicallySatisfied'],
    denominator: ['rated'],
    weighted: true,
    description:
      'Official 12345 callbacks with a rating: satisfied counts 1 and basically satisfied counts w (RULES_FILE rates.satisfactionWeight).',
  },
  satisfactionEfficiency: dimension('efficiency', '办理效率满意率', 'the efficiency of the handling'),
  satisfactionAttitude: dimension('attitude', '服务态度满意率', 'the attitude of the staff'),
  satisfactionResult: dimension('result', '办理结果满意率', 'the result of the handling'),
  callback: {
    name: '回访率',
    numerator: ['callbacksDone'],
    denominator: ['callbacksDue'],
    description: 'Street callbacks concluded (reached or refused), of the street callbacks that fell due.',
  },
  reopen: {
    name: '重办率',
    numerator: ['reopened'],
    denominator: ['replied'],
    description: 'Tickets reopened (重办, 督办, 回访复核), of the tickets replied upstream.',
  },
  return: {
    name: '部门回退率',
    numerator: ['returned'],
    denominator: ['dispatched'],
    description: 'Dispatches a unit gave back to the center (回退), of the dispatches to it.',
  },
  returnUpstream: {
    name: '退单率',
    numerator: ['returnedUpstream'],
    denominator: ['received'],
    description:
      "Tickets the street returned to the district (退单), of the tickets received: the district's figure.",
  },
  extension: {
    name: '延期率',
    numerator: ['extended'],
    denominator: ['received'],
    description: 'Extensions granted, of the tickets received.',
  },
  overdue: {
    name: '超期率',
    numerator: ['overdue'],
    denominator: ['replyDue'],
    description:
      'Handling stages that passed their due time unanswered, of the handling stages that fell due.',
  },
});

const GRID_RATES = define<GridRateName>('grid', {
  valid: {
    name: '有效上报率',
    numerator: ['valid'],
    denominator: ['reported'],
    description: 'Reports that proved to be a real problem, of all reports.',
  },
  filedOnTime: {
    name: '按时立案率',
    numerator: ['filedOnTime'],
    denominator: ['filed'],
    description: 'Findings filed within the filing limit, of the findings filed.',
  },
  onTimeHandling: {
    name: '按期处置率',
    numerator: ['handledOnTime'],
    denominator: ['handleDue'],
    description: 'Handlings fed back by their (extended) due time, of the handlings that fell due.',
  },
  closure: {
    name: '结案率',
    numerator: ['closed'],
    denominator: ['closeDue'],
    minus: ['deferred'],
    description:
      'Findings closed after a passed check, of the findings whose handling deadline fell in the period (whether or not the unit answered) less those deferred (parked).',
  },
  onTimeClosure: {
    name: '按期结案率',
    numerator: ['closedOnTime'],
    denominator: ['closeDue'],
    minus: ['deferred'],
    description:
      'Findings closed with the handling that passed the check on time, of the findings due to close in the period less those deferred (parked).',
  },
  rework: {
    name: '返工率',
    numerator: ['reworkCases'],
    denominator: ['handled'],
    description: 'Findings whose first check failed (返工), of the findings handled.',
  },
  firstTimeFix: {
    name: '一次完成率',
    numerator: ['firstTimeFixed'],
    denominator: ['handled'],
    description: 'Findings whose first handling passed its check, of the findings handled.',
  },
  accurateDispatch: {
    name: '准确派遣率',
    numerator: ['dispatched'],
    numeratorMinus: ['dispatchReturned'],
    denominator: ['dispatched'],
    description: 'Dispatches the unit did not return (回退), of all dispatches.',
  },
  checkOnTime: {
    name: '按时核查率',
    numerator: ['checkedOnTime'],
    denominator: ['checkDue'],
    description:
      "The inspector's checks made within the check limit, of the checks that fell due (never charged to the unit).",
  },
});

/** Every rate of the statistics answers, by kind: name, formula, the counts it is made of. */
export const RATE_DEFINITIONS: {
  readonly hotline: Readonly<Record<HotlineRateName, RateDefinition>>;
  readonly grid: Readonly<Record<GridRateName, RateDefinition>>;
} = { hotline: HOTLINE_RATES, grid: GRID_RATES };

/** The averages of the statistics answers (`averages`), by kind. */
export const AVERAGE_DEFINITIONS: Readonly<Record<RateKind, Readonly<Record<string, AverageDefinition>>>> = {
  hotline: {
    handlingHours: {
      name: '平均办理时长',
      formula: '办理时长（分钟） ÷ 60 ÷ 办结',
      numerator: ['handlingMinutes'],
      denominator: ['replied'],
      divisor: 60,
      unit: '小时',
      description:
        'Hours (natural time) from receipt, or from the last 重办, to the reply upstream, on average over the replies upstream.',
    },
  },
  grid: {
    handlingHours: {
      name: '平均处置时长',
      formula: '处置时长（分钟） ÷ 60 ÷ 已处置案件',
      numerator: ['handlingMinutes'],
      denominator: ['handled'],
      divisor: 60,
      unit: '小时',
      description:
        'Hours (natural time) from the dispatch to the first handling fed back (处置反馈), on average over the findings handled.',
    },
  },
};

/** How the weight of 基本满意 reads in a formula: 0.8, not 0.80000001. */
const weightText = (weight: number) => String(Math.round(weight * 1000) / 1000);

/**
 * The rates of a kind as an answer describes them: each definition with w filled in (the formula shows 0.8 or 0.6)
 * and, for a weighted rate, the weight used.
 */
export function describeRates(
  kind: RateKind,
  { satisfactionWeight = 0.8 }: { readonly satisfactionWeight?: number } = {},
): Record<string, RateDescription> {
  const out: Record<string, RateDescription> = {};
  for (const [key, definition] of Object.entries<RateDefinition>(RATE_DEFINITIONS[kind])) {
    out[key] = definition.weighted
      ? {
          ...definition,
          formula: definition.formula.replace('× w', `× ${weightText(satisfactionWeight)}`),
          weight: satisfactionWeight,
        }
      : definition;
  }
  return out;
}
