// 大屏: every rate of a period as a card with its name, value, formula (the weight of 基本满意 filled in) and the
// counts it is made of; rates by unit / grid / category (chart and sortable table, small samples marked), trends by
// day / week / month, open alerts live over SSE, a drill-down from any count to exactly the cases behind it, and
// export to .xlsx. Every figure is the API's own (GET /stats/hotline, /stats/grid): nothing is recomputed here.
import { get, getAll, openStream, streamPosition } from '../lib/api.js';
import { debounce } from '../lib/board.js';
import { ALERT_KIND, STAGE, clear, fmtRate, fmtTime, h, shanghaiDay } from '../lib/dom.js';
import { AVERAGE_DEFINITIONS, countLabel, definitionsOf, sideValue, weightText } from '../lib/rates.js';
import { download, workbook } from '../lib/xlsx.js';

/** The hotline rates shown as cards, in this order; the first eight are the headline ones (trends, grouped table). */
export const HOTLINE_CARDS = [
  'firstContact',
  'onTimeCompletion',
  'onTimeCompletionInternal',
  'resolution',
  'resolutionClaimed',
  'satisfaction',
  'callback',
  'reopen',
  'satisfactionEfficiency',
  'satisfactionAttitude',
  'satisfactionResult',
  'signOnTime',
  'returnUpstream',
  'return',
  'extension',
  'overdue',
];
export const HEADLINES = HOTLINE_CARDS.slice(0, 8);
/** The grid findings' rates (GET /stats/grid), as cards. */
const GRID_CARDS = [
  'valid',
  'filedOnTime',
  'accurateDispatch',
  'onTimeHandling',
  'closure',
  'onTimeClosure',
  'rework',
  'firstTimeFix',
  'checkOnTime',
];
/** The grid counts shown on their own, beside the cards. */
const GRID_TOTALS = ['reported', 'closed', 'selfHandled'];
/** A group with fewer cases behind a rate than this is marked 样本不足. */
export const MIN_SAMPLE = 10;
const GROUP_LABEL = { unit: '承办单位', grid: '网格', category: '分类' };
const CASES_PATH = { hotline: '/stats/hotline/cases', grid: '/stats/grid/cases' };
const fmtHours = (hours) => (hours === null || hours === undefined ? '—' : `${hours.toFixed(1)} 小时`);

/** A count as a button: its label and value; a click lists the cases behind it. */
function countButton(kind, count, counts, onCount) {
  const value = counts?.[count] ?? 0;
  const label = countLabel(kind, count);
  return h(
    'button.count',
    {
      type: 'button',
      testid: `count-${count}`,
      title: `查看计入「${label}」的案件`,
      dataset: { count, value: String(value) },
      on: {
        click: (event) => {
          event.stopPropagation();
          onCount(count, value);
        },
      },
    },
    h('span.count-label', label),
    ' ',
    h('b', String(value)),
  );
}

/** One side of a formula with the row's counts: (满意 300 + 基本满意 49 × 0.8), each count a button. */
function formulaSide(kind, names, minus, weight, counts, onCount) {
  const parts = [];
  names.forEach((name, i) => {
    if (i > 0) parts.push(' + ');
    parts.push(countButton(kind, name, counts, onCount));
    if (weight !== undefined && i === 1) parts.push(` × ${weightText(weight)}`);
  });
  for (const name of minus ?? []) parts.push(' − ', countButton(kind, name, counts, onCount));
  return names.length + (minus?.length ?? 0) > 1 ? ['(', ...parts, ')'] : parts;
}
const numeratorOf = (kind, def, counts, onCount) =>
  formulaSide(
    kind,
    def.numerator,
    def.numeratorMinus,
    def.weighted ? def.weight : undefined,
    counts,
    onCount,
  );
const denominatorOf = (kind, def, counts, onCount) =>
  formulaSide(kind, def.denominator, def.minus, undefined, counts, onCount);

/** The values above and below the line (for sorting and the sample size; the rate itself is the API's). */
const numValue = (def, counts) =>
  sideValue(counts, def.numerator, def.numeratorMinus, def.weighted ? def.weight : undefined);
const denValue = (def, counts) => sideValue(counts, def.denominator, def.minus);

/**
 * A rate's card: name, value, the formula in words (with the weight in force) and with the row's counts, and
 * how many cases an exclusion (考核剔除) took out of it.
 */
