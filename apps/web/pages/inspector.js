// 巡查任务 (mobile layout): the inspector's grids' tasks by due time (check on site, verify), and reporting a finding
// with the phone's location and photos, or fixing it on the spot (自行处置).
import { get, getAll, openStream, post, streamPosition } from '../lib/api.js';
import { byDue, debounce } from '../lib/board.js';
import { FINDING_STATUS, clear, fmtTime, h, toast } from '../lib/dom.js';
import { photoInput } from '../lib/photos.js';
import { actionForm, select } from './case.js';

const TASK = {
  handled: '待核查',
  reported: '待核实',
  dispatched: '处置中',
  filed: '已立案',
  'awaiting-filing': '待立案',
};

function taskCard(doc, directory) {
  const due = doc.deadline?.dueAt;
  const late = due && Date.parse(due) < Date.now();
  return h(
    `a.task${late ? '.late' : ''}`,
    {
      href: `#/finding/${encodeURIComponent(doc.id)}`,
      testid: 'task',
      dataset: { id: doc.id, status: doc.status },
    },
    h('b', TASK[doc.status] ?? FINDING_STATUS[doc.status] ?? doc.status),
    h('span', `${doc.category?.code ?? ''} ${doc.category?.name ?? ''}`),
    h('small', directory.gridName.get(doc.gridId) ?? doc.gridId),
    h('small', due ? `期限 ${fmtTime(due)}${late ? ' 超期' : ''}` : '无期限'),
  );
}

function reportForm(ctx, catalogue, done) {
  const grids = Object.fromEntries(ctx.me.gridIds.map((id) => [id, ctx.directory.gridName.get(id) ?? id]));
  const categories = Object.fromEntries(
    catalogue.entries.map((entry) => [
      `${entry.standard}|${entry.code}|${entry.kind}`,
      `${entry.code} ${entry.name}`,
    ]),
  );
  const lat = h('input', { name: 'lat', testid: 'field-lat', inputMode: 'decimal', required: true });
  const lng = h('input', { name: 'lng', testid: 'field-lng', inputMode: 'decimal', required: true });
  const locate = h(
    'button.secondary',
    {
      type: 'button',
      testid: 'locate',
      on: {
        click: () => {
          if (!navigator.geolocation) return toast('此设备不支持定位', 'error');
          navigator.geolocation.getCurrentPosition(
            (position) => {
              lat.value = position.coords.latitude.toFixed(6);
              lng.value = position.coords.longitude.toFixed(6);
            },
            (error) => toast(`定位失败：${error.message}`, 'error'),
            { enableHighAccuracy: true, timeout: 10000 },
          );
        },
      },
    },
    '获取当前位置',
  );
  const location = h('div.location', lat, lng, locate);
  const photos = photoInput('photos');
  const afterPhotos = photoInput('afterPhotos');
  const selfHandled = h('input', { type: 'checkbox', name: 'selfHandled', testid: 'field-selfHandled' });
  return actionForm(
    '上报问题',
    [
      ['gridId', '网格', select('gridId', grids)],
      [
        'category',
        '问题类别',
        select(
          'category',
          categories,
          Object.keys(categories).find((key) => key.includes('|01-10|')),
        ),
      ],
      [
        'description',
        '问题描述',
        h('textarea', { name: 'description', testid: 'field-description', rows: 3, required: true }),
      ],
      ['address', '地址', h('input', { name: 'address', testid: 'field-address' })],
      [
        'location',
        '位置（纬度、经度）',
        { element: location, getValues: () => ({ lat: Number(lat.value), lng: Number(lng.value) }) },
      ],
      ['photos', '现场照片', photos],
      ['selfHandled', '已自行处置（当场解决）', selfHandled],
      ['afterPhotos', '处置后照片（自行处置时必填）', afterPhotos],
    ],
    async (values) => {
      if (values.selfHandled && values.afterPhotos.length === 0) throw new Error('自行处置需上传处置后照片');
      const [standard, code, kind] = values.category.split('|');
      const body = {
        gridId: values.gridId,
        category: { standard, code, kind },
        description: values.description,
        location: values.location,
        source: 'patrol',
        ...(values.address ? { address: values.address } : {}),
        photos: values.photos,
        ...(values.selfHandled ? { selfHandled: true, afterPhotos: values.afterPhotos } : {}),
      };
      const answer = await post('/findings', body);
      toast(values.selfHandled ? '已上报并自行处置结案' : '已上报', 'ok');
      await done(answer);
    },
    { testid: 'report', submitLabel: '上报' },
  );
}

export async function renderInspector(view, ctx) {
  const catalogue = await get('/catalogue');
  const list = h('div.tasks', { testid: 'tasks' });
  const render = async () => {
    // The API's task list holds only what waits for the inspector (reports to verify, handled findings to check).
    const items = await getAll('/findings', { assignedTo: 'me', minPosition: streamPosition() }, 300);
    items.sort(byDue);
    clear(list, items.length ? items.map((doc) => taskCard(doc, ctx.directory)) : h('p.empty', '暂无任务'));
  };
  const reportBox = h(
    'details.report',
    { testid: 'report-box' },
    h('summary', '＋ 上报问题'),
    reportForm(ctx, catalogue, () => render()),
  );
  clear(view, h('section.inspector', h('h2', '我的网格任务'), reportBox, list));
  await render();
  const refresh = debounce(() => void render().catch(() => undefined), 800);
  return openStream((type) => type !== 'open' && refresh());
}
