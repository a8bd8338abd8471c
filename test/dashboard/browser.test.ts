// The dashboard page in a real browser (Debian's Chromium through playwright-core) against the real stack: sign in,
// the overview loads with its figures, charts and reconciliation table. Screenshots: test-artifacts/dashboard/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { seedContacts } from '../../bench/dashboard-seed';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { WEB_ROOT } from '../../dashboard/web-root';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { PASSWORD, startDashboard, type Harness } from './dashboard-harness';

describe('dashboard in the browser', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let dash: Harness;
  let browser: TestBrowser;
  let base: string;

  before(async () => {
    assert.ok(existsSync(`${WEB_ROOT}/app.js`), `the web page is built into ${WEB_ROOT} (bash starters/setup.sh)`);
    db = await createTestDatabase('dash_browser');
    await seedContacts(db.pool, { rows: 5000, migrationName: 'browser-seed' });
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'browser-refresh', reason: 'manual' });
    dash = await startDashboard(db, { webRoot: WEB_ROOT });
    base = await dash.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser('dashboard');
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
    await db?.drop();
  });

  test('sign in, and the overview shows the figures, the charts and the reconciliation', async () => {
    const { page } = browser;
    await page.goto(base);
    await page.locator('#signin').waitFor();
    await page.fill('input[name=username]', 'ops');
    await page.fill('input[name=password]', 'not the password');
    await page.click('#signin button[type=submit]');
    await page.locator('#signin-error', { hasText: 'wrong username or password' }).waitFor();
    await page.fill('input[name=password]', PASSWORD);
    await page.click('#signin button[type=submit]');
    await page.locator('main[data-view=overview]').waitFor();
    assert.equal(await page.locator('[data-metric=contacts] .value').textContent(), '5,000');
    assert.match(await page.locator('#whoami').textContent() ?? '', /ops \(operations\)/);
    assert.equal(await page.locator('#migrations tbody tr').count(), 1);
    assert.match(await page.locator('#migrations tbody tr').first().textContent() ?? '', /browser-seed.*adds up/);
    // Chart.js drew on each canvas (a drawn canvas has a non-zero pixel size).
    for (const id of ['chart-states', 'chart-ingest', 'chart-rejects']) {
      const width = await page.locator(`#${id}`).evaluate((c) => (c as unknown as { width: number }).width);
      assert.ok(width > 0, `${id} drawn`);
    }
    await browser.screenshot('overview');
  });
});
