// The dashboard page in a real browser (Debian's Chromium through playwright-core) against the real stack: sign in,
// the overview loads with its figures, charts and reconciliation table. Screenshots: test-artifacts/dashboard/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { seedComplianceTags, seedContacts } from '../../bench/dashboard-seed';
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
    await seedComplianceTags(db.pool);
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'browser-refresh', reason: 'manual' });
    // The read-time rules at a fixed midday (13:00 in New York), so the list does not depend on when the test runs.
    dash = await startDashboard(db, { webRoot: WEB_ROOT, now: () => Date.parse('2026-12-02T18:00:00Z') });
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

  test('the list: a filter narrows it, pages move forward and back, a page jump lands on that page', async () => {
    const { page } = browser;
    const ids = async () => page.locator('#list tbody tr td:nth-child(2) a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await page.click('nav a[href="#/lists"]');
    await page.locator('main[data-view=lists] #list tbody tr').first().waitFor();
    assert.equal(await page.locator('#list tbody tr').count(), 50);
    // The default campaign dials by hand: the records whose stored status allows it (CALLABLE, WIRELESS_RESTRICTED).
    const callable = async (state: string | null) => Number((await db.pool.query(
      `SELECT COUNT(*) AS n FROM contacts c JOIN contact_compliance cc ON cc.contact_id = c.id WHERE cc.status IN ('CALLABLE', 'WIRELESS_RESTRICTED') AND (? IS NULL OR c.state = ?)`,
      [state, state]) as unknown as [Array<{ n: number }>])[0][0]!.n).toLocaleString('en-US');
    const all = await callable(null);
    const ca = await callable('CA');
    assert.match(await page.locator('#list-meta').textContent() ?? '', new RegExp(`— ${all} records`));
    await page.fill('#f-state', 'CA');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list-meta', { hasText: new RegExp(`— ${ca} records`) }).waitFor();
    const states = await page.locator('#list tbody tr td:nth-child(5)').allTextContents();
    assert.ok(states.length === 50 && states.every((s) => s === 'CA'), 'every row is in CA');
    const first = await ids();
    await page.click('#next');
    await page.locator('#page-no', { hasText: 'page 2' }).waitFor();
    const second = await ids();
    assert.equal(second.filter((id) => first.includes(id)).length, 0, 'page 2 shares no row with page 1');
    await page.click('#prev');
    await page.locator('#page-no', { hasText: 'page 1' }).waitFor();
    assert.deepEqual(await ids(), first);
    await page.fill('#page-jump', '4');
    await page.click('#go');
    await page.locator('#page-no', { hasText: 'page 4' }).waitFor();
    const jumped = await ids();
    const api = await page.evaluate(async () => (await (await fetch('/api/lists?state=CA&page=4')).json()) as { rows: Array<{ goldenId: number }> });
    assert.deepEqual(jumped, api.rows.map((r) => `#/golden/${r.goldenId}`));
    assert.match(await page.locator('#export').getAttribute('href') ?? '', /export\.csv\?state=CA/);
    await page.fill('#f-scoreMin', 'abc');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list-error', { hasText: 'scoreMin' }).waitFor();
    await page.fill('#f-scoreMin', '');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list tbody tr').first().waitFor();
    // A tag that blocks the campaign is refused with the reason; a listable one narrows the state's list to the
    // records whose stored status is that tag.
    await page.selectOption('#f-tag', 'DNC_STATE');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list-error', { hasText: 'tag: records tagged DNC_STATE are blocked for VOICE manual lists' }).waitFor();
    const tagCells = () => page.locator('#list tbody tr td:nth-child(7)').allTextContents();
    await page.selectOption('#f-tag', '');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list tbody tr').first().waitFor();
    assert.ok((await tagCells()).some((t) => t !== 'WIRELESS_RESTRICTED'), 'before the tag filter the page holds other tags');
    await page.selectOption('#f-tag', 'WIRELESS_RESTRICTED');
    await page.click('#list-filters button[type=submit]');
    // The filtered answer is rendered (its export link carries the tag; the table is replaced in the same step). A
    // string predicate (waitForFunction) would need eval, which the page's CSP forbids once it has to poll.
    await page.locator('#export[href*="tag=WIRELESS_RESTRICTED"]').waitFor({ timeout: 30_000 });
    const shown = await tagCells();
    assert.ok(shown.length > 0 && shown.every((t) => t === 'WIRELESS_RESTRICTED'), 'only WIRELESS_RESTRICTED rows');
    const tagged = await ids();
    const apiTagged = await page.evaluate(async () => (await (await fetch('/api/lists?state=CA&tag=WIRELESS_RESTRICTED')).json()) as { rows: Array<{ goldenId: number; state: string }> });
    assert.ok(tagged.length > 0 && tagged.length <= 50, `some rows (${tagged.length})`);
    assert.ok(tagged.some((id) => !first.includes(id)) || tagged.length < 50, 'narrower than the state alone');
    assert.deepEqual(tagged, apiTagged.rows.map((r) => `#/golden/${r.goldenId}`));
    assert.ok((await page.locator('#list tbody tr td:nth-child(5)').allTextContents()).every((s) => s === 'CA'), 'still only CA');
    assert.match(await page.locator('#export').getAttribute('href') ?? '', /tag=WIRELESS_RESTRICTED/);
    await browser.screenshot('list');
    await page.selectOption('#f-tag', '');
    await page.click('#list-filters button[type=submit]');
    await page.locator('#list-meta', { hasText: new RegExp(`— ${ca} records`) }).waitFor();
  });

  test('the detail view opens from the list with its members, sources and the compliance decision tag by tag', async () => {
    const { page } = browser;
    const link = page.locator('#list tbody tr td:nth-child(2) a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.locator('main[data-view=record]').waitFor();
    assert.equal(await page.locator('#members tbody tr').count(), 1);
    assert.match(await page.locator('#members tbody tr').first().textContent() ?? '', /seed:dashboard-bench \(browser-seed\)/);
    // This dashboard has no registry look-up (the object store's copies): the engine reports REGISTRY_STALE, with its reason.
    assert.match(await page.locator('#decision').textContent() ?? '', /REGISTRY_STALE/);
    assert.match(await page.locator('#tags').textContent() ?? '', /no federal copy was loaded for area code/);
    assert.match(await page.locator('#evidence').textContent() ?? '', /No dedupe decision/);
    assert.ok(href?.startsWith('#/golden/'));
    await browser.screenshot('record');
  });
});
