// A ticket's or a finding's page: its fields, deadlines, 双先联、双回访 checklist, full history, and the actions the
// signed-in role may take in the current state.
import { get, post } from '../lib/api.js';
import {
  EVENT_LABEL,
  FINDING_STATUS,
  STAGE,
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
      h('label', { dataset: { field: name } }, label, input.element ?? input),
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
const textarea = (name, value = '') => h('textarea', { name, testid: `field-${name}`, value, rows: 2 });

const CONTACT_OUTCOME = {
  reached: '已联系上',
  unreachable: '无人接听',
  'wrong-number': '号码错误',
  refused: '拒绝沟通',
};
const CALLBACK_OUTCOME = { reached: '已联系上', unreachable: '无人接听', refused: '拒绝回访' };
const SATISFACTION = { satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' };
const RESULT = { resolved: '实际解决', explained: '解释说明', unresolved: '未解决' };

function field(label, value) {
  return [h('dt', label), h('dd', value ?? '—')];
}

function historyList(history) {
  return h(
    'ol.history',
    { testid: 'history' },
    (history ?? []).map((event) =>
      h(
        'li',
        h('time', fmtTime(event.data?.at ?? event.recordedAt)),
        h('b', EVENT_LABEL[event.type] ?? event.type),
        h('span.actor', `${event.actor?.role ?? ''} ${event.actor?.id ?? ''}`),
        event.data?.note || event.data?.reason || event.data?.summary
          ? h('span.note', event.data.note ?? event.data.reason ?? event.data.summary)
          : null,
      ),
    ),
  );
}

function deadlinesTable(deadlines) {
  const rows = Object.values(deadlines ?? {}).filter((deadline) => deadline && deadline.dueAt);
  if (rows.length === 0) return null;
  const now = Date.now();
  return h(
    'table.deadlines',
    h('thead', h('tr', h('th', '环节'), h('th', '开始'), h('th', '预警'), h('th', '期限'))),
    h(
      'tbody',
      rows.map((deadline) =>
        h(
          `tr${Date.parse(deadline.dueAt) < now ? '.late' : ''}`,
          h('td', STAGE[deadline.stage] ?? deadline.stage),
          h('td', fmtTime(deadline.startedAt)),
          h('td', fmtTime(deadline.warnAt)),
          h('td', fmtTime(deadline.dueAt), deadline.provisional ? '（暂定）' : ''),
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

/** The actions on a ticket for this role in this state. */
function ticketActions(ticket, ctx, done) {
  const { me, directory } = ctx;
  const id = encodeURIComponent(ticket.id);
  const run = (path, body, message) => async () => {
    await post(`/tickets/${id}/${path}`, body);
    toast(message, 'ok');
    await done();
  };
  const forms = [];
  const role = me.role;
  const status = ticket.status;
  const center = role === 'dispatcher' || role === 'admin';
  if (center && status === 'received') {
    forms.push(h('button', { testid: 'sign', on: { click: run('sign', {}, '已签收') } }, '签收'));
  }
  if (center && status === 'signed') {
    const suggested = suggestUnit(ticket.intake?.category?.code, directory.units);
    const units = Object.fromEntries(directory.units.map((unit) => [unit.unitId, unit.name]));
    const unit = select('unitId', units, suggested);
    forms.push(
      actionForm(
        '派遣',
        [
          [
            'unitId',
            `承办单位${suggested ? `（按分类建议：${directory.unitName.get(suggested)}）` : ''}`,
            unit,
          ],
          ['note', '派单意见', textarea('note')],
        ],
        async ({ unitId, note }) => run('dispatch', { unitId, ...(note ? { note } : {}) }, '已派遣')(),
        { testid: 'dispatch' },
      ),
    );
  }
  if (center && status === 'reply-submitted') {
    forms.push(
      actionForm(
        '审核答复',
        [
          ['approved', '审核结果', select('approved', { true: '通过', false: '驳回重办' })],
          ['note', '审核意见', textarea('note')],
        ],
        async ({ approved, note }) =>
          run('review', { approved: approved === 'true', ...(note ? { note } : {}) }, '审核完成')(),
        { testid: 'review' },
      ),
    );
  }
  if (center && status === 'street-callback') {
    forms.push(
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
            'callbacks',
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
    );
  }
  if (center && status === 'street-callback' && ticket.streetCallback?.concluded) {
    forms.push(
      actionForm(
        '答复上报（12345）',
        [['note', '答复意见', textarea('note')]],
        async ({ note }) => run('reply-upstream', note ? { note } : {}, '已答复上报')(),
        { testid: 'reply-upstream' },
      ),
    );
  }
  if (center && status === 'received') {
    forms.push(
      actionForm(
        '退单（退回区12345）',
        [['reason', '退单理由', textarea('reason')]],
        async ({ reason }) => run('return', { reason, upstream: true }, '已退单')(),
        { testid: 'return-upstream', submitLabel: '退单' },
      ),
    );
  }
  if (center && ticket.extension?.pending) {
    forms.push(
      actionForm(
        `延期审批（申请 ${ticket.extension.pending.workingDays ?? ''} 个工作日）`,
        [
          ['approved', '审批', select('approved', { true: '同意', false: '不同意' })],
          ['note', '意见', textarea('note')],
        ],
        async ({ approved, note }) =>
          run('extension-decision', { approved: approved === 'true', ...(note ? { note } : {}) }, '已审批')(),
        { testid: 'extension-decision' },
      ),
    );
  }
  const mine = role === 'handler' && ticket.unitId === me.unitId;
  if (mine && status === 'dispatched') {
    forms.push(h('button', { testid: 'accept', on: { click: run('accept', {}, '已接单') } }, '接单'));
    forms.push(
      actionForm(
        '回退派单中心',
        [['reason', '回退理由', textarea('reason')]],
        async ({ reason }) => run('return', { reason }, '已回退')(),
        { testid: 'return' },
      ),
    );
  }
  if (mine && (status === 'accepted' || status === 'in-progress')) {
    const firstDone = ticket.firstContact?.concluded || ticket.firstContact?.reached;
    forms.push(
      actionForm(
        '联系市民（双先联）',
        [
          [
            'phase',
            '环节',
            select(
              'phase',
              { first: '先行联系（接单后）', 'before-reply': '答复前联系' },
              firstDone ? 'before-reply' : 'first',
            ),
          ],
          ['channel', '方式', select('channel', { phone: '电话', visit: '上门', sms: '短信' })],
          ['outcome', '结果', select('outcome', CONTACT_OUTCOME)],
          ['note', '记录', textarea('note')],
        ],
        async ({ phase, channel, outcome, note }) =>
          run('contacts', { phase, channel, outcome, ...(note ? { note } : {}) }, '联系已记录')(),
        { testid: 'contact' },
      ),
      actionForm(
        '提交答复',
        [
          ['result', '办理结果', select('result', RESULT)],
          ['summary', '答复内容', textarea('summary')],
          ['factsConfirmed', '已核实情况', input('factsConfirmed', { type: 'checkbox', checked: true })],
        ],
        async ({ result, summary, factsConfirmed }) =>
          run('reply', { result, summary, factsConfirmed }, '答复已提交')(),
        { testid: 'reply' },
      ),
      actionForm(
        '延期申请',
        [
          ['workingDays', '延期工作日', input('workingDays', { type: 'number', min: 1, max: 15, value: 5 })],
          ['reason', '理由', textarea('reason')],
        ],
        async ({ workingDays, reason }) =>
          run('extension-requests', { workingDays: Number(workingDays), reason }, '延期申请已提交')(),
        { testid: 'extension' },
      ),
    );
  }
  // 查看号码: the unmasked number for whoever has to call, with a reason the ticket's history records.
  const caller = ticket.intake?.caller;
  const mayReveal =
    caller &&
    !caller.erased &&
    !ticket.callerHidden &&
    (role === 'dispatcher' ||
      role === 'supervisor' ||
      (mine && !caller.confidential && (status === 'accepted' || status === 'in-progress')));
  if (mayReveal) {
    forms.push(
      actionForm(
        '查看号码（须填写理由，全程留痕）',
        [['reason', '理由', textarea('reason')]],
        async ({ reason }) => {
          const answer = await post(`/tickets/${id}/caller/reveal`, { reason });
          const shown = document.querySelector('[data-testid="caller"]');
          if (shown) shown.textContent = [answer.caller.name, answer.caller.phone].filter(Boolean).join(' ');
          toast('号码已显示，查看已记录', 'ok');
        },
        { testid: 'reveal', submitLabel: '查看' },
      ),
    );
  }
  if ((role === 'supervisor' || role === 'admin') && !['closed', 'returned-upstream'].includes(status)) {
    forms.push(
      actionForm(
        '催办 / 督办',
        [['note', '意见', textarea('note')]],
        async ({ note }) => run('urge', note ? { note } : {}, '已催办')(),
        { testid: 'urge', submitLabel: '催办' },
      ),
    );
  }
  return forms;
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
        ),
        h(
          'div.columns',
          h('div', h('h3', '办理期限'), deadlinesTable(ticket.deadlines)),
          checklist(ticket.compliance),
        ),
        h('div.actions', { testid: 'actions' }, ticketActions(ticket, ctx, load)),
        h('h3', '办理历史'),
        historyList(ticket.history),
      ),
    );
  };
  await load();
}

/** The actions on a finding for this role in this state. */
function findingActions(finding, ctx, done) {
  const { me, directory } = ctx;
  const id = encodeURIComponent(finding.id);
  const run = (path, body, message) => async () => {
    await post(`/findings/${id}/${path}`, body);
    toast(message, 'ok');
    await done();
  };
  const role = me.role;
  const status = finding.status;
  const forms = [];
  const center = role === 'dispatcher' || role === 'admin';
  const myGrid = role === 'inspector' && me.gridIds.includes(finding.gridId);
  if (myGrid && status === 'reported') {
    forms.push(
      actionForm(
        '现场核实',
        [['valid', '是否属实', select('valid', { true: '属实', false: '不属实' })]],
        async ({ valid }) => run('verify', { valid: valid === 'true' }, '核实完成')(),
        { testid: 'verify' },
      ),
    );
  }
  if (center && (status === 'awaiting-filing' || status === 'reported')) {
    forms.push(h('button', { testid: 'file', on: { click: run('file', {}, '已立案') } }, '立案'));
    forms.push(
      actionForm(
        '作废',
        [['reason', '理由', textarea('reason')]],
        async ({ reason }) => run('cancel', { reason }, '已作废')(),
        {
          testid: 'cancel',
        },
      ),
    );
  }
  if (center && status === 'filed') {
    const suggested = suggestUnit(finding.category?.code, directory.units);
    const units = Object.fromEntries(directory.units.map((unit) => [unit.unitId, unit.name]));
    forms.push(
      actionForm(
        '派遣',
        [['unitId', '处置单位', select('unitId', units, suggested)]],
        async ({ unitId }) => run('dispatch', { unitId }, '已派遣')(),
        { testid: 'dispatch' },
      ),
    );
  }
  if (role === 'handler' && finding.unitId === me.unitId && status === 'dispatched') {
    const photos = photoInput('photos');
    forms.push(
      actionForm(
        '处置反馈',
        [
          ['note', '处置情况', textarea('note')],
          ['photos', '处置后照片', photos],
        ],
        async ({ note, photos: ids }) => run('handled', { note, photos: ids }, '已反馈')(),
        { testid: 'handled' },
      ),
    );
  }
  if (myGrid && status === 'handled') {
    const photos = photoInput('photos');
    forms.push(
      actionForm(
        '现场核查',
        [
          ['passed', '核查结果', select('passed', { true: '通过（结案）', false: '不通过（返工）' })],
          ['note', '核查意见', textarea('note')],
          ['photos', '核查照片', photos],
        ],
        async ({ passed, note, photos: ids }) =>
          run('check', { passed: passed === 'true', ...(note ? { note } : {}), photos: ids }, '核查完成')(),
        { testid: 'check' },
      ),
    );
  }
  return forms;
}

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
        deadlinesTable(finding.deadlines),
        h('div.actions', { testid: 'actions' }, findingActions(finding, ctx, load)),
        h('h3', '办理历史'),
        historyList(finding.history),
      ),
    );
  };
  await load();
}
