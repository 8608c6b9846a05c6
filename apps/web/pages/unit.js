// 本单位工单: a handler's cases (the API scopes the lists to the unit of the token), soonest deadline first.
import { getAll, openStream, streamPosition } from '../lib/api.js';
import { byDue, debounce, findingTable, ticketTable } from '../lib/board.js';
import { clear, h } from '../lib/dom.js';

const OPEN_TICKETS = ['dispatched', 'accepted', 'in-progress'];

export async function renderUnit(view, ctx) {
  const unitName = ctx.directory.unitName.get(ctx.me.unitId) ?? ctx.me.unitId;
  const tickets = h('div', { testid: 'unit-tickets' });
  const findings = h('div', { testid: 'unit-findings' });
  const render = async () => {
    const [ticketItems, findingItems] = await Promise.all([
      getAll('/tickets', { unitId: ctx.me.unitId, minPosition: streamPosition() }, 400),
      getAll('/findings', { unitId: ctx.me.unitId, status: 'dispatched' }, 200),
    ]);
    const open = ticketItems.filter((doc) => OPEN_TICKETS.includes(doc.status)).sort(byDue);
    clear(
      tickets,
      h('h3', `待办工单（${open.length}）`),
      ticketTable(open, ctx.directory, 'unit-ticket-table'),
    );
    clear(
      findings,
      h('h3', `待处置网格案件（${findingItems.length}）`),
      findingTable(findingItems.sort(byDue), ctx.directory, 'unit-finding-table'),
    );
  };
  clear(view, h('section.board', h('h2', `${unitName} · 本单位工单`), tickets, findings));
  await render();
  const refresh = debounce(() => void render().catch(() => undefined), 800);
  return openStream((type) => type !== 'open' && refresh());
}
