// The console's shell: login, the pages each role sees, hash routing (#/dispatch, #/ticket/<id>, …).
import { ApiError, loadDirectory, login, session } from './lib/api.js';
import { clear, h, toast } from './lib/dom.js';
import { renderDashboard } from './pages/dashboard.js';
import { renderDispatch } from './pages/dispatch.js';
import { renderFinding, renderTicket } from './pages/case.js';
import { renderInspector } from './pages/inspector.js';
import { renderUnit } from './pages/unit.js';
import { renderScorecard } from './pages/scorecard.js';

const ROLE_LABEL = {
  admin: '系统管理员',
  dispatcher: '派单员',
  supervisor: '督办领导',
  handler: '承办部门',
  inspector: '网格巡查员',
  integration: '12345平台',
};

/** The pages, with the roles that see them (the first page a role may see is its home). */
const PAGES = [
  { path: 'dashboard', label: '大屏', roles: ['supervisor', 'admin', 'dispatcher'], render: renderDashboard },
  { path: 'dispatch', label: '派单台', roles: ['dispatcher', 'admin', 'supervisor'], render: renderDispatch },
  { path: 'scorecard', label: '考核', roles: ['supervisor', 'dispatcher', 'admin'], render: renderScorecard },
  { path: 'unit', label: '本单位工单', roles: ['handler'], render: renderUnit },
  { path: 'inspector', label: '巡查任务', roles: ['inspector'], render: renderInspector },
];
const HOME = {
  supervisor: 'dashboard',
  admin: 'dashboard',
  dispatcher: 'dispatch',
  handler: 'unit',
  inspector: 'inspector',
};

const view = document.getElementById('view');
let cleanup;

function showLogin(message) {
  document.getElementById('top').hidden = true;
  document.body.className = 'login-page';
  const error = h('p.error', { testid: 'login-error' }, message ?? '');
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    testid: 'username',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    testid: 'password',
  });
  const form = h(
    'form.login',
    {
      on: {
        submit: async (event) => {
          event.preventDefault();
          error.textContent = '';
          try {
            const me = await login(username.value.trim(), password.value);
            if (me.role === 'integration') {
              session.set(null);
              error.textContent = '12345平台账号仅供系统对接，不能登录工作台';
              return;
            }
            location.hash = `#/${HOME[me.role] ?? 'dashboard'}`;
            void route();
          } catch (err) {
            error.textContent =
              err instanceof ApiError && err.status === 401 ? '用户名或密码错误' : `登录失败：${err.message}`;
          }
        },
      },
    },
    h('h1', '城运中心工作台'),
    h('p.sub', '南京西路街道城市运行管理中心'),
    h('label', '用户名', username),
    h('label', '密码', password),
    h('button', { type: 'submit', testid: 'login-submit' }, '登录'),
    error,
  );
  clear(view, form);
  username.focus();
}

function showShell(me, current) {
  const top = document.getElementById('top');
  top.hidden = false;
  document.body.className = me.role === 'inspector' ? 'mobile' : '';
  clear(
    document.getElementById('nav'),
    PAGES.filter((page) => page.roles.includes(me.role)).map((page) =>
      h(
        `a${page.path === current ? '.active' : ''}`,
        { href: `#/${page.path}`, testid: `nav-${page.path}` },
        page.label,
      ),
    ),
  );
  const unit = me.unitId ? ` · ${me.unitId}` : '';
  const grids = me.gridIds?.length ? ` · ${me.gridIds.join(',')}` : '';
  document.getElementById('who').textContent =
    `${ROLE_LABEL[me.role] ?? me.role} ${me.accountId}${unit}${grids}`;
}

async function route() {
  cleanup?.();
  cleanup = undefined;
  const me = session.get()?.me;
  if (!me) return showLogin();
  const [path, id] = location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES.find((candidate) => candidate.path === path);
  const ctx = { me, directory: await loadDirectory().catch(() => undefined) };
  if (!ctx.directory) return showLogin('会话已过期，请重新登录');
  if (path === 'ticket' && id) {
    showShell(me, '');
    cleanup = await renderTicket(view, decodeURIComponent(id), ctx);
    return;
  }
  if (path === 'finding' && id) {
    showShell(me, '');
    cleanup = await renderFinding(view, decodeURIComponent(id), ctx);
    return;
  }
  if (!page || !page.roles.includes(me.role)) {
    location.hash = `#/${HOME[me.role] ?? 'dashboard'}`;
    return;
  }
  showShell(me, page.path);
  clear(view, h('p.loading', '加载中…'));
  try {
    cleanup = await page.render(view, ctx);
  } catch (error) {
    clear(view, h('p.error', `页面加载失败：${error.message}`));
  }
}

document.getElementById('logout').addEventListener('click', () => {
  session.set(null);
  location.hash = '';
  void route();
});
window.addEventListener('chengyun:logout', () => showLogin('会话已过期，请重新登录'));
window.addEventListener('hashchange', () => void route());
window.addEventListener('unhandledrejection', (event) =>
  toast(String(event.reason?.message ?? event.reason), 'error'),
);
void route();