function rateCard(kind, key, def, row, onCount) {
  const prefix = kind === 'hotline' ? 'rate' : 'grid-rate';
  const rate = row?.rates?.[key] ?? null;
  const excluded = row?.excludedByRate?.[key] ?? 0;
  return h(
    'div.card',
    { testid: `${prefix}-${key}`, dataset: { rate: rate === null ? '' : String(rate) } },
    h(
      'div.card-head',
      h('span.label', def.name),
      h('span.value', { testid: `${prefix}-${key}-value` }, fmtRate(rate)),
    ),
    h('div.formula', { testid: `${prefix}-${key}-formula`, title: def.description ?? '' }, def.formula),
    h(
      'div.counts',
      { testid: `${prefix}-${key}-counts` },
      numeratorOf(kind, def, row?.counts, (count, value) => onCount(count, value, key)),
      ' ÷ ',
      denominatorOf(kind, def, row?.counts, (count, value) => onCount(count, value, key)),
    ),
    excluded > 0 ? h('span.marker', { testid: `${prefix}-${key}-excluded` }, `已剔除 ${excluded} 件`) : null,
  );
}

/** An average's card (平均办理时长): the minutes are a sum, not cases, so only the denominator lists cases. */
function averageCard(kind, key, row, onCount) {
  const def = AVERAGE_DEFINITIONS[kind][key];
  const prefix = kind === 'hotline' ? 'average' : 'grid-average';
  return h(
    'div.card',
    { testid: `${prefix}-${key}` },
    h(
      'div.card-head',
      h('span.label', def.name),
      h('span.value', { testid: `${prefix}-${key}-value` }, fmtHours(row?.averages?.[key] ?? null)),
    ),
    h('div.formula', def.formula),
    h(
      'div.counts',
      def.numerator.map((count) => h('span', `${countLabel(kind, count)} ${row?.counts?.[count] ?? 0}`)),
      ` ÷ ${def.divisor} ÷ `,
      def.denominator.map((count) => countButton(kind, count, row?.counts, onCount)),
    ),
  );
}

