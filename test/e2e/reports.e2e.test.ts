/**
 * The report page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * token box → data → three charts/tables, no request leaves the hub, screenshot for a human look.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signToken } from '../../src/authz/tokens';
import * as f from '../support/factories';
import { startHub, TEST_SECRET, type TestHub } from '../support/hub';
import * as r from '../support/reports-fixtures';

let hub: TestHub;
let browser: Browser;
let base: string;

beforeAll(async () => {
  hub = await startHub();
  await new Promise<void>((resolve) => hub.app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // 2025: plan 700,000,000 yuan landing processing; a pace that crosses 80% by mid-September.
  await r.plan(hub.db, 2025, '700000000.00');
  const names = ['阿拉山口粮油加工有限公司', '博州坚果食品有限公司', '艾比湖饲料加工厂', '西域果业加工有限公司', '口岸植物油精炼厂'];
  const ents = [];
  for (const name of names) ents.push(await f.enterprise(hub.db, { name }));
  const p = await r.resident(hub.db);
  const codes = [['1206', '葵花籽'], ['1205', '油菜籽'], ['0802', '坚果'], ['1214', '饲草'], ['0813', '干果'], ['1512', '葵花籽油'], ['0806', '葡萄干']];
  for (let m = 1; m <= 9; m++) {
    for (let k = 0; k < codes.length; k++) {
      const days = m === 9 ? 15 : 28;
      const value = ((7 - k) * 1_000_000 + m * 150_000).toFixed(2);
      for (let j = 0; j < 2; j++) {
        await r.declaration(hub.db, {
          declaredAt: `2025-${String(m).padStart(2, '0')}-${String(1 + ((k * 3 + j * 11) % days)).padStart(2, '0')}T04:00:00Z`,
          declarantId: p.id, enterpriseId: ents[(k + j) % ents.length]!.id,
          lines: [{ hsCode: codes[k]![0]!, valueYuan: value, quantityKg: '20000' }],
        });
      }
    }
  }
  await hub.db.execute((await import('drizzle-orm')).sql`update declaration_lines set commodity_name = case hs_code
    ${(await import('drizzle-orm')).sql.raw(codes.map(([c, n]) => `when '${c}' then '${n}'`).join(' '))} else commodity_name end`);
  const targets: [number, string, number, string, string][] = [
    [0, '100000000', 0.2, '100000', '125000'], [1, '120000000', 0.2, '100000', '118000'],
    [2, '90000000', 0.25, '100000', '131000'], [3, '200000000', 0.2, '100000', '122000'], [4, '80000000', 0.2, '0', '0'],
  ];
  const commerce = hub.as('COMMERCE');
  for (const [i, target, rate, consumed, output] of targets) {
    await commerce.gql('mutation($i: AssessmentTargetInput!) { setAssessmentTarget(input: $i) { id } }', { i: { enterpriseId: ents[i]!.id, year: 2025, importTradeTargetYuan: target, valueAddRateTarget: rate } });
    if (consumed !== '0') await r.ledger(hub.db, ents[i]!.id, [{ on: '2025-06-01', kind: 'RAW_CONSUMED', yuan: consumed }, { on: '2025-06-02', kind: 'PRODUCT_OUTPUT', yuan: output }]);
  }
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => hub?.app.server.close(resolve));
  await hub?.close();
});

it('draws quota, commodity and assessment views from the token-protected data, with no external request', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, deviceScaleFactor: 1 });
  const external: string[] = [];
  page.on('request', (req) => { if (!req.url().startsWith(base) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) external.push(req.url()); });
  await page.goto(`${base}/reports?year=2025&asOf=2025-09-15`);
  await page.fill('#token', await signToken(new TextEncoder().encode(TEST_SECRET), { agency: 'PREFECTURE_COMMERCE' }));
  await page.click('#load');
  await page.waitForSelector('body[data-loaded="true"]');
  expect(await page.locator('#quota svg polyline').count()).toBe(1);
  expect(await page.locator('#quota .badge').textContent()).toBe('预警');
  expect(await page.locator('#commodity svg rect').count()).toBeGreaterThan(50);
  expect(await page.locator('#assessment tbody tr').count()).toBe(5);
  expect(await page.locator('#assessment tbody .badge.ok').count()).toBeGreaterThan(0);
  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/reports.png', fullPage: true });
  expect(external).toEqual([]);
});

it('shows the hub\'s message when the token is refused', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/reports`);
  await page.fill('#token', 'not-a-token');
  await page.click('#load');
  await expect.poll(() => page.locator('#status').textContent()).toContain('The token was refused');
});
