// 考核: the month's 综合得分 by unit or grid (GET /stats/scorecard), ranked, with each part of the score, the
// deductions, the exclusions and the change against the month before (环比). A frozen month (月度通报) shows the
// stored figures (GET /stats/snapshots/:month); a supervisor freezes the month shown. Nothing is recomputed here.
import { ApiError, get, post } from '../lib/api.js';
import { clear, fmtRate, fmtTime, h, shanghaiDay, toast } from '../lib/dom.js';
import { download, workbook } from '../lib/xlsx.js';

/** The rates and counts a scorecard may name, as the district's report calls them. */
const LABEL = {
  'hotline.signOnTime': '按时签收率',
  'hotline.firstContact': '先行联系率',
  'hotline.onTimeCompletion': '按时办结率',
  'hotline.onTimeCompletionInternal': '按时办结率（单位）',
  'hotline.resolution': '实际解决率',
  'hotline.resolutionClaimed': '承办认定解决率',
  'hotline.satisfaction': '市民满意率',
  'hotline.satisfactionEfficiency': '满意率（效率）',
  'hotline.satisfactionAttitude': '满意率（态度）',
  'hotline.satisfactionResult': '满意率（结果）',
  'hotline.callback': '回访率',
  'hotline.reopen': '重办率',
  'hotline.return': '回退率',
  'hotline.returnUpstream': '退单率',
  'hotline.extension': '延期率',
  'hotline.overdue': '超期率',
  'grid.valid': '有效上报率',
  'grid.filedOnTime': '按时立案率',
  'grid.onTimeHandling': '按期处置率',
  'grid.closure': '结案率',
  'grid.onTimeClosure': '按期结案率',
  'grid.rework': '返工率',
  'grid.firstTimeFix': '一次完成率',
  'grid.accurateDispatch': '准确派遣率',
  'grid.checkOnTime': '按时核查率',
  'hotline.reopened': '重办件',
  'hotline.returned': '回退件',
  'hotline.returnedUpstream': '退单件',
  'hotline.extended': '延期件',
  'grid.reworked': '返工件',
};
const labelOf = (name) => LABEL[name] ?? name;
const GROUP_LABEL = { unit: '承办单位', grid: '网格' };
const fmtScore = (score) => (score === null || score === undefined ? '—' : score.toFixed(2));

/** The month `YYYY-MM` of a day. */
const monthOf = (day) => day.slice(0, 7);

/** 环比: an arrow and the signed change, or a dash without a previous score. */
function changeCell(row) {
  if (row.change === null || row.change === undefined) return h('td.change', { testid: 'change' }, '—');
  const arrow = row.change > 0 ? '▲' : row.change < 0 ? '▼' : '＝';
  const kind = row.change > 0 ? '.up' : row.change < 0 ? '.down' : '';
  const sign = row.change > 0 ? '+' : '';
  return h(
    `td.change${kind}`,
    { testid: 'change', title: `上月 ${fmtScore(row.previousScore)}` },
    `${arrow} ${sign}${row.change.toFixed(2)}`,
  );
}

