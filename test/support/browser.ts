// Debian's Chromium (installed by the setup command with apt-get; Playwright never downloads a browser) driven by
// playwright-core, headless, with a fresh profile per launch; screenshots go to test-artifacts/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts');

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(artifactsSubdir: string): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: bash starters/setup.sh installs Debian's chromium package`);
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  // launchPersistentContext is how Playwright takes a --user-data-dir: a fresh, empty one per launch.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: FLAGS,
    viewport: { width: 1366, height: 900 }, timeout: 60_000,
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const dir = path.join(ARTIFACTS_DIR, artifactsSubdir);
  mkdirSync(dir, { recursive: true });
  return {
    context, page,
    async screenshot(name) {
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
