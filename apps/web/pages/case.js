// A ticket's or a finding's page: its fields, the deadline of every stage coloured by its state, the 双先联、双回访
// checklist, the full history, and a button or form for each action the API says the signed-in user may take now
// (`actions`). No status list or state machine lives here: the API's view decides.
import { get, post } from '../lib/api.js';
import {
  EVENT_LABEL,
  FINDING_STATUS,
  STAGE,
  STAGE_STATE,
  TICKET_STATUS,
  TICKET_TYPE,
  clear,
  fmtTime,
  h,
  toast,
} from '../lib/dom.js';
import { photoGallery, photoInput } from '../lib/photos.js';
import { suggestUnit } from '../lib/suggest.js';

/** A small form: fields are [name, label, element]; onSubmit(values) runs the command. */
export function actionForm(title, fields, onSubmit, { testid, submitLabel = '提交' } = {}) {
  const error = h('p.error');
  const form = h(
    'form.action',
    {
      testid,
      on: {
        submit: async (event) => {
          event.preventDefault();
          error.textContent = '';
          const values = {};
          const button = form.querySelector('button[type=submit]');
          button.disabled = true;
          try {
            for (const [name, , input] of fields) {
              if (input.type === 'checkbox') values[name] = input.checked;
              else if (input.getValues) values[name] = await input.getValues();
              else values[name] = input.value;
            }
            await onSubmit(values);
          } catch (err) {
            error.textContent = err.message;
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    h('h4', title),
    fields.map(([name, label, input]) =>
      input.group
        ? h('fieldset.group', { dataset: { field: name } }, h('legend', label), input.element)
        : h('label', { dataset: { field: name } }, label, input.element ?? input),
    ),
    h('button', { type: 'submit', testid: testid ? `${testid}-submit` : undefined }, submitLabel),
    error,
  );
  return form;
}

export const select = (name, options, value) =>
  h(
    'select',
    { name, testid: `field-${name}` },
    Object.entries(options).map(([key, label]) =>
      h('option', { value: key, selected: key === value }, label),
    ),
  );
const input = (name, attrs = {}) => h('input', { name, testid: `field-${name}`, ...attrs });

/** A group of checkboxes (a fieldset in the form), one per option; its value is the list of the checked keys. */
function checkboxes(name, options) {
  const boxes = Object.entries(options).map(([key, label]) => [
    key,
    h('input', { type: 'checkbox', name, value: key, testid: `field-${name}-${key}` }),
    label,
  ]);
  return {
    group: true,
    element: h(
      'div.options',
      { testid: `field-${name}` },
      boxes.map(([, box, label]) => h('label.option', box, label)),
    ),
    getValues: async () => boxes.filter(([, box]) => box.checked).map(([key]) => key),
  };
}
const textarea = (name, value = '') => h('textarea', { name, testid: `field-${name}`, value, rows: 2 });

/**
 * The form of an action whose body is one text field: sent as `{[name]: text}`, or `{}` when the field is optional
 * and left empty.
 */
const textForm =
  (title, [name, label], done, { testid, submitLabel, optional = false }) =>
  ({ run }) =>
    actionForm(
      title,
      [[name, label, textarea(name)]],
      async (values) => run(optional && !values[name] ? {} : { [name]: values[name] }, done)(),
      { testid, submitLabel },
    );

const CONTACT_OUTCOME = {
  reached: '已联系上',
  unreachable: '无人接听',
  'wrong-number': '号码错误',
  refused: '拒绝沟通',
};
const CALLBACK_OUTCOME = { reached: '已联系上', unreachable: '无人接听', refused: '拒绝回访' };
const SATISFACTION = { satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' };
const RESULT = { resolved: '实际解决', explained: '解释说明', unresolved: '未解决' };
const REOPEN_KIND = { redo: '重办', supervision: '督办', recheck: '回访复核' };
/** 考核剔除: why a ticket is taken out of the assessment (the API's `EXCLUSION_KINDS`). */
const EXCLUSION_KIND = {
  unreasonable: '不合理诉求',
  'outside-powers': '超出职权',
  duplicate: '重复工单',
  other: '其他',
};
const EXCLUSION_STATUS = { requested: '待审核', approved: '已批准', rejected: '已驳回' };
/** The rates of the district's assessment a ticket may be taken out of (the API's `HOTLINE_RATE_NAMES`). */
const RATE = {
  signOnTime: '按时签收率',
  firstContact: '先行联系率',
  onTimeCompletion: '按时办结率（区考核）',
  onTimeCompletionInternal: '按时办结率（内部）',
  resolution: '实际解决率',
  resolutionClaimed: '承办认定解决率',
  satisfaction: '市民满意率',
  satisfactionEfficiency: '满意率（办理效率）',
  satisfactionAttitude: '满意率（服务态度）',
  satisfactionResult: '满意率（办理结果）',
  callback: '回访率',
  reopen: '重办率',
  return: '回退率',
  returnUpstream: '退单率',
  extension: '延期率',
  overdue: '超期率',
};
/** What the 12345 callback rates besides overall satisfaction. */
const RATING_ASPECT = { efficiency: '办理效率', attitude: '服务态度', result: '办理结果' };

function field(label, value) {
  return [h('dt', label), h('dd', value ?? '—')];
}

const rateNames = (rates) => (rates ?? []).map((rate) => RATE[rate] ?? rate).join('、');

/** 考核剔除: where the request stands, its kind, the rates it names, and the decision's note. */
function exclusionField(exclusion) {
  if (!exclusion) return null;
  return [
    h('dt', '考核剔除'),
    h(
      `dd.exclusion-${exclusion.status}`,
      { testid: 'exclusion', dataset: { status: exclusion.status } },
      `${EXCLUSION_STATUS[exclusion.status] ?? exclusion.status}（${EXCLUSION_KIND[exclusion.kind] ?? exclusion.kind}）`,
      `：${rateNames(exclusion.rates)}`,
      exclusion.reason ? h('span.note', ` 理由：${exclusion.reason}`) : null,
      exclusion.note ? h('span.note', ` 审核意见：${exclusion.note}`) : null,
    ),
  ];
}

/** The 12345 callback's ratings of efficiency, attitude and result, when it gave them. */
function ratingsField(callback) {
  const ratings = callback?.ratings;
  if (!ratings) return null;
  const parts = Object.entries(RATING_ASPECT)
    .filter(([aspect]) => ratings[aspect])
    .map(([aspect, label]) => `${label}：${SATISFACTION[ratings[aspect]] ?? ratings[aspect]}`);
  return [h('dt', '12345回访评价'), h('dd', { testid: 'hotline-ratings' }, parts.join('；'))];
}

/** An event's label in the history; a decision says which way it went. */
function eventLabel(event) {
  if (event.type === 'ExclusionDecided') return event.data?.approved ? '批准考核剔除' : '驳回考核剔除';
  return EVENT_LABEL[event.type] ?? event.type;
}

function historyList(history) {
  return h(
    'ol.history',
    { testid: 'history' },
    (history ?? []).map((event) =>
      h(
        'li',
        h('time', fmtTime(event.data?.at ?? event.recordedAt)),
        h('b', eventLabel(event)),
        h('span.actor', `${event.actor?.role ?? ''} ${event.actor?.id ?? ''}`),
        event.data?.note || event.data?.reason || event.data?.summary
          ? h('span.note', event.data.note ?? event.data.reason ?? event.data.summary)
          : null,
      ),
    ),
  );
}

/** The district's deadline (上级时限), which the street is ranked on, with the state the API gives it. */
function upstreamField(stages) {
  const upstream = (stages ?? []).find((stage) => stage.stage === 'upstream');
  if (!upstream) return null;
  return [
    h('dt', '上级时限'),
    h(
      `dd.stage-${upstream.state}`,
      { testid: 'upstream-deadline', dataset: { state: upstream.state } },
      fmtTime(upstream.dueAt),
      ` ${STAGE_STATE[upstream.state] ?? upstream.state}`,
    ),
  ];
}

/** The deadline of every stage instance, coloured by the state the API gives it (`stages[].state`). */
function stagesTable(stages) {
  if (!stages || stages.length === 0) return null;
  return h(
    'table.deadlines',
    { testid: 'stages' },
    h(
      'thead',
      h(
        'tr',
        ['环节', '开始', '预警', '期限', '完成', '状态'].map((label) => h('th', label)),
      ),
    ),
    h(
      'tbody',
      stages.map((stage) =>
        h(
          `tr.stage-${stage.state}`,
          { testid: 'stage', dataset: { stage: stage.stage, state: stage.state } },
          h('td', STAGE[stage.stage] ?? stage.stage),
          h('td', fmtTime(stage.startedAt)),
          h('td', fmtTime(stage.warnAt)),
          h('td', fmtTime(stage.dueAt), stage.provisional ? '（暂定）' : ''),
          h('td', stage.endedAt ? fmtTime(stage.endedAt) : '—'),
          h('td.state', STAGE_STATE[stage.state] ?? stage.state),
        ),
      ),
    ),
  );
}

function checklist(compliance) {
  if (!compliance) return null;
  const item = (label, check) =>
    h(
      `li.${!check?.required ? 'na' : check.done ? (check.onTime ? 'ok' : 'late') : 'todo'}`,
      label,
      '：',
      !check?.required
        ? '不需要'
        : check.done
          ? check.onTime
            ? '已完成（按时）'
            : '已完成（超时）'
          : '待完成',
    );
  return h(
    'section.checklist',
    { testid: 'checklist' },
    h('h3', '双先联、双回访'),
    h(
      'ul',
      item('先行联系（接单后）', compliance.firstContact),
      item('答复前联系', compliance.beforeReplyContact),
      item('街道回访', compliance.streetCallback),
      item('12345回访', compliance.hotlineCallback),
    ),
  );
}

/**
 * The forms of the ticket's actions, by the action's name (the route's last segment). Which actions show is the
 * API's answer (`ticket.actions`: what this caller may do now); the console only knows how to ask for each one.
 */
const TICKET_FORMS = {
  sign: ({ run }) => h('button', { testid: 'sign', on: { click: run({}, '已签收') } }, '签收'),
  dispatch: ({ ticket, directory, run }) => {
    const suggested = suggestUnit(ticket.intake?.category?.code, directory.units);
    const units = Object.fromEntries(directory.units.map((unit) => [unit.unitId, unit.name]));
    return actionForm(
      '派遣',
      [
        [
          'unitId',
          `承办单位${suggested ? `（按分类建议：${directory.unitName.get(suggested)}）` : ''}`,
          select('unitId', units, suggested),
        ],
        ['note', '派单意见', textarea('note')],
      ],
      async ({ unitId, note }) => run({ unitId, ...(note ? { note } : {}) }, '已派遣')(),
      { testid: 'dispatch' },
    );
  },
  accept: ({ run }) => h('button', { testid: 'accept', on: { click: run({}, '已接单') } }, '接单'),
  // A unit returns the ticket to the center (回退); the center returns it upstream (退单).
  return: ({ me, run }) =>
    me.role === 'handler'
      ? actionForm(
          '回退派单中心',
          [['reason', '回退理由', textarea('reason')]],
          async ({ reason }) => run({ reason }, '已回退')(),
          { testid: 'return' },
        )
      : actionForm(
          '退单（退回区12345）',
          [['reason', '退单理由', textarea('reason')]],
          async ({ reason }) => run({ reason, upstream: true }, '已退单')(),
          { testid: 'return-upstream', submitLabel: '退单' },
        ),
  contacts: ({ ticket, run }) =>
    actionForm(
      '联系市民（双先联）',
      [
        [
          'phase',
          '环节',
          select(
            'phase',
            {
              first: '先行联系（接单后）',
              'before-reply': '答复前联系',
              'extension-notice': '告知延期（新期限与理由）',
            },
            ticket.extension?.noticeDue
              ? 'extension-notice'
              : ticket.firstContact?.concluded
                ? 'before-reply'
                : 'first',
          ),
        ],
        ['channel', '方式', select('channel', { phone: '电话', visit: '上门', sms: '短信' })],
        ['outcome', '结果', select('outcome', CONTACT_OUTCOME)],
        ['note', '记录', textarea('note')],
      ],
      async ({ phase, channel, outcome, note }) =>
        run({ phase, channel, outcome, ...(note ? { note } : {}) }, '联系已记录')(),
      { testid: 'contact' },
    ),
  'extension-requests': ({ run }) =>
    actionForm(
      '延期申请',
      [
        ['workingDays', '延期工作日', input('workingDays', { type: 'number', min: 1, max: 15, value: 5 })],
        ['reason', '理由', textarea('reason')],
      ],
      async ({ workingDays, reason }) =>
        run({ workingDays: Number(workingDays), reason }, '延期申请已提交')(),
      { testid: 'extension' },
    ),
  'extension-decision': ({ ticket, run }) =>
    actionForm(
      `延期审批（申请 ${ticket.extension?.pending?.workingDays ?? ''} 个工作日）`,
      [
        ['approved', '审批', select('approved', { true: '同意', false: '不同意' })],
        ['note', '意见', textarea('note')],
      ],
      async ({ approved, note }) =>
        run({ approved: approved === 'true', ...(note ? { note } : {}) }, '已审批')(),
      { testid: 'extension-decision' },
    ),
  reply: ({ run }) =>
    actionForm(
      '提交答复',
      [
        ['result', '办理结果', select('result', RESULT)],
        ['summary', '答复内容', textarea('summary')],
        ['factsConfirmed', '已核实情况', input('factsConfirmed', { type: 'checkbox', checked: true })],
      ],
      async ({ result, summary, factsConfirmed }) => run({ result, summary, factsConfirmed }, '答复已提交')(),
      { testid: 'reply' },
    ),
  review: ({ run }) =>
    actionForm(
      '审核答复',
      [
        ['approved', '审核结果', select('approved', { true: '通过', false: '驳回重办' })],
        ['note', '审核意见', textarea('note')],
      ],
      async ({ approved, note }) =>
        run({ approved: approved === 'true', ...(note ? { note } : {}) }, '审核完成')(),
      { testid: 'review' },
    ),
  callbacks: ({ run }) =>
    actionForm(
      '街道回访（双回访之一）',
      [
        ['outcome', '回访结果', select('outcome', CALLBACK_OUTCOME)],
        ['satisfaction', '满意度', select('satisfaction', SATISFACTION)],
        ['resolved', '问题是否解决', input('resolved', { type: 'checkbox', checked: true })],
        ['note', '回访记录', textarea('note')],
      ],
      async ({ outcome, satisfaction, resolved, note }) =>
        run(
          {
            by: 'street',
            outcome,
            ...(outcome === 'reached' ? { satisfaction, resolved } : {}),
            ...(note ? { note } : {}),
          },
          '回访已记录',
        )(),
      { testid: 'callback' },
    ),
  'reply-upstream': textForm('答复上报（12345）', ['note', '答复意见'], '已答复上报', {
    testid: 'reply-upstream',
    optional: true,
  }),
  reopen: ({ run }) =>
    actionForm(
      '重办 / 督办 / 回访复核',
      [
        ['kind', '类型', select('kind', REOPEN_KIND)],
        ['reason', '理由', textarea('reason')],
      ],
      async ({ kind, reason }) => run({ kind, reason }, '已重办')(),
      { testid: 'reopen', submitLabel: '重办' },
    ),
  urge: textForm('催办', ['note', '意见'], '已催办', { testid: 'urge', submitLabel: '催办', optional: true }),
  supervise: textForm('督办', ['note', '督办意见'], '已督办', {
    testid: 'supervise',
    submitLabel: '督办',
    optional: true,
  }),
  park: textForm('挂账', ['reason', '挂账说明'], '已挂账', { testid: 'park', submitLabel: '挂账' }),
  close: textForm('结案', ['reason', '结案说明'], '已结案', {
    testid: 'close',
    submitLabel: '结案',
    optional: true,
  }),
  // 查看号码: the unmasked number for whoever has to call, with a reason the ticket's history records.
  reveal: ({ action }) =>
    actionForm(
      '查看号码（须填写理由，全程留痕）',
      [['reason', '理由', textarea('reason')]],
      async ({ reason }) => {
        const answer = await post(action.href, { reason });
        const shown = document.querySelector('[data-testid="caller"]');
        if (shown) shown.textContent = [answer.caller.name, answer.caller.phone].filter(Boolean).join(' ');
        toast('号码已显示，查看已记录', 'ok');
      },
      { testid: 'reveal', submitLabel: '查看' },
    ),
  // 考核剔除: the lead unit's handler or the center asks to leave the ticket out of chosen rates; a supervisor decides.
  'exclusion-requests': ({ run }) =>
    actionForm(
      '申请考核剔除',
      [
        ['kind', '剔除类型', select('kind', EXCLUSION_KIND)],
        [
          'reason',
          '理由',
          h('textarea', { name: 'reason', testid: 'field-reason', rows: 2, maxLength: 500 }),
        ],
        ['rates', '剔除的考核指标', checkboxes('rates', RATE)],
      ],
      async ({ kind, reason, rates }) => {
        if (rates.length === 0) throw new Error('请至少选择一项考核指标');
        await run({ kind, reason, rates }, '考核剔除申请已提交')();
      },
      { testid: 'exclusion-request', submitLabel: '申请剔除' },
    ),
  'exclusion-decision': ({ ticket, run }) =>
    actionForm(
      `考核剔除审核（${EXCLUSION_KIND[ticket.exclusion?.kind] ?? ''}：${rateNames(ticket.exclusion?.rates)}）`,
      [
        ['approved', '审核', select('approved', { true: '批准', false: '驳回' })],
        ['note', '审核意见', textarea('note')],
      ],
      async ({ approved, note }) =>
        run(
          { approved: approved === 'true', ...(note ? { note } : {}) },
          approved === 'true' ? '已批准考核剔除' : '已驳回考核剔除',
        )(),
      { testid: 'exclusion-decision' },
    ),
  // Erasure after the retention period (admin): the callers show as erased afterwards.
  erasure: textForm('删除诉求人个人信息（保存期满）', ['reason', '理由'], '个人信息已删除', {
    testid: 'erasure',
    submitLabel: '删除',
  }),
};

/** The buttons and forms of a case's `actions` (those the console has a form for), each posting to its href. */
function actionForms(actions, forms, context, done) {
  return (actions ?? []).map((action) => {
    const form = forms[action.name];
    if (!form) return null;
    const run = (body, message) => async () => {
      await post(action.href, body);
      toast(message, 'ok');
      await done();
    };
    return form({ ...context, action, run });
  });
}

export async function renderTicket(view, id, ctx) {
  const load = async () => {
    const ticket = await get(`/tickets/${encodeURIComponent(id)}`);
    const intake = ticket.intake ?? {};
    const { unitName, gridName } = ctx.directory;
    clear(
      view,
      h('a.back', { href: '#', on: { click: (e) => (e.preventDefault(), history.back()) } }, '← 返回'),
      h(
        'section.case',
        { testid: 'ticket-detail' },
        h(
          'h2',
          `${intake.title ?? ticket.ticketNo} `,
          h('span.badge', { testid: 'status' }, TICKET_STATUS[ticket.status] ?? ticket.status),
        ),
        h(
          'dl.fields',
          field('工单编号', ticket.ticketNo),
          upstreamField(ticket.stages),
          field(
            '诉求类型',
            `${TICKET_TYPE[ticket.type] ?? ticket.type}${ticket.urgency === 'urgent' ? '（紧急）' : ''}`,
          ),
          field('分类', (intake.category?.path ?? []).join(' / ') || intake.category?.code),
          field('受理时间', fmtTime(intake.receivedAt)),
          field('事发地址', intake.address),
          field('网格', gridName.get(intake.gridId) ?? intake.gridId),
          field('承办单位', ticket.unitId ? (unitName.get(ticket.unitId) ?? ticket.unitId) : '—'),
          h('dt', '诉求人'),
          h(
            'dd',
            { testid: 'caller' },
            !intake.caller
              ? '—'
              : intake.caller.erased
                ? '已删除（保存期满）'
                : intake.caller.confidential
                  ? `保密 ${intake.caller.phoneMasked ?? ''}`.trim()
                  : (intake.caller.phoneMasked ?? '—'),
          ),
          field('诉求内容', intake.content),
          ratingsField(ticket.hotlineCallback),
          exclusionField(ticket.exclusion),
        ),
        h(
          'div.columns',
          h('div', h('h3', '办理期限'), stagesTable(ticket.stages)),
          checklist(ticket.compliance),
        ),
        h(
          'div.actions',
          { testid: 'actions' },
          actionForms(ticket.actions, TICKET_FORMS, { ticket, ...ctx }, load),
        ),
        h('h3', '办理历史'),
        historyList(ticket.history),
      ),
    );
  };
  await load();
}

/** The forms of a finding's actions, by name; which show is the API's answer (`finding.actions`). */
const FINDING_FORMS = {
  verify: ({ run }) =>
    actionForm(
      '现场核实',
      [['valid', '是否属实', select('valid', { true: '属实', false: '不属实' })]],
      async ({ valid }) => run({ valid: valid === 'true' }, '核实完成')(),
      { testid: 'verify' },
    ),
  file: ({ run }) => h('button', { testid: 'file', on: { click: run({}, '已立案') } }, '立案'),
  cancel: ({ run }) =>
    actionForm(
      '作废',
      [['reason', '理由', textarea('reason')]],
      async ({ reason }) => run({ reason }, '已作废')(),
      {
        testid: 'cancel',
      },
    ),
  dispatch: ({ finding, directory, run }) => {
    const suggested = suggestUnit(finding.category?.code, directory.units);
    const units = Object.fromEntries(directory.units.map((unit) => [unit.unitId, unit.name]));
    return actionForm(
      '派遣',
      [['unitId', '处置单位', select('unitId', units, suggested)]],
      async ({ unitId }) => run({ unitId }, '已派遣')(),
      { testid: 'dispatch' },
    );
  },
  return: ({ run }) =>
    actionForm(
      '回退派单中心',
      [['reason', '回退理由', textarea('reason')]],
      async ({ reason }) => run({ reason }, '已回退')(),
      { testid: 'return' },
    ),
  'extension-requests': ({ run }) =>
    actionForm(
      '延期申请',
      [
        ['workingDays', '延期工作日', input('workingDays', { type: 'number', min: 1, value: 2 })],
        ['reason', '理由', textarea('reason')],
      ],
      async ({ workingDays, reason }) =>
        run({ workingDays: Number(workingDays), reason }, '延期申请已提交')(),
      { testid: 'extension' },
    ),
  'extension-decision': ({ finding, run }) =>
    actionForm(
      `延期审批（申请 ${finding.pendingExtension?.workingDays ?? ''} 个工作日）`,
      [
        ['approved', '审批', select('approved', { true: '同意', false: '不同意' })],
        ['note', '意见', textarea('note')],
      ],
      async ({ approved, note }) =>
        run({ approved: approved === 'true', ...(note ? { note } : {}) }, '已审批')(),
      { testid: 'extension-decision' },
    ),
  handled: ({ run }) =>
    actionForm(
      '处置反馈',
      [
        ['note', '处置情况', textarea('note')],
        ['photos', '处置后照片', photoInput('photos')],
      ],
      async ({ note, photos: ids }) => run({ note, photos: ids }, '已反馈')(),
      { testid: 'handled' },
    ),
  check: ({ run }) =>
    actionForm(
      '现场核查',
      [
        ['passed', '核查结果', select('passed', { true: '通过（结案）', false: '不通过（返工）' })],
        ['note', '核查意见', textarea('note')],
        ['photos', '核查照片', photoInput('photos')],
      ],
      async ({ passed, note, photos: ids }) =>
        run({ passed: passed === 'true', ...(note ? { note } : {}), photos: ids }, '核查完成')(),
      { testid: 'check' },
    ),
  park: textForm('挂账', ['reason', '挂账说明'], '已挂账', { testid: 'park', submitLabel: '挂账' }),
};

export async function renderFinding(view, id, ctx) {
  const load = async () => {
    const finding = await get(`/findings/${encodeURIComponent(id)}`);
    const { unitName, gridName } = ctx.directory;
    const photos = [...(finding.report?.photos ?? []), ...(finding.report?.afterPhotos ?? [])];
    clear(
      view,
      h('a.back', { href: '#', on: { click: (e) => (e.preventDefault(), history.back()) } }, '← 返回'),
      h(
        'section.case',
        { testid: 'finding-detail' },
        h(
          'h2',
          `${finding.category?.name ?? finding.category?.code} `,
          h('span.badge', { testid: 'status' }, FINDING_STATUS[finding.status] ?? finding.status),
        ),
        h(
          'dl.fields',
          field('编号', finding.id),
          field(
            '分类',
            `${finding.category?.code} ${finding.category?.name ?? ''}（${finding.category?.standard ?? ''}）`,
          ),
          field('网格', gridName.get(finding.gridId) ?? finding.gridId),
          field('地址', finding.report?.address),
          field(
            '位置',
            finding.location ? `${finding.location.lat.toFixed(5)}, ${finding.location.lng.toFixed(5)}` : '—',
          ),
          field('处置单位', finding.unitId ? (unitName.get(finding.unitId) ?? finding.unitId) : '—'),
          field('描述', finding.description),
          field('自行处置', finding.selfHandled ? '是' : '否'),
        ),
        photos.length ? photoGallery(photos) : null,
        h('h3', '办理期限'),
        stagesTable(finding.stages),
        h(
          'div.actions',
          { testid: 'actions' },
          actionForms(finding.actions, FINDING_FORMS, { finding, ...ctx }, load),
        ),
        h('h3', '办理历史'),
        historyList(finding.history),
      ),
    );
  };
  await load();
}
