/**
 * What every journey needs: Chromium (the system's, never a downloaded one), a fresh browser context
 * per journey, Trellis's database for the builders, sign-in, the accessibility check and the outbox.
 */
import { AxeBuilder } from '@axe-core/playwright';
import path from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { type Database, openDatabase } from '#server/db/client.ts';
import { type OutboxMessage, readOutbox } from '#server/platform/mail.ts';
import { TEST_PASSWORD } from '#server/test/builders.ts';

export { TEST_PASSWORD };

/** A one-pixel PNG: a real image, so the server's check of the file's type accepts it. */
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface Journeys {
  /** Trellis's database: create what a journey needs with the builders of src/server/test/builders.ts. */
  database: Database;
  /** A page in a browser context of its own (its own cookies), closed after the journey. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /**
   * A page of its own, signed in through the sign-in page; that page's accessibility is checked the
   * first time in the journey file only (the sign-in journeys check it fully).
   */
  signedIn(user: { email: string }): Promise<Page>;
}

/** Call at the top level of a journey file. */
export function setupJourneys(): Journeys {
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  const journeys = {} as Journeys;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    journeys.database = openDatabase(inject('databaseUrl'), 3);
  });
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    const errors = pageErrors;
    pageErrors = [];
    // A script error in the page is a failure even when the journey got through.
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await journeys.database?.close();
  });

  journeys.newPage = async (options = {}) => {
    const context = await browser.newContext({ baseURL: inject('baseUrl'), ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  };

  let signInChecked = false;
  journeys.signedIn = async (user) => {
    const page = await journeys.newPage();
    if (!signInChecked) {
      signInChecked = true;
      await login(page, user);
      return page;
    }
    await page.goto('/sign-in');
    await submitSignIn(page, user.email, TEST_PASSWORD);
    return page;
  };
  return journeys;
}

/**
 * Fails on any axe-core violation of WCAG 2.1 A/AA with impact serious or critical on the page as it
 * is now. Call it on every page a journey visits, once the page has shown its content.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
        .join('\n')}`,
  );
  expect(report, `accessibility violations on ${new URL(page.url()).pathname}`).toEqual([]);
}

/** Waits for the page's heading (every page has one h1) and checks the page's accessibility. */
export async function expectPage(page: Page, heading?: string | RegExp): Promise<void> {
  await page
    .getByRole('heading', heading === undefined ? { level: 1 } : { level: 1, name: heading })
    .waitFor();
  // Parts of the page still loading would be checked half-drawn.
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .count(),
    )
    .toBe(0);
  await expectAccessible(page);
}

/** Signs in through the sign-in page, as a person would. */
export async function login(page: Page, user: { email: string }, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await expectPage(page, 'Sign in to Trellis');
  await submitSignIn(page, user.email, password);
}

/** Fills in and sends the sign-in form on the page, and waits for the signed-in app. */
async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in: the main navigation is there (folded behind the Menu button on a phone).
  await page.locator('nav[aria-label="Main"]').waitFor({ state: 'attached' });
}

/** Waits for a message to `to` in Trellis's outbox and returns the newest one. */
export async function waitForMail(to: string, timeoutMs = 10_000): Promise<OutboxMessage> {
  const outbox = path.join(inject('dataDir'), 'outbox');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readOutbox(outbox, 500)).find((m) => m.to.toLowerCase().includes(to.toLowerCase()));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} arrived in the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first link in a message that points into Trellis at `pathname`, as a path with its query. */
export function linkIn(message: OutboxMessage, pathname: string): string {
  const links = message.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  for (const link of links) {
    const url = new URL(link);
    if (url.pathname === pathname) return `${url.pathname}${url.search}`;
  }
  throw new Error(`No ${pathname} link in the message "${message.subject}":\n${message.text}`);
}

/** True when the page scrolls sideways at its current viewport width. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  return scrollWidth > width + 1;
}
