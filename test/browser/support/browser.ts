import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium.ts';

export { CHROMIUM_PATH, chromiumAvailable } from './chromium.ts';

/**
 * Headless Chromium as the machine allows it: as root it needs --no-sandbox, and on a closed
 * network its background services (sync, updates, QUIC probes) only fail, slowly.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** axe-core's browser bundle, evaluated in the page (through the DevTools protocol, so CSP allows it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility rule broken on a page: which rule, how bad, and where. */
export interface AccessibilityViolation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now and returns the serious
 * and critical violations: missing labels and names, contrast, ARIA misuse, focus traps…
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
    ).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors so far (a test can assert there were none). */
  errors: string[];
  /**
   * Saves a full-page screenshot under test-results/<suite>/<name>.png, and checks the page as
   * shown with axe-core: a serious or critical accessibility violation fails the test there.
   */
  screenshot(name: string): Promise<string>;
  /** The page's serious and critical accessibility violations now (axe-core). */
  accessibility(): Promise<AccessibilityViolation[]>;
}

/** A fresh browser profile (no cookies) with one page, at a desktop or phone size. */
export async function openSession(
  browser: Browser,
  suite: string,
  options: { locale?: string; phone?: boolean; baseURL?: string } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const dir = join(process.cwd(), 'test-results', suite);
  await mkdir(dir, { recursive: true });
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      const violations = await accessibilityViolations(page);
      if (violations.length > 0)
        throw new Error(
          `accessibility violations on "${name}" (${page.url()}):\n${JSON.stringify(violations, null, 2)}`,
        );
      return path;
    },
    accessibility: () => accessibilityViolations(page),
  };
}

/**
 * Logs in the way a person does: "Log in with Discord" on the landing page, through the
 * emulator's authorize page (it consents at once as its default user, the demo owner, or as
 * `loginAs`) and back to the dashboard: the servers list, or the start page for `loginAs`.
 */
export async function logInThroughEmulator(page: Page, base: string, loginAs?: string): Promise<void> {
  await page.goto(base);
  const login = page.getByRole('link', { name: 'Log in with Discord' }).first();
  if (loginAs) {
    const href = await login.getAttribute('href');
    const start = await page.request.get(new URL(href ?? '', base).toString(), { maxRedirects: 0 });
    const authorize = new URL(start.headers().location ?? '');
    authorize.searchParams.set('login_as', loginAs);
    await page.goto(authorize.toString());
  } else {
    await login.click();
  }
  // Logged in once the header offers the logout; a login started on the start page ends on the
  // servers list (one opened at the authorize page directly comes back to the start page).
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  if (!loginAs) await page.waitForURL(`${base}/servers`);
}