export async function renderScorecard(view, ctx) {
  const state = { month: monthOf(shanghaiDay(new Date())), groupBy: 'unit' };
  const canFreeze = ctx.me.role === 'supervisor';
  const note = h('div.frozen-note', { testid: 'frozen-note', hidden: true });
  const table = h('div.table-wrap.scorecard-wrap', { testid: 'scorecard-table' });
  const summary = h('p.hint', { testid: 'scorecard-summary' });
  let shown = { rows: [], parts: [], deductions: [], frozen: null };

  const freezeButton = h(
    'button',
    { type: 'button', testid: 'freeze-month', hidden: !canFreeze, on: { click: () => void freeze() } },
    '冻结本月',
  );

  const render = () => {
    const { rows, parts, deductions } = shown;
    const totalExcluded = rows.reduce((sum, row) => sum + (row.excluded ?? 0), 0);
    summary.textContent =
      `${state.month} · 按${GROUP_LABEL[state.groupBy]} · ${rows.length} 个参评对象` +
      ` · 考核剔除 ${totalExcluded} 件` +
      ` · 满分 ${parts.reduce((sum, part) => sum + part.weight, 0)} 分`;
    if (rows.length === 0) {
      clear(table, h('p.empty', { testid: 'scorecard-empty' }, '本月暂无考核数据'));
      return;
    }
    clear(
      table,
      h(
        'table.scorecard',
        h(
          'thead',
          h(
            'tr',
            h('th', '排名'),
            h('th', '名称'),
            h('th', '综合得分'),
            h('th', '环比'),
            parts.map((part) =>
              h(
                'th.part',
                { title: part.target !== undefined ? `目标 ${fmtRate(part.target)}` : '' },
                `${labelOf(part.rate)}（${part.weight}分）`,
              ),
            ),
            deductions.map((deduction) =>
              h('th.part', `${labelOf(deduction.count)}扣分（每件${deduction.points}分）`),
            ),
            h('th', '剔除'),
          ),
        ),
        h(
          'tbody',
          rows.map((row) =>
            h(
              'tr',
              { testid: 'scorecard-row', dataset: { group: row.group, rank: String(row.rank) } },
              h('td.rank', { testid: 'rank' }, String(row.rank)),
              h('td', { testid: 'name' }, row.name),
              h('td.score', { testid: 'score' }, fmtScore(row.score)),
              changeCell(row),
              row.parts.map((part) =>
                h(
                  'td.part',
                  { testid: 'part', dataset: { rate: part.rate } },
                  h('span.value', fmtRate(part.value)),
                  h(
                    'span.points',
                    part.points === null ? '不计' : `${fmtScore(part.points)} / ${part.weight}`,
                  ),
                ),
              ),
              row.deductions.map((deduction) =>
                h(
                  'td.part',
                  { testid: 'deduction', dataset: { count: deduction.count } },
                  h('span.value', `${deduction.value} 件`),
                  deduction.points > 0
                    ? h('span.points.minus', `−${fmtScore(deduction.points)}`)
                    : h('span.points', '0'),
                ),
              ),
              h('td', { testid: 'excluded' }, String(row.excluded ?? 0)),
            ),
          ),
        ),
      ),
    );
  };

  const showFrozen = (frozen) => {
    shown.frozen = frozen;
    note.hidden = !frozen;
    freezeButton.disabled = Boolean(frozen);
    if (frozen) {
      clear(
        note,
        h('b', '本月已冻结（月度通报）'),
        `：截止 ${fmtTime(frozen.cutoff)}，${fmtTime(frozen.frozenAt)} 由 ${frozen.by} 冻结。以下为冻结时的数据，此后的变化不再计入。`,
      );
    }
  };

  const load = async () => {
    clear(table, h('p.loading', '加载中…'));
    try {
      const live = await get('/stats/scorecard', { month: state.month, groupBy: state.groupBy });
      let rows = live.rows;
      let rules = live.scorecard;
      if (live.frozen) {
        const snapshot = await get(`/stats/snapshots/${state.month}`);
        rows = snapshot.figures.scorecard[state.groupBy] ?? [];
        rules = snapshot.rules?.scorecard ?? rules;
      }
      shown = { rows, parts: rules.parts, deductions: rules.deductions, frozen: live.frozen };
      showFrozen(live.frozen);
      render();
    } catch (error) {
      clear(table, h('p.error', `加载失败：${error.message}`));
    }
  };

  async function freeze() {
    freezeButton.disabled = true;
    try {
      const answer = await post('/stats/snapshots', { month: state.month });
      toast(`${state.month} 已冻结，截止 ${fmtTime(answer.cutoff)}`);
      await load();
    } catch (error) {
      const code = error instanceof ApiError ? error.problem?.code : undefined;
      toast(
        code === 'STATS.CUTOFF_NOT_REACHED'
          ? `截止时间未到，暂不能冻结：${fmtTime(error.problem.cutoff)}`
          : code === 'STATS.MONTH_FROZEN'
            ? '本月已冻结'
            : `冻结失败：${error.message}`,
        'error',
      );
      freezeButton.disabled = Boolean(shown.frozen);
      if (code === 'STATS.MONTH_FROZEN') await load();
    }
  }

  const exportXlsx = () => {
    const { rows, parts, deductions } = shown;
    const header = [
      '排名',
      '名称',
      '综合得分',
      '上月得分',
      '环比',
      ...parts.flatMap((part) => [`${labelOf(part.rate)}`, `${labelOf(part.rate)}得分`]),
      ...deductions.flatMap((deduction) => [
        `${labelOf(deduction.count)}`,
        `${labelOf(deduction.count)}扣分`,
      ]),
      '考核剔除',
    ];
    const lines = rows.map((row) => [
      row.rank,
      row.name,
      row.score,
      row.previousScore,
      row.change,
      ...row.parts.flatMap((part) => [part.value, part.points]),
      ...row.deductions.flatMap((deduction) => [deduction.value, deduction.points]),
      row.excluded,
    ]);
    const blob = workbook([
      { name: `${state.month}按${GROUP_LABEL[state.groupBy]}`, rows: [header, ...lines] },
      {
        name: '说明',
        rows: [
          ['月份', state.month],
          ['数据', shown.frozen ? `冻结数据，截止 ${shown.frozen.cutoff}` : '实时数据（未冻结）'],
          [
            '来源',
            shown.frozen ? `GET /api/v1/stats/snapshots/${state.month}` : 'GET /api/v1/stats/scorecard',
          ],
          ['指标', '权重', '目标'],
          ...parts.map((part) => [labelOf(part.rate), part.weight, part.target ?? null]),
          ['扣分项', '每件扣分', '最多扣分'],
          ...deductions.map((deduction) => [
            labelOf(deduction.count),
            deduction.points,
            deduction.max ?? null,
          ]),
        ],
      },
    ]);
    download(blob, `考核_${state.groupBy}_${state.month}.xlsx`);
  };

  const monthInput = h('input', {
    type: 'month',
    value: state.month,
    testid: 'scorecard-month',
    on: {
      change: (event) => {
        if (!/^\d{4}-\d\d$/.test(event.target.value)) return;
        state.month = event.target.value;
        void load();
      },
    },
  });
  const kinds = h(
    'div.kinds',
    Object.entries(GROUP_LABEL).map(([value, label]) =>
      h(
        `button${value === state.groupBy ? '.active' : ''}`,
        {
          type: 'button',
          testid: `scorecard-by-${value}`,
          on: {
            click: (event) => {
              state.groupBy = value;
              for (const button of kinds.querySelectorAll('button')) button.classList.remove('active');
              event.currentTarget.classList.add('active');
              void load();
            },
          },
        },
        `按${label}`,
      ),
    ),
  );

  clear(
    view,
    h(
      'section.scorecard-page',
      { testid: 'scorecard' },
      h(
        'div.toolbar',
        h('h2', '考核排名（综合得分）'),
        h('label.inline', '月份 ', monthInput),
        freezeButton,
        h(
          'button.secondary',
          { type: 'button', testid: 'export-scorecard', on: { click: exportXlsx } },
          '导出 .xlsx',
        ),
      ),
      kinds,
      note,
      summary,
      table,
      h(
        'p.hint',
        '得分 = 各项权重 ×（实际值 ÷ 目标值，最高为 1）之和，减去扣分；无应考核件的指标按规则计分。规则见 RULES_FILE 的 scorecard。',
      ),
    ),
  );
  await load();
  return undefined;
}
