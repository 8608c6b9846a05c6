// 大屏: the headline rates of a period with their counts, rates by unit / grid / category (chart and sortable table,
// small samples marked), trends by day / week / month, open alerts live over SSE, drill-down to the cases behind a
// figure, and export to .xlsx. Every figure is the API's own (GET /stats/hotline): nothing is recomputed here.
import { get, getAll, openStream, streamPosition } from '../lib/api.js';
import { debounce, ticketTable } from '../lib/board.js';
import { ALERT_KIND, STAGE, clear, fmtRate, fmtTime, h, shanghaiDay } from '../lib/dom.js';
import { download, workbook } from '../lib/xlsx.js';

/** The headline rates: the API's rate key, its label, and the counts it is made of (numerator, denominator). */
export const HEADLINES = [
  { key: 'firstContact', label: '先行联系率', num: ['firstContactOnTime'], den: ['firstContactDue'] },
  // On the district's deadline, as the district ranks the street; the units' own clock beside it.
  { key: 'onTimeCompletion', label: '按时办结率', num: ['upstreamOnTime'], den: ['upstreamDue'] },
  {
    key: 'onTimeCompletionInternal',
    label: '按时办结率（单位）',
    num: ['repliedOnTime'],
    den: ['replyDue'],
  },
  { key: 'resolution', label: '实际解决率', num: ['resolved'], den: ['resolved', 'explained', 'unresolved'] },
  {
    key: 'satisfaction',
    label: '市民满意率',
    num: ['satisfied', 'basicallySatisfied'],
    den: ['rated'],
    numLabel: '满意+基本满意',
  },
  { key: 'callback', label: '回访率', num: ['callbacksDone'], den: ['callbacksDue'] },
  { key: 'reopen', label: '重办率', num: ['reopened'], den: ['replied'] },
];
/** The grid findings' rates (GET /stats/grid) shown beside the hotline's. */
const GRID_RATES = [
  { key: 'filedOnTime', label: '按时立案率' },
  { key: 'onTimeHandling', label: '按期处置率' },
  { key: 'closure', label: '结案率' },
  { key: 'onTimeClosure', label: '按期结案率' },
  { key: 'rework', label: '返工率' },
];
/** A group with fewer cases behind a rate than this is marked 样本不足. */
export const MIN_SAMPLE = 10;
const GROUP_LABEL = { unit: '承办单位', grid: '网格', category: '分类' };
const sum = (counts, keys) => keys.reduce((total, key) => total + (counts?.[key] ?? 0), 0);

