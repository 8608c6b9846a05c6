// 本单位工单: a handler's cases (the API scopes the lists to the unit of the token), one table per status in the
// order of the status labels (so what waits for the unit — dispatched, accepted, in progress — comes first), each
// soonest deadline first. What the unit may do on a case is the case page's `actions`: no status list is kept here.
import { getAll, openStream, streamPosition } from '../lib/api.js';
import { byDueThenRecent, debounce, findingTable, ticketTable } from '../lib/board.js';
import { FINDING_STATUS, TICKET_STATUS, clear, h } from '../lib/dom.js';

/** The items grouped by status, in the order of the labels (a status without a label last), each group sorted. */
function byStatus(items, labels) {
  const order = Object.keys(labels);
  const rank = (status) => (order.includes(status) ? order.indexOf(status) : order.length);
  const groups = new Map();
  for (const doc of [...items].sort((a, b) => rank(a.status) - rank(b.status))) {
    if (!groups.has(doc.status)) groups.set(doc.status, []);
    groups.get(doc.status).push(doc);
  }
  return [...groups].map(([status, docs]) => [status, docs.sort(byDueThenRecent)]);
}

function sections(items, labels, table, testid) {
  if (items.length === 0) return table([], testid);
  return byStatus(items, labels).map(([status, docs]) =>
    h(
      'div.status-group',
      { dataset: { status } },
      h('h4', `${labels[status] ?? status}（${docs.length}）`),
      table(docs, testid),
    ),
  );
}

export async function renderUnit(view, ctx) {
  const unitName = ctx.directory.unitName.get(ctx.me.unitId) ?? ctx.me.unitId;
  const tickets = h('div', { testid: 'unit-tickets' });
  const findings = h('div', { testid: 'unit-findings' });
  const render = async () => {
    const [ticketItems, findingItems] = await Promise.all([
      getAll('/tickets', { unitId: ctx.me.unitId, minPosition: streamPosition() }, 400),
      getAll('/findings', { unitId: ctx.me.unitId, minPosition: streamPosition() }, 400),
    ]);
    clear(
      tickets,
      h('h3', `工单（${ticketItems.length}）`),
      sections(
        ticketItems,
        TICKET_STATUS,
        (docs, testid) => ticketTable(docs, ctx.directory, testid),
        'unit-ticket-table',
      ),
    );
    clear(
      findings,
      h('h3', `网格案件（${findingItems.length}）`),
      sections(
        findingItems,
        FINDING_STATUS,
        (docs, testid) => findingTable(docs, ctx.directory, testid),
        'unit-finding-table',
      ),
    );
  };
  clear(view, h('section.board', h('h2', `${unitName} · 本单位工单`), tickets, findings));
  await render();
  const refresh = debounce(() => void render().catch(() => undefined), 800);
  return openStream((type) => type !== 'open' && refresh());
}