export async function renderDashboard(view, ctx) {
  const today = shanghaiDay(new Date());
  const state = {
    from: shanghaiDay(new Date(Date.now() - 29 * 86_400_000)),
    to: today,
    groupBy: 'unit',
    trend: 'day',
    // The units' own clock: the district's deadline (onTimeCompletion) is the street's count, with no unit.
    rate: 'onTimeCompletionInternal',
    sortKey: 'den',
    sortDir: -1,
  };
  const charts = [];
  const headline = h('div.headlines', { testid: 'headlines' });
  const hotlineNote = h('p.hint', { testid: 'excluded' });
  const gridLine = h('div.grid-rates', { testid: 'grid-rates' });
  const gridCards = h('div.headlines', { testid: 'grid-cards' });
  const groupChart = h('div.chart', { testid: 'group-chart' });
  const groupTable = h('div.table-wrap', { testid: 'group-table' });
  const trendChart = h('div.chart', { testid: 'trend-chart' });
  const alerts = h('div.alerts', { testid: 'alerts' });
  const drill = h('section.drill', { testid: 'drill' });
  let groupRows = [];
  let totalRow;
  let gridRow;
  let defs = { hotline: definitionsOf('hotline'), grid: definitionsOf('grid') };
  /** The drill-down being shown: a newer one makes an older page's answer stale. */
  let drilling;

  const nameOf = (group) =>
    state.groupBy === 'unit'
      ? (ctx.directory.unitName.get(group) ?? group)
      : state.groupBy === 'grid'
        ? (ctx.directory.gridName.get(group) ?? group)
        : group;

  /**
   * The cases behind one count of one row (GET /stats/{kind}/cases), page by page, each linking to its case; the
   * list's total is set against the count the card or table showed.
   */
  const showCases = async ({ kind, count, value, groupBy, group, groupName, rateKey, counts }) => {
    const token = {};
    drilling = token;
    const label = countLabel(kind, count);
    const def = rateKey ? defs[kind][rateKey] : undefined;
    const totalLine = h('p.drill-total', { testid: 'drill-total' }, '加载中…');
    const body = h('tbody');
    const more = h('button.secondary', { type: 'button', testid: 'drill-more', hidden: true }, '加载更多');
    const caseType = kind === 'hotline' ? 'ticket' : 'finding';
    let cursor;
    let listed = 0;
    const loadPage = async () => {
      more.disabled = true;
      const page = await get(CASES_PATH[kind], {
        count,
        groupBy,
        group,
        from: state.from,
        to: state.to,
        limit: 100,
        cursor,
      });
      if (drilling !== token) return;
      for (const item of page.items) {
        body.append(
          h(
            'tr',
            { testid: `${caseType}-row`, dataset: { id: item.caseId } },
            h(
              'td',
              h('a', { href: `#/${caseType}/${encodeURIComponent(item.caseId)}` }, item.ref ?? item.caseId),
            ),
            h('td', countLabel(kind, item.count)),
            h('td', groupName),
            h('td', item.day),
            h('td', fmtTime(item.at)),
            h('td', item.excluded ? h('span.marker', { testid: 'case-excluded' }, '已剔除') : ''),
          ),
        );
      }
      listed += page.items.length;
      cursor = page.nextCursor ?? undefined;
      more.hidden = !cursor;
      more.disabled = false;
      const equal = page.total === value;
      totalLine.dataset.total = String(page.total);
      totalLine.dataset.count = String(value);
      totalLine.className = `drill-total ${equal ? 'equal' : 'differs'}`;
      totalLine.textContent =
        `清单共 ${page.total} 件，${equal ? '等于' : '不等于'}「${label}」的计数 ${value}` +
        (equal ? '' : '（统计已更新，请刷新大屏）') +
        (cursor ? `；已列出 ${listed} 件` : '');
    };
    const failed = (error) => {
      if (drilling !== token) return;
      totalLine.className = 'drill-total error';
      totalLine.textContent = `案件清单加载失败：${error.message}`;
      more.hidden = true;
    };
    more.addEventListener('click', () => void loadPage().catch(failed));
    /** Another count of the same rate and group. */
    const sibling = (other, otherValue) =>
      void showCases({ kind, count: other, value: otherValue, groupBy, group, groupName, rateKey, counts });
    clear(
      drill,
      h('h3', `${label} · ${groupName}`, def ? ` （${def.name}）` : ''),
      totalLine,
      def
        ? h(
            'p.drill-counts',
            `${def.name} = `,
            numeratorOf(kind, def, counts, sibling),
            ' ÷ ',
            denominatorOf(kind, def, counts, sibling),
          )
        : null,
      h(
        'table.cases',
        { testid: 'drill-table' },
        h(
          'thead',
          h(
            'tr',
            [
              kind === 'hotline' ? '工单编号' : '案件编号',
              '计数',
              '分组',
              '计入日',
              '事件时间',
              '考核剔除',
            ].map((text) => h('th', text)),
          ),
        ),
        body,
      ),
      more,
      h(
        'p.hint',
        '每行是计入该计数的一次：事件计数在事件发生日，应办计数在期限所在日；同一案件可计入多次（如多次回退）。',
      ),
    );
    drill.scrollIntoView({ behavior: 'smooth', block: 'start' });
    await loadPage().catch(failed);
  };

  /** The drill-down of a count of the whole street (the cards). */
  const streetCases = (kind, row) => (count, value, rateKey) =>
    void showCases({
      kind,
      count,
      value,
      groupBy: 'none',
      group: 'all',
      groupName: '全部',
      rateKey,
      counts: row?.counts,
    });

  /** A group's drill-down: the cases below the line of the chosen rate (the due, rated or received ones). */
  const groupCases = (row, count) => {
    const def = defs.hotline[state.rate];
    const chosen = count ?? def.denominator[0];
    void showCases({
      kind: 'hotline',
      count: chosen,
      value: row.counts?.[chosen] ?? 0,
      groupBy: state.groupBy,
      group: row.group,
      groupName: nameOf(row.group),
      rateKey: state.rate,
      counts: row.counts,
    });
  };

  const renderGroupTable = () => {
    const def = defs.hotline[state.rate];
    const rows = groupRows.map((row) => ({
      row,
      name: nameOf(row.group),
      rate: row.rates?.[state.rate] ?? null,
      num: numValue(def, row.counts),
      den: denValue(def, row.counts),
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
      h('p.hint.formula', { testid: 'group-formula' }, `${def.name} = ${def.formula}`),
      h(
        'table.stats',
        h(
          'thead',
          h(
            'tr',
            header('name', GROUP_LABEL[state.groupBy]),
            header('rate', def.name),
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
                on: { click: () => groupCases(r.row) },
              },
              h('td', r.name),
              h('td', fmtRate(r.rate)),
              h(
                'td.counts',
                numeratorOf('hotline', def, r.row.counts, (count) => groupCases(r.row, count)),
              ),
              h(
                'td.counts',
                denominatorOf('hotline', def, r.row.counts, (count) => groupCases(r.row, count)),
              ),
              h(
                'td',
                r.den < MIN_SAMPLE
                  ? h('span.marker', { title: `样本少于${MIN_SAMPLE}`, testid: 'small-sample' }, '样本不足')
                  : '',
                r.row.excluded > 0
                  ? h('span.marker', { testid: 'group-excluded' }, `已剔除 ${r.row.excluded} 件`)
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
            name: def.name,
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
          if (row) groupCases(row);
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
    defs = { hotline: definitionsOf('hotline', total), grid: definitionsOf('grid', grid) };
    totalRow = total.rows[0];
    gridRow = grid.rows[0];
    const onHotline = streetCases('hotline', totalRow);
    const onGrid = streetCases('grid', gridRow);
    clear(
      headline,
      HOTLINE_CARDS.map((key) => rateCard('hotline', key, defs.hotline[key], totalRow, onHotline)),
      averageCard('hotline', 'handlingHours', totalRow, onHotline),
    );
    hotlineNote.textContent =
      totalRow?.excluded > 0
        ? `已剔除 ${totalRow.excluded} 件（考核剔除：经申请和批准，不计入所剔除指标的分子和分母）`
        : '';
    clear(
      gridLine,
      h('span.label', '网格案件'),
      GRID_TOTALS.map((count) => countButton('grid', count, gridRow?.counts, (c, v) => onGrid(c, v))),
      gridRow?.excluded > 0 ? h('span.marker', `已剔除 ${gridRow.excluded} 件`) : null,
    );
    clear(
      gridCards,
      GRID_CARDS.map((key) => rateCard('grid', key, defs.grid[key], gridRow, onGrid)),
      averageCard('grid', 'handlingHours', gridRow, onGrid),
    );
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
        series: HEADLINES.map((key) => ({
          type: 'line',
          name: defs.hotline[key].name,
          connectNulls: true,
          data: trend.rows.map((row) =>
            row.rates?.[key] === null || row.rates?.[key] === undefined
              ? null
              : Math.round(row.rates[key] * 1000) / 10,
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
    const header = [
      '分组',
      ...HOTLINE_CARDS.flatMap((key) => {
        const name = defs.hotline[key].name;
        return [name, `${name}分子`, `${name}分母`];
      }),
    ];
    const line = (name, row) => [
      name,
      ...HOTLINE_CARDS.flatMap((key) => [
        row?.rates?.[key] ?? null,
        numValue(defs.hotline[key], row?.counts),
        denValue(defs.hotline[key], row?.counts),
      ]),
    ];
    const formulas = (kind, keys) => keys.map((key) => [defs[kind][key].name, defs[kind][key].formula]);
    const blob = workbook([
      {
        name: `按${GROUP_LABEL[state.groupBy]}`,
        rows: [header, line('全部', totalRow), ...groupRows.map((row) => line(nameOf(row.group), row))],
      },
      {
        name: '说明',
        rows: [
          ['期间', `${state.from} 至 ${state.to}`],
          ['来源', 'GET /api/v1/stats/hotline, /api/v1/stats/grid'],
          ['样本不足', `分母少于${MIN_SAMPLE}`],
          ['指标', '公式'],
          ...formulas('hotline', HOTLINE_CARDS),
          ...formulas('grid', GRID_CARDS),
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
      h('h3', '12345工单'),
      headline,
      hotlineNote,
      h('h3', '网格案件'),
      gridLine,
      gridCards,
      h(
        'div.grid2',
        h(
          'section.panel',
          h(
            'div.panel-head',
            h('h3', '分组指标'),
            choice('groupBy', { unit: '按承办单位', grid: '按网格', category: '按分类' }),
            choice('rate', Object.fromEntries(HOTLINE_CARDS.map((key) => [key, defs.hotline[key].name]))),
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
