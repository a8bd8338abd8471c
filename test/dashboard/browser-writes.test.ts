// The dashboard's writes in a real browser (Debian's Chromium through playwright-core) against the real stack with a
// worker: an admin unmerges a member from the record page and the unmerge shows in the record's audit with the
// admin as actor; a reviewer keeps a review-queue pair apart from the side-by-side view. Screenshots:
// test-artifacts/dashboard-writes/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { RowDataPacket } from 'mysql2';
import { WEB_ROOT } from '../../dashboard/web-root';
import { createWorkflowStarter } from '../../dashboard/write/workflow-starter';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { PASSWORD, startDashboard, type Harness } from './dashboard-harness';
import { ingestRows, PEOPLE, runDedupePass } from './dedupe-fixture';
import { within } from '../support/wait';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { complianceScrubWorkflow } from '../../workflows/compliance-scrub';

/** How long the page may take to show a workflow's outcome (a decision runs a dedupe pass on a loaded machine). */
const WRITE_SHOWN_MS = 150_000;

describe('dashboard writes in the browser', { timeout: 480_000 }, () => {
  let db: TestDatabase;
  let deps: ReturnType<typeof activityDeps>;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let worker: { stop(): Promise<void> };
  let dash: Harness;
  let browser: TestBrowser;
  let base: string;
  let ids: number[];
  const taskQueue = uniqueName('dash-browser-writes');

  before(async () => {
    assert.ok(existsSync(`${WEB_ROOT}/app.js`), `the web page is built into ${WEB_ROOT} (bash starters/setup.sh)`);
    db = await createTestDatabase('dash_bwrites');
    deps = activityDeps(db);
    temporal = await temporalClient();
    worker = await startWorker(deps, taskQueue, db.config);
    ids = await ingestRows(db, PEOPLE);
    await runDedupePass(temporal.client, taskQueue);
    // A scrub, so the overview has a compliance breakdown by tag to chart.
    await within('scrub', 180_000, temporal.client.workflow.execute<typeof complianceScrubWorkflow>(WORKFLOW_TYPES.complianceScrub, {
      taskQueue, workflowId: WORKFLOW_IDS.complianceScrub('full', uniqueName('bw')), args: [{ mode: 'full', actor: 'test' }],
    }));
    dash = await startDashboard(db, { webRoot: WEB_ROOT, workflows: createWorkflowStarter(temporal.client, taskQueue, WRITE_SHOWN_MS) });
    base = await dash.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser('dashboard-writes');
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
    await worker?.stop();
    await temporal?.close();
    await deps?.close();
    await db?.drop();
  });

  const signIn = async (username: string) => {
    const { page } = browser;
    // A fresh session: whoever was signed in is forgotten before the page asks who is there.
    await browser.context.clearCookies();
    await page.goto(base);
    await page.locator('#signin').waitFor();
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('#signin button[type=submit]');
    await page.locator('main[data-view=overview]').waitFor();
  };

  test('the overview charts the compliance status by tag from the last scrub', async () => {
    await signIn('boss');
    const card = browser.page.locator('[data-chart=chart-tags]');
    assert.match(await card.locator('h3').textContent() ?? '', /full scrub \d+/);
    const width = await browser.page.locator('#chart-tags').evaluate((c) => (c as unknown as { width: number }).width);
    assert.ok(width > 0, 'the tag chart is drawn');
    await browser.screenshot('overview');
  });

  test('an unmerge from the record page shows in the audit with the admin as actor', async () => {
    const { page } = browser;
    const [[robert]] = await db.pool.query<RowDataPacket[]>('SELECT golden_id FROM contacts WHERE id = ?', [ids[0]]) as unknown as [[{ golden_id: number }]];
    await signIn('boss');
    await page.goto(`${base}/#/golden/${robert.golden_id}`);
    await page.locator('main[data-view=record] #members').waitFor();
    assert.equal(await page.locator('#members tbody tr').count(), 3, 'Robert\'s three records are one golden record');
    await browser.screenshot('record-before-unmerge');
    await page.click(`#members button.unmerge[data-contact="${ids[1]}"]`);
    await page.locator('#write-status', { hasText: 'Unmerge: done as dashboard:boss' }).waitFor({ timeout: WRITE_SHOWN_MS });
    // The page reloads the record: the unmerged contact is no longer a member (the other two may part too, when
    // only it linked them).
    await page.locator(`#members button.unmerge[data-contact="${ids[1]}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    const members = await page.locator('#members tbody tr td:first-child').allTextContents();
    assert.ok(members.length < 3 && !members.includes(String(ids[1])), `the contact left the record (members now ${members.join(', ')})`);
    // The record's audit (dedupe_log) has the unmerged contact's split, by the admin.
    const audit = page.locator('#evidence tbody tr', { hasText: new RegExp(`split${ids[1]} ↔.*dashboard:boss`) });
    await audit.first().waitFor({ timeout: 30_000 });
    const [log] = await db.pool.query<RowDataPacket[]>('SELECT action, actor FROM dedupe_log WHERE contact_id = ? ORDER BY id DESC LIMIT 1', [ids[1]]);
    assert.deepEqual([log[0]!.action, log[0]!.actor], ['split', 'dashboard:boss']);
    const [decided] = await db.pool.query<RowDataPacket[]>("SELECT DISTINCT origin, actor, workflow_id FROM review_decisions WHERE origin = 'unmerge'");
    assert.equal(decided.length, 1);
    assert.equal(decided[0]!.actor, 'dashboard:boss');
    assert.match(String(decided[0]!.workflow_id), new RegExp(`^dedupe-decision-unmerge-${ids[1]}-`), 'the CLI\'s workflow, with its id format');
    await browser.screenshot('record-after-unmerge');
  });

  test('a reviewer sees a pair side by side and keeps it apart', async () => {
    const { page } = browser;
    const [[open]] = await db.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM review_queue WHERE status = 'open'") as unknown as [[{ n: number }]];
    if (Number(open.n) === 0) {
      // No pair of these people landed in the review band: one as a pass writes it.
      await db.pool.query("INSERT INTO review_queue (contact_a, contact_b, score, evidence, pass_id) VALUES (?, ?, 42.5, 'name:fuzzy(+4) city:exact(+3)', 1)", [ids[5], ids[6]]);
    }
    await signIn('rev');
    await page.click('nav a[href="#/review"]');
    const first = page.locator('main[data-view=review] .pair').first();
    await first.waitFor();
    const key = await first.getAttribute('data-pair');
    await browser.screenshot('review-queue');
    await first.locator('button.decide-keep-apart').click();
    await page.locator(`.pair[data-pair="${key}"]`).waitFor({ state: 'detached', timeout: WRITE_SHOWN_MS });
    const [a, b] = key!.split('-').map(Number);
    const [d] = await db.pool.query<RowDataPacket[]>('SELECT decision, actor FROM review_decisions WHERE contact_a = ? AND contact_b = ?', [a, b]);
    assert.deepEqual(d.map((x) => [x.decision, x.actor]), [['keep-apart', 'dashboard:rev']]);
  });

  test('search: possible duplicates of a contact by fuzzy name within its blocks', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/search"]');
    await page.locator('main[data-view=search]').waitFor();
    await page.fill('#s-contact', String(ids[5]));
    await page.click('#similar-form button[type=submit]');
    const john = page.locator('#similar tbody tr', { hasText: 'John Parker' });
    await john.waitFor();
    assert.match(await john.textContent() ?? '', /nameZip/);
    await page.fill('#s-exact', 'carla@example.com');
    await page.click('#exact-form button[type=submit]');
    await page.locator('#exact-results tbody tr', { hasText: 'Carla' }).waitFor();
    await browser.screenshot('search');
  });

  test('a compliance officer opts a phone out from the record page: the opt-out workflow records the officer', async () => {
    const { page } = browser;
    const [[carla]] = await db.pool.query<RowDataPacket[]>('SELECT golden_id FROM contacts WHERE id = ?', [ids[7]]) as unknown as [[{ golden_id: number }]];
    await signIn('comp');
    await page.goto(`${base}/#/golden/${carla.golden_id}`);
    await page.locator('main[data-view=record] #opt-out').waitFor();
    assert.equal(await page.locator('#members button.unmerge, #merge-actions').count(), 0, 'no merge buttons for the compliance role');
    await page.selectOption('#optout-method', 'SMS_STOP');
    await page.fill('#optout-evidence', 'STOP reply 2026-12-04');
    await page.click('#optout');
    await page.locator('#write-status', { hasText: 'Opt out: done as dashboard:comp' }).waitFor({ timeout: WRITE_SHOWN_MS });
    const [rows] = await db.pool.query<RowDataPacket[]>('SELECT phone_e164, method, source, evidence, actor FROM suppression_log');
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ phone_e164: '+15125550300', method: 'SMS_STOP', source: 'dashboard', evidence: 'STOP reply 2026-12-04', actor: 'dashboard:comp' }]);
    await browser.screenshot('record-opt-out');
  });
});