export async function renderDashboard(view, ctx) {
  const today = shanghaiDay(new Date());
  const state = {
    from: shanghaiDay(new Date(Date.now() - 29 * 86_400_000)),
    to: today,
    groupBy: 'unit',
    trend: 'day',
    rate: 'onTimeCompletion',
    sortKey: 'den',
    sortDir: -1,
  };
  const charts = [];
  const headline = h('div.headlines', { testid: 'headlines' });
  const gridLine = h('div.grid-rates', { testid: 'grid-rates' });
  const groupChart = h('div.chart', { testid: 'group-chart' });
  const groupTable = h('div.table-wrap', { testid: 'group-table' });
  const trendChart = h('div.chart', { testid: 'trend-chart' });
  const alerts = h('div.alerts', { testid: 'alerts' });
  const drill = h('section.drill', { testid: 'drill' });
  let groupRows = [];
  let totalRow;

  const nameOf = (group) =>
    state.groupBy === 'unit'
      ? (ctx.directory.unitName.get(group) ?? group)
      : state.groupBy === 'grid'
        ? (ctx.directory.gridName.get(group) ?? group)
        : group;

  const showCases = async (title, filter) => {
    clear(drill, h('h3', title), h('p.loading', '加载中…'));
    drill.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const query = { from: `${state.from}T00:00:00+08:00`, to: `${state.to}T23:59:59+08:00` };
    if (filter.unitId) query.unitId = filter.unitId;
    if (filter.gridId) query.gridId = filter.gridId;
    let items = await getAll('/tickets', query, 600);
    if (filter.categoryCode) items = items.filter((doc) => doc.categoryCode === filter.categoryCode);
    clear(
      drill,
      h('h3', `${title}：${items.length} 件工单`),
      h('p.hint', '按所选期间受理的工单；每个计数来自其事件所在日（见工单历史）。'),
      ticketTable(items, ctx.directory, 'drill-table'),
    );
  };

  const headlineCards = (row) =>
    HEADLINES.map((metric) => {
      const rate = row?.rates?.[metric.key] ?? null;
      const num = sum(row?.counts, metric.num);
      const den = sum(row?.counts, metric.den);
      return h(
        'button.card',
        {
          type: 'button',
          testid: `rate-${metric.key}`,
          dataset: { rate: rate === null ? '' : String(rate) },
          on: { click: () => void showCases(`${metric.label} · 全部`, {}) },
        },
        h('span.label', metric.label),
        h('span.value', { testid: `rate-${metric.key}-value` }, fmtRate(rate)),
        h('span.counts', `${metric.numLabel ?? ''}${num} / ${den}`),
      );
    });

  const renderGroupTable = () => {
    const metric = HEADLINES.find((m) => m.key === state.rate);
    const rows = groupRows.map((row) => ({
      row,
      name: nameOf(row.group),
      rate: row.rates?.[state.rate] ?? null,
      num: sum(row.counts, metric.num),
      den: sum(row.counts, metric.den),
    }));
    const value = (r) =>
      state.sortKey === 'name' ? r.name : state.sortKey === 'rate' ? (r.rate ?? -1) : r[state.sortKey];
    rows.sort((a, b) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0) * state.sortDir);
    const header = (key, label) =>
      h(
        'th.sortable',
        {
          testid: `sort-${key}`,
          on: {
            click: () => {
              state.sortDir = state.sortKey === key ? -state.sortDir : -1;
              state.sortKey = key;
              renderGroupTable();
            },
          },
        },
        label,
        state.sortKey === key ? (state.sortDir > 0 ? ' ▲' : ' ▼') : '',
      );
    clear(
      groupTable,
      h(
        'table.stats',
        h(
          'thead',
          h(
            'tr',
            header('name', GROUP_LABEL[state.groupBy]),
            header('rate', metric.label),
            header('num', '分子'),
            header('den', '分母'),
            h('th', '样本'),
          ),
        ),
        h(
          'tbody',
          rows.map((r) =>
            h(
              `tr${r.den < MIN_SAMPLE ? '.small' : ''}`,
              {
                testid: 'group-row',
                dataset: { group: r.row.group },
                on: {
                  click: () =>
                    void showCases(`${metric.label} · ${r.name}`, {
                      [state.groupBy === 'unit'
                        ? 'unitId'
                        : state.groupBy === 'grid'
                          ? 'gridId'
                          : 'categoryCode']: r.row.group,
                    }),
                },
              },
              h('td', r.name),
              h('td', fmtRate(r.rate)),
              h('td', r.num),
              h('td', r.den),
              h(
                'td',
                r.den < MIN_SAMPLE
                  ? h('span.marker', { title: `样本少于${MIN_SAMPLE}`, testid: 'small-sample' }, '样本不足')
                  : '',
              ),
            ),
          ),
        ),
      ),
    );
    const chart = chartFor(groupChart);
    chart?.setOption(
      {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 10, top: 20, bottom: 90 },
        xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 40, fontSize: 10 } },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            type: 'bar',
            name: metric.label,
            data: rows.map((r) => ({
              value: r.rate === null ? null : Math.round(r.rate * 1000) / 10,
              itemStyle: { color: r.den < MIN_SAMPLE ? '#c0c4cc' : '#2f6fde' },
            })),
          },
        ],
      },
      true,
    );
  };

  function chartFor(el) {
    if (!window.echarts) return undefined;
    let chart = window.echarts.getInstanceByDom(el);
    if (!chart) {
      chart = window.echarts.init(el, undefined, { renderer: 'canvas' });
      chart.on('click', (params) => {
        if (el === groupChart) {
          const row = groupRows.find((r) => nameOf(r.group) === params.name);
          if (row) {
            void showCases(`${params.seriesName} · ${params.name}`, {
              [state.groupBy === 'unit' ? 'unitId' : state.groupBy === 'grid' ? 'gridId' : 'categoryCode']:
                row.group,
            });
          }
        }
      });
      charts.push(chart);
    }
    return chart;
  }

  const load = async () => {
    const range = { from: state.from, to: state.to };
    const [total, groups, trend, grid] = await Promise.all([
      get('/stats/hotline', { ...range, groupBy: 'none', minPosition: streamPosition() }),
      get('/stats/hotline', { ...range, groupBy: state.groupBy }),
      get('/stats/hotline', { ...range, groupBy: state.trend }),
      get('/stats/grid', { ...range, groupBy: 'none' }),
    ]);
    const gridRow = grid.rows[0];
    clear(
      gridLine,
      h('span.label', '网格案件'),
      h('span', `上报 ${gridRow?.counts?.reported ?? 0}`),
      h('span', `结案 ${gridRow?.counts?.closed ?? 0}`),
      h('span', `自行处置 ${gridRow?.counts?.selfHandled ?? 0}`),
      GRID_RATES.map((metric) =>
        h(
          'span',
          { testid: `grid-rate-${metric.key}` },
          `${metric.label} `,
          h('b', fmtRate(gridRow?.rates?.[metric.key] ?? null)),
        ),
      ),
    );
    totalRow = total.rows[0];
    clear(headline, headlineCards(totalRow));
    groupRows = groups.rows;
    renderGroupTable();
    const chart = chartFor(trendChart);
    chart?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { fontSize: 11 } },
        grid: { left: 40, right: 10, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: trend.rows.map((row) => row.group) },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: HEADLINES.map((metric) => ({
          type: 'line',
          name: metric.label,
          connectNulls: true,
          data: trend.rows.map((row) =>
            row.rates?.[metric.key] === null || row.rates?.[metric.key] === undefined
              ? null
              : Math.round(row.rates[metric.key] * 1000) / 10,
          ),
        })),
      },
      true,
    );
  };

  const loadAlerts = async () => {
    const items = await getAll('/alerts', { status: 'open', minPosition: streamPosition() }, 300);
    items.sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
    clear(
      alerts,
      h('h3', '实时告警 ', h('span.badge', { testid: 'alert-count' }, String(items.length))),
      h(
        'ul',
        items
          .slice(0, 100)
          .map((alert) =>
            h(
              `li.${alert.kind}`,
              { testid: 'alert', dataset: { case: alert.caseId, kind: alert.kind } },
              h('b', ALERT_KIND[alert.kind] ?? alert.kind),
              h('a', { href: `#/${alert.caseType}/${encodeURIComponent(alert.caseId)}` }, alert.caseId),
              h('span', STAGE[alert.stage] ?? alert.stage ?? ''),
              h('span', alert.unitId ? (ctx.directory.unitName.get(alert.unitId) ?? alert.unitId) : ''),
              h('time', `期限 ${fmtTime(alert.dueAt)}`),
            ),
          ),
      ),
    );
  };

  const exportXlsx = () => {
    const header = ['分组', ...HEADLINES.flatMap((m) => [m.label, `${m.label}分子`, `${m.label}分母`])];
    const line = (name, row) => [
      name,
      ...HEADLINES.flatMap((m) => [
        row?.rates?.[m.key] ?? null,
        sum(row?.counts, m.num),
        sum(row?.counts, m.den),
      ]),
    ];
    const blob = workbook([
      {
        name: `按${GROUP_LABEL[state.groupBy]}`,
        rows: [header, line('全部', totalRow), ...groupRows.map((row) => line(nameOf(row.group), row))],
      },
      {
        name: '说明',
        rows: [
          ['期间', `${state.from} 至 ${state.to}`],
          ['来源', 'GET /api/v1/stats/hotline'],
          ['样本不足', `分母少于${MIN_SAMPLE}`],
        ],
      },
    ]);
    download(blob, `城运指标_${state.groupBy}_${state.from}_${state.to}.xlsx`);
  };

  const dateInput = (key) =>
    h('input', {
      type: 'date',
      value: state[key],
      testid: `period-${key}`,
      on: { change: (e) => ((state[key] = e.target.value), void load()) },
    });
  const choice = (key, options) =>
    h(
      'select',
      {
        testid: `choose-${key}`,
        on: {
          change: (e) => ((state[key] = e.target.value), key === 'rate' ? renderGroupTable() : void load()),
        },
      },
      Object.entries(options).map(([value, label]) =>
        h('option', { value, selected: value === state[key] }, label),
      ),
    );

  clear(
    view,
    h(
      'section.dashboard',
      { testid: 'dashboard' },
      h(
        'div.toolbar',
        h('h2', '城运指标大屏'),
        h('label.inline', '从 ', dateInput('from')),
        h('label.inline', '到 ', dateInput('to')),
        h('button', { type: 'button', testid: 'export-xlsx', on: { click: exportXlsx } }, '导出 Excel'),
      ),
      headline,
      gridLine,
      h(
        'div.grid2',
        h(
          'section.panel',
          h(
            'div.panel-head',
            h('h3', '分组指标'),
            choice('groupBy', { unit: '按承办单位', grid: '按网格', category: '按分类' }),
            choice('rate', Object.fromEntries(HEADLINES.map((m) => [m.key, m.label]))),
          ),
          groupChart,
          groupTable,
        ),
        h(
          'div.side',
          h(
            'section.panel',
            h(
              'div.panel-head',
              h('h3', '趋势'),
              choice('trend', { day: '按日', week: '按周', month: '按月' }),
            ),
            trendChart,
          ),
          h('section.panel', alerts),
        ),
      ),
      drill,
    ),
  );
  await Promise.all([load(), loadAlerts()]);
  const onResize = () => charts.forEach((chart) => chart.resize());
  window.addEventListener('resize', onResize);
  const refreshAlerts = debounce(() => void loadAlerts().catch(() => undefined), 400);
  const refreshStats = debounce(() => void load().catch(() => undefined), 5000);
  const stop = openStream((type) => {
    if (type === 'alert') refreshAlerts();
    if (type === 'case') {
      refreshAlerts();
      refreshStats();
    }
  });
  return () => {
    stop();
    window.removeEventListener('resize', onResize);
    charts.forEach((chart) => chart.dispose());
  };
}
