// Small DOM helpers (no framework). Everything is built with createElement: no innerHTML, no inline styles (CSP).

/** h('div.cls#id', {attrs, on: {click}}, children...) */
export function h(tag, attrs = {}, ...children) {
  const [name, ...parts] = tag.split(/(?=[.#])/);
  const el = document.createElement(name || 'div');
  for (const part of parts) {
    if (part.startsWith('.')) el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs === null || typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    else if (key === 'testid') el.dataset.testid = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  const item = h(`div.toast.${kind}`, { testid: 'toast' }, message);
  box.append(item);
  setTimeout(() => item.remove(), 5000);
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const fmtTime = (iso) => (iso ? SHANGHAI.format(new Date(iso)) : '—');
export const fmtRate = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The Asia/Shanghai day of an instant, as YYYY-MM-DD. */
export const shanghaiDay = (date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export const TICKET_STATUS = {
  received: '待签收',
  signed: '待派遣',
  dispatched: '已派遣',
  accepted: '已接单',
  'in-progress': '处理中',
  'reply-submitted': '待审核',
  'street-callback': '待回访',
  replied: '已办结',
  parked: '挂账',
  closed: '已结案',
  'returned-upstream': '已退单',
};

export const FINDING_STATUS = {
  reported: '已上报',
  'awaiting-filing': '待立案',
  invalid: '无效',
  cancelled: '已作废',
  filed: '已立案',
  dispatched: '处置中',
  handled: '待核查',
  closed: '已结案',
  parked: '挂账',
};

export const TICKET_TYPE = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  other: '其他',
};

export const STAGE = {
  upstream: '上级时限（答复上报）',
  sign: '签收',
  dispatch: '派遣',
  accept: '接单',
  review: '审核',
  verify: '核实',
  firstContact: '先行联系',
  handle: '办理',
  handling: '办理',
  callback: '回访',
  streetCallback: '街道回访',
  rework: '返工',
  reopen: '重办',
  file: '立案',
  check: '核查',
  supervision: '督办',
};

/** The state of a deadline stage, as the API's views say it (`stages[].state`). */
export const STAGE_STATE = {
  open: '进行中',
  warning: '预警',
  overdue: '超期',
  'done-on-time': '按时完成',
  'done-late': '超时完成',
};

export const ALERT_KIND = {
  warning: '预警',
  overdue: '超期',
  supervision: '督办',
  repeated: '重复来电',
  units: '多部门',
};

export const EVENT_LABEL = {
  TicketReceived: '受理登记',
  TicketSigned: '签收',
  TicketDispatched: '派遣',
  TicketAccepted: '接单',
  TicketReturnedToCenter: '部门回退',
  TicketReturnedUpstream: '退单',
  ContactRecorded: '联系市民',
  ExtensionRequested: '延期申请',
  ExtensionApproved: '延期同意',
  ExtensionRejected: '延期不同意',
  ExtensionWithdrawn: '延期撤回',
  ReplySubmitted: '提交答复',
  ReplyApproved: '审核通过',
  ReplyRejected: '审核驳回',
  CallbackRecorded: '回访',
  TicketMarkedAsWarning: '转预警工单',
  ReworkStarted: '再次处置',
  TicketRepliedUpstream: '答复上报',
  TicketReopened: '重办',
  TicketUrged: '催办',
  TicketSupervised: '督办',
  CallMerged: '并单',
  TicketParked: '挂账',
  DeadlineRevised: '期限修订',
  CallerContactRevealed: '查看号码',
  CallerDataErased: '个人信息删除',
  ExclusionRequested: '申请考核剔除',
  ExclusionDecided: '考核剔除审核',
  TicketClosed: '结案',
  TicketDeadlineWarning: '预警',
  TicketOverdue: '超期',
  TicketEscalated: '升级督办',
  FindingReported: '上报',
  FindingVerified: '核实',
  FindingFiled: '立案',
  FindingCancelled: '作废',
  FindingDispatched: '派遣',
  FindingReturned: '回退',
  FindingExtensionRequested: '延期申请',
  FindingExtensionApproved: '延期同意',
  FindingExtensionRejected: '延期不同意',
  FindingExtensionWithdrawn: '延期撤回',
  FindingHandled: '处置反馈',
  FindingChecked: '核查',
  FindingReworkStarted: '返工',
  FindingClosed: '结案',
  FindingParked: '挂账',
  FindingDeadlineWarning: '预警',
  FindingOverdue: '超期',
  FindingEscalated: '升级督办',
};
