import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { seedDemoCases } from '../../apps/api/src/demo/demo-cases.js';
import { chromiumPath, launchChromium, unzip } from '../support/browser.js';
import { eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * The web console in headless Chromium, against the real API and worker with real tokens (AUTH_MODE=token) and the
 * demo street with two weeks of simulated cases ending now. Every page is photographed: into a temporary folder, or
 * with CONSOLE_SCREENSHOTS=docs/console into the pictures of docs/console.md (so a test run leaves the tree clean). The clock is a ManualClock at the real time, so that a test can move it past a deadline.
 */
/** The page's own function, run in the browser (the tests compile without the DOM's types). */
declare function getComputedStyle(element: unknown): { readonly color: string };

const executablePath = chromiumPath();
const maybe = executablePath ? describe : describe.skip;
if (!executablePath)
  process.stdout.write('console tests skipped: no chromium on PATH (apt-get install chromium)\n');

const SHOTS = process.env.CONSOLE_SCREENSHOTS
  ? resolve(process.env.CONSOLE_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'chengyun-console-'));
process.stdout.write(`console screenshots: ${SHOTS}\n`);
const PASSWORD = 'chengyun-demo';
/** A 2×2 PNG, as a phone's photo would be chosen in the file field. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

maybe('the web console in Chromium', () => {
  let system: TestApi;
  let browser: Browser;
  let base: string;
  let clock: ManualClock;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    system = await startTestApi(
      { DEMO: 'true', AUTH_MODE: 'token', DEADLINE_SWEEP_MS: '200', AUTH_ACCESS_TTL_S: '86400' },
      clock,
      { worker: true },
    );
    const store = system.app.get(EventStore);
    await seedDemoCases(store, { now: clock.now(), days: 14, ticketsPerDay: 20, findingsPerDay: 10 });
    await system.app.listen({ port: 0, host: '127.0.0.1' });
    const address = system.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium(executablePath!);
    // The read models have caught up with the seeded log.
    const head = await store.headPosition();
    await eventually(async () => {
      const answer = await api('supervisor').get(`/api/v1/tickets?limit=1&minPosition=${head}`);
      expect(answer.body.fresh).toBe(true);
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  async function tokenOf(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const answer = await request(system.app.getHttpServer())
        .post('/api/v1/auth/token')
        .send({ username, password: PASSWORD })
        .expect(200);
      tokens.set(username, answer.body.accessToken as string);
    }
    return tokens.get(username)!;
  }
  function api(username: string) {
    const server = () => request(system.app.getHttpServer());
    const auth = async () => `Bearer ${await tokenOf(username)}`;
    return {
      get: async (path: string) => {
        const answer = await server()
          .get(path)
          .set('authorization', await auth());
        if (answer.status !== 200)
          throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      },
      post: async (path: string, body: object = {}) => {
        const answer = await server()
          .post(path)
          .set('authorization', await auth())
          .send(body);
        if (answer.status >= 300)
          throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      },
    };
  }

  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  async function signIn(
    username: string,
    mobile = false,
    options: Parameters<Browser['newContext']>[0] = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: mobile ? { width: 390, height: 844 } : { width: 1440, height: 900 },
      deviceScaleFactor: 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error (${username}): ${error.message}\n`));
    await page.goto(`${base}/`);
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('who').filter({ hasText: username }).waitFor();
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  /** The text colour of a stage row's first cell (apps/web/styles.css: --red, --amber, --grey). */
  const colourOf = (row: Locator): Promise<string> =>
    row
      .locator('td')
      .first()
      .evaluate((cell) => getComputedStyle(cell).color);
  const RED = 'rgb(217, 48, 38)';
  const GREY = 'rgb(107, 114, 128)';

  const receiveTicket = async (ticketNo: string, urgency: 'normal' | 'urgent' = 'normal') =>
    (
      await api('integration').post('/api/v1/tickets', {
        ticketNo,
        receivedAt: clock.now().toISOString(),
        type: 'complaint',
        urgency,
        category: { code: '01.02.06', path: ['城市管理', '街面秩序', '占道经营'] },
        title: '威海路占道经营',
        content: '早高峰有摊贩在人行道上摆摊，行人通行困难。',
        address: '威海路100号',
        channel: 'phone',
        gridId: 'g2-03',
        caller: { name: '王', phone: '13800001234', confidential: false },
      })
    ).body.id as string;

  it('logs in as each role and shows the pages of that role', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    contexts.push(context);
    const login = await context.newPage();
    await login.goto(`${base}/`);
    await login.getByTestId('username').waitFor();
    await shot(login, 'login');
    await login.getByTestId('username').fill('dispatcher');
    await login.getByTestId('password').fill('wrong-password');
    await login.getByTestId('login-submit').click();
    await login.getByTestId('login-error').filter({ hasText: '用户名或密码错误' }).waitFor();

    const expected: [string, string, string[], boolean][] = [
      ['supervisor', 'dashboard', ['大屏', '派单台', '考核'], false],
      ['dispatcher', 'dispatch', ['大屏', '派单台', '考核'], false],
      ['admin', 'dashboard', ['大屏', '派单台', '考核'], false],
      ['handler-enforcement', 'unit', ['本单位工单'], false],
      ['inspector-g2-03', 'inspector', ['巡查任务'], true],
    ];
    for (const [username, home, navigation, mobile] of expected) {
      const page = await signIn(username, mobile);
      await page.waitForURL(`**/#/${home}`);
      expect(await page.locator('#nav a').allInnerTexts()).toEqual(navigation);
      // A page of another role is not shown: the console goes home instead.
      await page.goto(`${base}/#/${home === 'unit' ? 'dashboard' : 'unit'}`);
      await page.waitForURL(`**/#/${home}`);
    }
  }, 60_000);

  it('a dispatcher signs and dispatches a ticket to the suggested unit, and the handler sees it and accepts it', async () => {
    const id = await receiveTicket('CONSOLE-DISPATCH');
    const dispatcher = await signIn('dispatcher');
    await dispatcher.locator(`[data-testid=ticket-row][data-id="${id}"]`).waitFor();
    await shot(dispatcher, 'dispatch-board');
    await dispatcher.locator(`[data-testid=ticket-row][data-id="${id}"] a`).click();
    await dispatcher.getByTestId('sign').click();
    await dispatcher.getByTestId('status').filter({ hasText: '待派遣' }).waitFor();
    // The signing stage, finished on time, reads calm (grey), not red.
    const signed = dispatcher.locator('[data-testid=stage][data-stage=sign]');
    expect(await signed.getAttribute('data-state')).toBe('done-on-time');
    expect(await colourOf(signed)).toBe(GREY);
    // The unit suggested from the category 占道经营 (04-06) is the 城管中队.
    expect(await dispatcher.getByTestId('field-unitId').inputValue()).toBe('enforcement');
    await dispatcher.getByTestId('field-note').fill('请尽快到场处置');
    await shot(dispatcher, 'ticket-dispatch');
    await dispatcher.getByTestId('dispatch-submit').click();
    await dispatcher.getByTestId('status').filter({ hasText: '已派遣' }).waitFor();
    expect(await dispatcher.getByTestId('history').innerText()).toContain('派遣');

    const handler = await signIn('handler-enforcement');
    await handler.waitForURL('**/#/unit');
    await handler.locator(`[data-testid=ticket-row][data-id="${id}"]`).waitFor();
    await shot(handler, 'unit');
    await handler.locator(`[data-testid=ticket-row][data-id="${id}"] a`).click();
    await handler.getByTestId('accept').click();
    await handler.getByTestId('status').filter({ hasText: '已接单' }).waitFor();
    // The number is masked until the handler, who has to call, asks for it with a reason (recorded).
    expect(await handler.getByTestId('caller').innerText()).toBe('*******1234');
    await handler.getByTestId('reveal').getByTestId('field-reason').fill('先行联系，电话约定到场时间');
    await handler.getByTestId('reveal-submit').click();
    await handler.getByTestId('caller').filter({ hasText: '13800001234' }).waitFor();
    // 双先联: the first contact, recorded in the form.
    await handler.getByTestId('field-phase').selectOption('first');
    await handler.getByTestId('field-outcome').selectOption('reached');
    await handler.getByTestId('contact').getByTestId('field-note').fill('已电话联系市民，约定今日到场');
    await handler.getByTestId('contact-submit').click();
    await handler.getByTestId('status').filter({ hasText: '处理中' }).waitFor();
    await handler.getByTestId('checklist').locator('li.ok').first().waitFor();
    await shot(handler, 'ticket-handler');
  }, 60_000);

  it('follows 双先联、双回访 through the forms: contact before the reply, reply, review, street callback, reply upstream', async () => {
    const id = await receiveTicket('CONSOLE-CALLBACK');
    await api('dispatcher').post(`/api/v1/tickets/${id}/sign`);
    await api('dispatcher').post(`/api/v1/tickets/${id}/dispatch`, { unitId: 'enforcement' });
    await api('handler-enforcement').post(`/api/v1/tickets/${id}/accept`);
    await api('handler-enforcement').post(`/api/v1/tickets/${id}/contacts`, {
      phase: 'first',
      channel: 'phone',
      outcome: 'reached',
    });

    const handler = await signIn('handler-enforcement');
    await handler.goto(`${base}/#/ticket/${id}`);
    await handler.getByTestId('status').filter({ hasText: '处理中' }).waitFor();
    expect(await handler.getByTestId('field-phase').inputValue()).toBe('before-reply');
    await handler.getByTestId('field-outcome').selectOption('reached');
    await handler.getByTestId('contact-submit').click();
    await handler.getByTestId('toast').filter({ hasText: '联系已记录' }).waitFor();
    await handler.getByTestId('field-result').selectOption('resolved');
    await handler.getByTestId('field-summary').fill('摊贩已劝离，城管中队将在早高峰巡查');
    await handler.getByTestId('reply-submit').click();
    await handler.getByTestId('status').filter({ hasText: '待审核' }).waitFor();

    const dispatcher = await signIn('dispatcher');
    await dispatcher.goto(`${base}/#/ticket/${id}`);
    await dispatcher.getByTestId('field-approved').selectOption('true');
    await dispatcher.getByTestId('review-submit').click();
    await dispatcher.getByTestId('status').filter({ hasText: '待回访' }).waitFor();
    await dispatcher.getByTestId('callback').getByTestId('field-outcome').selectOption('reached');
    await dispatcher.getByTestId('field-satisfaction').selectOption('satisfied');
    await dispatcher.getByTestId('callback-submit').click();
    await dispatcher.getByTestId('reply-upstream-submit').click();
    await dispatcher.getByTestId('status').filter({ hasText: '已办结' }).waitFor();
    const checklist = await dispatcher.getByTestId('checklist').innerText();
    expect(checklist).toContain('先行联系（接单后）：已完成（按时）');
    expect(checklist).toContain('答复前联系：已完成');
    expect(checklist).toContain('街道回访：已完成');
    await shot(dispatcher, 'ticket-replied');
  }, 60_000);

  it('asks for 考核剔除 with the form, and the supervisor approves it: the page shows where it stands', async () => {
    const id = await receiveTicket('CONSOLE-EXCLUSION');
    await api('dispatcher').post(`/api/v1/tickets/${id}/sign`);
    await api('dispatcher').post(`/api/v1/tickets/${id}/dispatch`, { unitId: 'enforcement' });
    await api('handler-enforcement').post(`/api/v1/tickets/${id}/accept`);

    const handler = await signIn('handler-enforcement');
    await handler.goto(`${base}/#/ticket/${id}`);
    const form = handler.getByTestId('exclusion-request');
    await form.getByTestId('field-kind').selectOption('outside-powers');
    await form.getByTestId('field-reason').fill('属区房管局职权，街道无权处理');
    await form.getByTestId('field-rates-satisfaction').check();
    await form.getByTestId('field-rates-resolution').check();
    await form.getByTestId('exclusion-request-submit').click();
    const exclusion = handler.getByTestId('exclusion');
    await exclusion.filter({ hasText: '待审核' }).waitFor();
    expect(await exclusion.innerText()).toContain('超出职权');
    expect(await exclusion.innerText()).toContain('实际解决率、市民满意率');
    // One request at a time: the form is gone while it waits.
    expect(await handler.getByTestId('exclusion-request').count()).toBe(0);

    const supervisor = await signIn('supervisor');
    await supervisor.goto(`${base}/#/ticket/${id}`);
    const decision = supervisor.getByTestId('exclusion-decision');
    expect(await decision.locator('h4').innerText()).toContain('超出职权');
    await decision.getByTestId('field-approved').selectOption('true');
    await decision.getByTestId('field-note').fill('经核实，同意剔除');
    await shot(supervisor, 'ticket-exclusion');
    await decision.getByTestId('exclusion-decision-submit').click();
    await supervisor.getByTestId('exclusion').filter({ hasText: '已批准' }).waitFor();
    expect(await supervisor.getByTestId('exclusion-decision').count()).toBe(0);
    expect(await supervisor.getByTestId('history').innerText()).toContain('批准考核剔除');
  }, 60_000);

  it('an inspector reports a finding with the location and closes a handled finding by checking it on site', async () => {
    // A finding reported, filed, dispatched and handled (through the API), waiting for the inspector's check.
    const reported = await api('inspector-g2-03').post('/api/v1/findings', {
      gridId: 'g2-03',
      category: { standard: 'GB/T 30428.2-2013', code: '01-10', kind: 'event' },
      description: '威海路垃圾桶旁暴露垃圾',
      location: { lat: 31.2291, lng: 121.4612 },
      source: 'patrol',
      address: '威海路120号',
    });
    const id = reported.body.id as string;
    await api('dispatcher').post(`/api/v1/findings/${id}/file`);
    await api('dispatcher').post(`/api/v1/findings/${id}/dispatch`, { unitId: 'appearance' });
    await api('handler-appearance').post(`/api/v1/findings/${id}/handled`, {
      note: '已清运',
      photos: ['local:after.jpg'],
    });

    const inspector = await signIn('inspector-g2-03', true, {
      geolocation: { latitude: 31.2302, longitude: 121.4598 },
      permissions: ['geolocation'],
    });
    await inspector.waitForURL('**/#/inspector');
    const task = inspector.locator(`[data-testid=task][data-id="${id}"]`);
    await task.waitFor();
    expect(await task.getAttribute('data-status')).toBe('handled');

    // Report a finding from the phone: its location from the browser's geolocation.
    await inspector.locator('[data-testid=report-box] summary').click();
    await inspector.getByTestId('field-description').fill('人行道上有乱堆物');
    await inspector.getByTestId('locate').click();
    await eventually(async () =>
      expect(await inspector.getByTestId('field-lat').inputValue()).toBe('31.230200'),
    );
    expect(await inspector.getByTestId('field-lng').inputValue()).toBe('121.459800');
    await shot(inspector, 'inspector');
    await inspector.getByTestId('report-submit').click();
    await inspector.getByTestId('toast').filter({ hasText: '已上报' }).waitFor();

    await task.click();
    await inspector.getByTestId('field-passed').selectOption('true');
    await inspector.getByTestId('check').getByTestId('field-note').fill('现场已清理干净');
    await inspector.getByTestId('check').getByTestId('field-photos').setInputFiles({
      name: 'check.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await shot(inspector, 'finding-check');
    await inspector.getByTestId('check-submit').click();
    await inspector.getByTestId('status').filter({ hasText: '已结案' }).waitFor();
    const finding = (await api('dispatcher').get(`/api/v1/findings/${id}`)).body;
    expect(finding.status).toBe('closed');
    // The check's photo was uploaded (shrunk to a JPEG) and is served to a signed-in user.
    const checked = finding.history.find((event: { type: string }) => event.type === 'FindingChecked');
    expect(checked.data.photos).toEqual([expect.stringMatching(/^photo-[0-9a-f]{40}\.jpg$/)]);
    const photo = await api('dispatcher').get(`/api/v1/photos/${checked.data.photos[0]}`);
    expect(photo.headers['content-type']).toBe('image/jpeg');
  }, 60_000);

  it('shows on the dashboard the rates of GET /stats/hotline, and exports them to .xlsx', async () => {
    const page = await signIn('supervisor');
    await page.waitForURL('**/#/dashboard');
    await page.locator('[data-testid=group-row]').first().waitFor();
    const from = await page.getByTestId('period-from').inputValue();
    const to = await page.getByTestId('period-to').inputValue();
    const stats = (await api('supervisor').get(`/api/v1/stats/hotline?from=${from}&to=${to}&groupBy=none`))
      .body.rows[0];
    expect(stats.counts.received).toBeGreaterThan(50);
    for (const key of [
      'firstContact',
      'onTimeCompletion',
      'onTimeCompletionInternal',
      'resolution',
      'satisfaction',
      'callback',
      'reopen',
    ]) {
      const shown = await page.getByTestId(`rate-${key}`).getAttribute('data-rate');
      expect([key, shown === '' ? null : Number(shown)]).toEqual([key, stats.rates[key]]);
      const text = await page.getByTestId(`rate-${key}-value`).innerText();
      expect(text).toBe(stats.rates[key] === null ? '—' : `${(stats.rates[key] * 100).toFixed(1)}%`);
    }
    const grid = (await api('supervisor').get(`/api/v1/stats/grid?from=${from}&to=${to}&groupBy=none`)).body
      .rows[0];
    const closure = grid.rates.closure as number | null;
    expect(await page.getByTestId('grid-rate-closure-value').innerText()).toBe(
      closure === null ? '—' : `${(closure * 100).toFixed(1)}%`,
    );
    await shot(page, 'dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const files = await unzip(readFileSync(await download.path()));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
    );
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<t xml:space="preserve">全部</t>');
    expect(sheet).toContain(`<v>${stats.rates.firstContact}</v>`);

    // A figure opens the cases behind it.
    await page.locator('[data-testid=group-row][data-group=enforcement]').click();
    await page.locator('[data-testid=drill-table] [data-testid=ticket-row]').first().waitFor();
  }, 60_000);

  it('says on the dashboard how each rate is computed, and a count lists exactly the cases behind it', async () => {
    const page = await signIn('supervisor');
    await page.waitForURL('**/#/dashboard');
    const card = page.getByTestId('rate-satisfaction');
    await card.waitFor();
    const from = await page.getByTestId('period-from').inputValue();
    const to = await page.getByTestId('period-to').inputValue();
    const stats = (await api('supervisor').get(`/api/v1/stats/hotline?from=${from}&to=${to}&groupBy=none`))
      .body.rows[0];
    // 市民满意率 says its weight of 基本满意 (the default 0.8) and the counts it is made of.
    expect(await card.innerText()).toContain('市民满意率');
    expect(await page.getByTestId('rate-satisfaction-formula').innerText()).toBe(
      '(满意 + 基本满意 × 0.8) ÷ 有评价的12345回访',
    );
    const counts = page.getByTestId('rate-satisfaction-counts');
    expect((await counts.innerText()).replace(/\s+/g, ' ')).toBe(
      `(满意 ${stats.counts.satisfied} + 基本满意 ${stats.counts.basicallySatisfied} × 0.8) ÷ ` +
        `有评价的12345回访 ${stats.counts.rated}`,
    );
    // The citizen's resolution stands beside the unit's claim, each with its own formula.
    expect(await page.getByTestId('rate-resolution-formula').innerText()).toBe(
      '市民认定已解决 ÷ 回答是否解决的12345回访',
    );
    expect(await page.getByTestId('rate-resolutionClaimed-formula').innerText()).toBe(
      '实际解决 ÷ (实际解决 + 解释说明 + 未解决)',
    );

    // A click on the count of 满意 lists the tickets behind it, page by page: as many as the count says.
    const satisfied = stats.counts.satisfied as number;
    expect(satisfied).toBeGreaterThan(0);
    await counts.getByTestId('count-satisfied').click();
    const total = page.getByTestId('drill-total');
    await total.filter({ hasText: '清单共' }).waitFor();
    const rows = page.locator('[data-testid=drill-table] [data-testid=ticket-row]');
    const more = page.getByTestId('drill-more');
    while (await more.isVisible()) {
      const listed = await rows.count();
      await more.click();
      await eventually(async () => expect(await rows.count()).toBeGreaterThan(listed));
    }
    expect(await rows.count()).toBe(satisfied);
    expect(await total.innerText()).toBe(`清单共 ${satisfied} 件，等于「满意」的计数 ${satisfied}`);
    await shot(page, 'dashboard-drill');
    // Each row is a ticket the 12345 callback rated 满意, and links to its page.
    const first = rows.first();
    const id = (await first.getAttribute('data-id'))!;
    const ticket = (await api('supervisor').get(`/api/v1/tickets/${id}`)).body;
    expect(
      ticket.history.some(
        (event: { type: string; data: { by?: string; satisfaction?: string } }) =>
          event.type === 'CallbackRecorded' &&
          event.data.by === 'hotline' &&
          event.data.satisfaction === 'satisfied',
      ),
    ).toBe(true);
    await first.locator('a').click();
    await page.waitForURL(`**/#/ticket/${id}`);
    await page.getByTestId('status').waitFor();
  }, 90_000);

  it('shows an overdue alert without a reload', async () => {
    const page = await signIn('supervisor');
    await page.waitForURL('**/#/dashboard');
    await page.getByTestId('alert-count').waitFor();
    // An urgent ticket must be signed within 30 minutes (natural time); the clock moves past that.
    const id = await receiveTicket('CONSOLE-OVERDUE', 'urgent');
    const alert = page.locator(`[data-testid=alert][data-case="${id}"][data-kind=overdue]`);
    expect(await alert.count()).toBe(0);
    const ticket = (await api('supervisor').get(`/api/v1/tickets/${id}`)).body;
    clock.set(new Date(Date.parse(ticket.deadlines.sign.dueAt) + 60_000));
    await alert.waitFor({ timeout: 15_000 });
    await shot(page, 'dashboard-alert');
    // On the ticket's page the overdue signing stage is red.
    await page.goto(`${base}/#/ticket/${id}`);
    const stage = page.locator('[data-testid=stage][data-stage=sign]');
    await stage.waitFor();
    expect(await stage.getAttribute('data-state')).toBe('overdue');
    expect(await colourOf(stage)).toBe(RED);
  }, 60_000);
});
