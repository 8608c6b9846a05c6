// Case tables shared by the dispatch board, the unit page and the inspector's list.
import { FINDING_STATUS, TICKET_STATUS, TICKET_TYPE, fmtTime, h } from './dom.js';

const dueOf = (doc) => doc.deadline?.dueAt ?? null;

/** Sorted by the current deadline, soonest (or most overdue) first; cases without one last. */
export const byDue = (a, b) =>
  (Date.parse(dueOf(a) ?? '9999-12-31') || 0) - (Date.parse(dueOf(b) ?? '9999-12-31') || 0);

/** Cases with a running deadline first (soonest due first), then the others, the most recently changed first. */
export const byDueThenRecent = (a, b) =>
  dueOf(a) || dueOf(b)
    ? byDue(a, b)
    : (Date.parse(b.updatedAt ?? '') || 0) - (Date.parse(a.updatedAt ?? '') || 0);

/** A running deadline's due time: red once past it, amber once past its warning point (预警). */
function deadlineCell(deadline, testid) {
  const due = deadline?.dueAt;
  if (!due) return h('td', { testid }, '—');
  const now = Date.now();
  const late = Date.parse(due) < now;
  const warned = !late && deadline.warnAt && Date.parse(deadline.warnAt) <= now;
  return h(
    `td.${late ? 'late' : warned ? 'warn' : 'due'}`,
    { testid },
    fmtTime(due),
    late ? ' 超期' : warned ? ' 预警' : '',
  );
}

/** The running step's due time. */
const dueCell = (doc) => deadlineCell(doc.deadline, 'due');

export function ticketTable(items, directory, testid = 'ticket-table') {
  if (items.length === 0) return h('p.empty', { testid: `${testid}-empty` }, '暂无工单');
  return h(
    'table.cases',
    { testid },
    h(
      'thead',
      h(
        'tr',
        ['工单编号', '标题', '类型', '状态', '承办单位', '网格', '受理时间', '当前期限', '上级时限'].map(
          (label) => h('th', label),
        ),
      ),
    ),
    h(
      'tbody',
      items.map((doc) =>
        h(
          'tr',
          { dataset: { id: doc.id }, testid: 'ticket-row' },
          h('td', h('a', { href: `#/ticket/${encodeURIComponent(doc.id)}` }, doc.ticketNo)),
          h('td', doc.urgency === 'urgent' ? h('b.urgent', '急 ') : null, doc.title),
          h('td', TICKET_TYPE[doc.type] ?? doc.type),
          h('td', TICKET_STATUS[doc.status] ?? doc.status),
          h('td', doc.unitId ? (directory.unitName.get(doc.unitId) ?? doc.unitId) : '—'),
          h('td', doc.gridId ?? '—'),
          h('td', fmtTime(doc.receivedAt)),
          dueCell(doc),
          // The district's deadline (答复上报), which the street is ranked on: until the reply goes upstream.
          deadlineCell(doc.upstream, 'upstream-due'),
        ),
      ),
    ),
  );
}

export function findingTable(items, directory, testid = 'finding-table') {
  if (items.length === 0) return h('p.empty', { testid: `${testid}-empty` }, '暂无案件');
  return h(
    'table.cases',
    { testid },
    h(
      'thead',
      h(
        'tr',
        ['编号', '类别', '网格', '状态', '处置单位', '上报时间', '当前期限'].map((label) => h('th', label)),
      ),
    ),
    h(
      'tbody',
      items.map((doc) =>
        h(
          'tr',
          { dataset: { id: doc.id }, testid: 'finding-row' },
          h('td', h('a', { href: `#/finding/${encodeURIComponent(doc.id)}` }, doc.id)),
          h('td', `${doc.category?.code ?? ''} ${doc.category?.name ?? ''}`),
          h('td', directory.gridName.get(doc.gridId) ?? doc.gridId),
          h('td', FINDING_STATUS[doc.status] ?? doc.status),
          h('td', doc.unitId ? (directory.unitName.get(doc.unitId) ?? doc.unitId) : '—'),
          h('td', fmtTime(doc.reportedAt)),
          dueCell(doc),
        ),
      ),
    ),
  );
}

/** Calls `fn` at most once per `ms` (the last call wins), for refreshing on a burst of stream events. */
export function debounce(fn, ms = 500) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
