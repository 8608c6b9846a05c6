// 派单台: the center's board. Incoming tickets and findings by state, soonest deadline first; a click opens the case
// (sign, dispatch with the suggested unit, review, callbacks, history). Refreshes live on the event stream.
import { get, openStream, streamPosition } from '../lib/api.js';
import { byDue, debounce, findingTable, ticketTable } from '../lib/board.js';
import { FINDING_STATUS, TICKET_STATUS, clear, h } from '../lib/dom.js';

// One tab per status the console has a label for, in the labels' order: the board filters by the API's status
// values and decides nothing about them.
const TICKET_TABS = Object.keys(TICKET_STATUS);
const FINDING_TABS = Object.keys(FINDING_STATUS);

export async function renderDispatch(view, ctx) {
  let kind = 'ticket';
  let status = TICKET_TABS[0];
  let overdueOnly = false;
  const tabs = h('div.tabs', { testid: 'status-tabs' });
  const body = h('div.board-body');
  const counts = new Map();

  const refreshCounts = async () => {
    const statuses = kind === 'ticket' ? TICKET_TABS : FINDING_TABS;
    const path = kind === 'ticket' ? '/tickets' : '/findings';
    await Promise.all(
      statuses.map(async (s) => {
        const page = await get(path, { status: s, limit: 100, minPosition: streamPosition() });
        counts.set(`${kind}:${s}`, `${page.items.length}${page.nextCursor ? '+' : ''}`);
      }),
    );
  };

  const render = async () => {
    const statuses = kind === 'ticket' ? TICKET_TABS : FINDING_TABS;
    const labels = kind === 'ticket' ? TICKET_STATUS : FINDING_STATUS;
    await refreshCounts();
    clear(
      tabs,
      statuses.map((s) =>
        h(
          `button${s === status ? '.active' : ''}`,
          { type: 'button', testid: `tab-${s}`, on: { click: () => ((status = s), void render()) } },
          `${labels[s]} (${counts.get(`${kind}:${s}`) ?? 0})`,
        ),
      ),
    );
    const path = kind === 'ticket' ? '/tickets' : '/findings';
    const page = await get(path, { status, limit: 100, ...(overdueOnly ? { overdue: 'true' } : {}) });
    const items = [...page.items].sort(byDue);
    clear(body, kind === 'ticket' ? ticketTable(items, ctx.directory) : findingTable(items, ctx.directory));
  };

  const kindButton = (value, label) =>
    h(
      `button.kind${kind === value ? '.active' : ''}`,
      {
        type: 'button',
        testid: `kind-${value}`,
        on: {
          click: (event) => {
            kind = value;
            status = (value === 'ticket' ? TICKET_TABS : FINDING_TABS)[0];
            for (const button of event.target.parentElement.children)
              button.classList.toggle('active', button === event.target);
            void render();
          },
        },
      },
      label,
    );

  clear(
    view,
    h(
      'section.board',
      { testid: 'dispatch-board' },
      h('h2', '派单台'),
      h(
        'div.toolbar',
        h('div.kinds', kindButton('ticket', '12345工单'), kindButton('finding', '网格案件')),
        h(
          'label.inline',
          h('input', {
            type: 'checkbox',
            testid: 'overdue-only',
            on: { change: (e) => ((overdueOnly = e.target.checked), void render()) },
          }),
          '只看超期',
        ),
      ),
      tabs,
      body,
    ),
  );
  await render();
  const refresh = debounce(() => void render().catch(() => undefined), 800);
  return openStream((type) => {
    if (type === 'case' || type === 'alert') refresh();
  });
}
