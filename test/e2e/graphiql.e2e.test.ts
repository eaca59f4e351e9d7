/**
 * GraphiQL in a real browser with no network beyond the hub: pick an agency (dev token), run a
 * saved operation, read the answer, open the docs; every request the page made went to 127.0.0.1.
 * Chromium is Debian's package (.ci/run installs it); playwright-core only drives it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import type { Database } from '../../src/db/client';
import { openTestDatabase, testConfig } from '../support/hub';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

let database: Database;
let hub: App;
let origin: string;
let browser: BrowserContext;
let userDataDir: string;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  hub = await createApp({ config: testConfig({ nodeEnv: 'development' }), database });
  await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
  userDataDir = mkdtempSync(join(tmpdir(), 'hub-chromium-'));
  // A new, empty profile (user-data-dir) per run: no stored tabs, tokens or cached assets.
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? await browser.newPage();
  page.on('request', (r) => requested.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await hub?.stop();
  hub?.server.close();
  await database?.close();
});

describe('GraphiQL in headless Chromium', () => {
  it('gets a dev token for the picked agency, runs a saved query and shows its answer, with every request to the hub', async () => {
    await page.goto(`${origin}/graphql`);
    await page.getByTestId('agency').selectOption('CUSTOMS');
    await page.getByTestId('get-token').click();
    await expect.poll(() => page.getByTestId('who').textContent(), { timeout: 30_000 }).toContain('CUSTOMS');

    await page.getByTestId('saved').selectOption({ index: 1 }); // the first saved operation: WhoAmI
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 60_000 });
    // The schema arrives by introspection with the token: wait for the docs to know Query.
    await page.locator('.graphiql-sidebar button[aria-label*="Documentation"]').first().click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 60_000 }).toContain('Query');
    await run.click();
    // Monaco lays text out with non-breaking spaces: compare with whitespace collapsed.
    const response = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    await expect.poll(response, { timeout: 60_000 }).toContain('"agency": "CUSTOMS"');
    expect(await response()).toMatch(/"enterprises": \{ "totalCount": \d+ \}/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png'), fullPage: true });

    expect(requested.length).toBeGreaterThan(3);
    const offHub = requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(offHub).toEqual([]);
  });

  it('shows the bilingual descriptions of the schema in the docs explorer', async () => {
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await expect.poll(() => docs.innerText(), { timeout: 30_000 }).toContain('当前调用方 / who the token says you are');
  });

  it('shows no link to a site outside the hub', async () => {
    // Evaluated in the page (a string, so this file needs no DOM typings).
    const external = await page.evaluate(`[...document.querySelectorAll('[href],[src]')]
      .filter((el) => el.offsetParent !== null || el.tagName === 'SCRIPT' || el.tagName === 'LINK')
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '')
      .filter((u) => /^(https?:)?\\/\\//.test(u) && !u.startsWith(location.origin))`);
    expect(external).toEqual([]);
  });
});
