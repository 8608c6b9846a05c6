import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { seedDemoCases } from '../../apps/api/src/demo/demo-cases.js';
import { chromiumPath, launchChromium } from '../support/browser.js';
import { eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * The 考核 page (apps/web/pages/scorecard.js) in headless Chromium, against the real API and worker with real tokens
 * and the demo street with two weeks of simulated cases ending now.
 */
const executablePath = chromiumPath();
const maybe = executablePath ? describe : describe.skip;
const SHOTS = process.env.CONSOLE_SCREENSHOTS
  ? resolve(process.env.CONSOLE_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'chengyun-console-'));
const PASSWORD = 'chengyun-demo';

/** The month `YYYY-MM` (Asia/Shanghai) of an instant, and of the month before. */
const monthOf = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
const monthBefore = (month: string) => {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 2, 1)).toISOString().slice(0, 7);
};

maybe('the 考核 page in Chromium', () => {
  let system: TestApi;
  let browser: Browser;
  let base: string;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', AUTH_ACCESS_TTL_S: '86400' }, clock, {
      worker: true,
    });
    const store = system.app.get(EventStore);
    await seedDemoCases(store, { now: clock.now(), days: 14, ticketsPerDay: 12, findingsPerDay: 6 });
    await system.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(system.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium(executablePath!);
    const head = await store.headPosition();
    const token = await tokenOf('supervisor');
    await eventually(async () => {
      const answer = await request(system.app.getHttpServer())
        .get(`/api/v1/tickets?limit=1&minPosition=${head}`)
        .set('authorization', `Bearer ${token}`);
      expect(answer.body.fresh).toBe(true);
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  async function tokenOf(username: string): Promise<string> {
    const answer = await request(system.app.getHttpServer())
      .post('/api/v1/auth/token')
      .send({ username, password: PASSWORD })
      .expect(200);
    return answer.body.accessToken as string;
  }

  it('shows a supervisor the units ranked, refuses to freeze a month before its cut-off, and marks a frozen month', async () => {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
      await page.goto(`${base}/`);
      await page.getByTestId('username').fill('supervisor');
      await page.getByTestId('password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('who').filter({ hasText: 'supervisor' }).waitFor();
      await page.getByTestId('nav-scorecard').click();
      await page.waitForURL('**/#/scorecard');

      // This month, live: ranked rows, the best first, each with its score and its parts.
      const month = monthOf(clock.now());
      const first = page.locator('[data-testid=scorecard-row]').first();
      await first.waitFor();
      expect(await first.getAttribute('data-rank')).toBe('1');
      expect(await first.getByTestId('rank').innerText()).toBe('1');
      expect(Number(await first.getByTestId('score').innerText())).toBeGreaterThan(0);
      expect(await first.getByTestId('part').count()).toBeGreaterThan(0);
      const scores = (await page.getByTestId('score').allInnerTexts()).map(Number);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const units = (
        await request(system.app.getHttpServer())
          .get('/api/v1/units')
          .set('authorization', `Bearer ${await tokenOf('supervisor')}`)
          .expect(200)
      ).body.items as { name: string }[];
      expect(units.map((unit) => unit.name)).toContain(await first.getByTestId('name').innerText());
      await expect(page.getByTestId('scorecard-summary').innerText()).resolves.toContain(month);
      expect(await page.getByTestId('frozen-note').isVisible()).toBe(false);
      await page.screenshot({ path: join(SHOTS, 'scorecard.png') });

      // The cut-off of this month is still to come.
      await page.getByTestId('freeze-month').click();
      await page.getByTestId('toast').filter({ hasText: '截止时间未到' }).waitFor();

      // By grid.
      await page.getByTestId('scorecard-by-grid').click();
      await page.getByTestId('scorecard-summary').filter({ hasText: '按网格' }).waitFor();

      // Last month, frozen a moment ago: the page says so and shows the stored figures.
      const last = monthBefore(month);
      await request(system.app.getHttpServer())
        .post('/api/v1/stats/snapshots')
        .set('authorization', `Bearer ${await tokenOf('supervisor')}`)
        .send({ month: last, cutoff: clock.now().toISOString() })
        .expect(201);
      await page.getByTestId('scorecard-month').fill(last);
      await page.getByTestId('frozen-note').filter({ hasText: '本月已冻结' }).waitFor();
      expect(await page.getByTestId('freeze-month').isDisabled()).toBe(true);

      const download = page.waitForEvent('download');
      await page.getByTestId('export-scorecard').click();
      expect((await download).suggestedFilename()).toBe(`考核_grid_${last}.xlsx`);
    } finally {
      await context.close();
    }
  }, 90_000);
});
