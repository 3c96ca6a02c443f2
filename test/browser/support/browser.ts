import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (CI installs it); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

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

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors so far (a test can assert there were none). */
  errors: string[];
  /** Saves a full-page screenshot under test-results/<suite>/<name>.png. */
  screenshot(name: string): Promise<string>;
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
      return path;
    },
  };
}

/**
 * Logs in the way a person does: "Log in with Discord" on the landing page, through the
 * emulator's authorize page (it consents at once as its default user, the demo owner, or as
 * `loginAs`) and back to the dashboard.
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
  await page.waitForURL(`${base}/`);
  await page.getByRole('link', { name: 'Open your servers' }).waitFor();
}
