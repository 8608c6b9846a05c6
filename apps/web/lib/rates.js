// What each rate is made of, for the dashboard's cards: a copy of RATE_DEFINITIONS, AVERAGE_DEFINITIONS and
// COUNT_LABELS (libs/read-models/src/rate-definitions.ts; test/browser/console-rates.spec.ts keeps the two equal).
// The API's answer carries its own `definitions` with the weight in force; this copy is the fallback when an
// answer has none, and the source of the counts' labels.

/** The weight of 基本满意 when the answer does not say (RULES_FILE rates.satisfactionWeight defaults to it). */
export const DEFAULT_WEIGHT = 0.8;

export const COUNT_LABELS = {
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

const rate = (name, formula, numerator, denominator, more = {}) => ({
  name,
  formula,
  numerator,
  denominator,
  ...more,
});

/** Per kind and rate: name, formula (`w` for the weight of 基本满意), the counts above and below the line. */
export const RATE_DEFINITIONS = {
  hotline: {
    signOnTime: rate('按时签收率', '按时签收 ÷ 受理', ['signedOnTime'], ['received']),
    firstContact: rate(
      '先行联系率',
      '按时先行联系 ÷ 应先行联系',
      ['firstContactOnTime'],
      ['firstContactDue'],
    ),
    onTimeCompletion: rate(
      '按时办结率',
      '按上级时限答复上报 ÷ 上级时限到期',
      ['upstreamOnTime'],
      ['upstreamDue'],
    ),
    onTimeCompletionInternal: rate(
      '按时办结率（单位）',
      '单位按时答复 ÷ 单位期限到期',
      ['repliedOnTime'],
      ['replyDue'],
    ),
    resolution: rate(
      '实际解决率',
      '市民认定已解决 ÷ 回答是否解决的12345回访',
      ['resolvedByCitizen'],
      ['resolutionAnswered'],
    ),
    resolutionClaimed: rate(
      '承办认定解决率',
      '实际解决 ÷ (实际解决 + 解释说明 + 未解决)',
      ['resolved'],
      ['resolved', 'explained', 'unresolved'],
    ),
    satisfaction: rate(
      '市民满意率',
      '(满意 + 基本满意 × w) ÷ 有评价的12345回访',
      ['satisfied', 'basicallySatisfied'],
      ['rated'],
      { weighted: true },
    ),
    satisfactionEfficiency: rate(
      '办理效率满意率',
      '(效率满意 + 效率基本满意 × w) ÷ 有效率评价的回访',
      ['efficiencySatisfied', 'efficiencyBasicallySatisfied'],
      ['efficiencyRated'],
      { weighted: true },
    ),
    satisfactionAttitude: rate(
      '服务态度满意率',
      '(态度满意 + 态度基本满意 × w) ÷ 有态度评价的回访',
      ['attitudeSatisfied', 'attitudeBasicallySatisfied'],
      ['attitudeRated'],
      { weighted: true },
    ),
    satisfactionResult: rate(
      '办理结果满意率',
      '(结果满意 + 结果基本满意 × w) ÷ 有结果评价的回访',
      ['resultSatisfied', 'resultBasicallySatisfied'],
      ['resultRated'],
      { weighted: true },
    ),
    callback: rate('回访率', '已回访 ÷ 应回访', ['callbacksDone'], ['callbacksDue']),
    reopen: rate('重办率', '重办 ÷ 办结', ['reopened'], ['replied']),
    return: rate('部门回退率', '部门回退 ÷ 派遣', ['returned'], ['dispatched']),
    returnUpstream: rate('退单率', '退单 ÷ 受理', ['returnedUpstream'], ['received']),
    extension: rate('延期率', '延期 ÷ 受理', ['extended'], ['received']),
    overdue: rate('超期率', '超期 ÷ 单位期限到期', ['overdue'], ['replyDue']),
  },
  grid: {
    valid: rate('有效上报率', '有效上报 ÷ 上报', ['valid'], ['reported']),
    filedOnTime: rate('按时立案率', '按时立案 ÷ 立案', ['filedOnTime'], ['filed']),
    onTimeHandling: rate('按期处置率', '按期处置 ÷ 应处置', ['handledOnTime'], ['handleDue']),
    closure: rate('结案率', '结案 ÷ (应结案 − 缓办)', ['closed'], ['closeDue'], { minus: ['deferred'] }),
    onTimeClosure: rate('按期结案率', '按期结案 ÷ (应结案 − 缓办)', ['closedOnTime'], ['closeDue'], {
      minus: ['deferred'],
    }),
    rework: rate('返工率', '返工案件 ÷ 已处置案件', ['reworkCases'], ['handled']),
    firstTimeFix: rate('一次完成率', '一次完成 ÷ 已处置案件', ['firstTimeFixed'], ['handled']),
    accurateDispatch: rate('准确派遣率', '(派遣 − 派遣被回退) ÷ 派遣', ['dispatched'], ['dispatched'], {
      numeratorMinus: ['dispatchReturned'],
    }),
    checkOnTime: rate('按时核查率', '按时核查 ÷ 应核查', ['checkedOnTime'], ['checkDue']),
  },
};

/** Per kind, the averages that are not rates (`averages` of a row), in hours. */
export const AVERAGE_DEFINITIONS = {
  hotline: {
    handlingHours: {
      name: '平均办理时长',
      formula: '办理时长（分钟） ÷ 60 ÷ 办结',
      numerator: ['handlingMinutes'],
      denominator: ['replied'],
      divisor: 60,
      unit: '小时',
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
    },
  },
};

/** A weight as a formula shows it: 0.8, not 0.8000000001. */
export const weightText = (weight) => String(Math.round(weight * 1000) / 1000);

/**
 * The definitions of a kind as the dashboard shows them: the answer's own (`definitions`, the weight in force
 * filled in) where it has them, else this copy with the default weight.
 */
export function definitionsOf(kind, answer) {
  const out = {};
  for (const [key, local] of Object.entries(RATE_DEFINITIONS[kind])) {
    const served = answer?.definitions?.[key];
    const weight = served?.weight ?? (local.weighted ? DEFAULT_WEIGHT : undefined);
    out[key] = {
      ...local,
      ...served,
      formula: served?.formula ?? local.formula.replace('× w', `× ${weightText(weight ?? DEFAULT_WEIGHT)}`),
      ...(weight === undefined ? {} : { weight }),
    };
  }
  return out;
}

/** The value of one side of a formula from a row's counts (the weight on the second count of a weighted side). */
export function sideValue(counts, names, minus = [], weight) {
  let total = 0;
  names.forEach(
    (name, i) => (total += (counts?.[name] ?? 0) * (weight !== undefined && i === 1 ? weight : 1)),
  );
  for (const name of minus) total -= counts?.[name] ?? 0;
  return total;
}

/** A count's label, e.g. 基本满意. */
export const countLabel = (kind, count) => COUNT_LABELS[kind][count] ?? count;
