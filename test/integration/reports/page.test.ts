/**
 * The report page's data (issue 16): it opens on the latest year with data, not an empty current
 * year; an ENTERPRISE sees its own figures consistently; exports show Beijing time.
 */
import request from 'supertest';
import { landing, submit } from '../../support/customs';
import { describe, expect, test } from '../../support/fixtures';
import { TEST_SECRET } from '../../support/hub';
import { signToken } from '../../../src/authz/tokens';
import { beijingPeriod } from '../../../src/shared/time';

const tokenOf = (agency: 'COMMERCE' | 'ENTERPRISE' | 'ANALYST', org: string | null = null) =>
  signToken(new TextEncoder().encode(TEST_SECRET), { agency, org });

describe('/reports/data.json without ?year', () => {
  test('opens on the latest year with a plan or declarations, not on the current year', async ({ hub, as, seed }) => {
    const chain = await seed.landingChain();
    await submit(as('CUSTOMS'), [landing(chain, { declaredAt: '2025-05-10T10:00:00+08:00' })]);
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    expect(thisYear, 'the test needs a clock past 2025').toBeGreaterThan(2025);
    for (const [agency, org] of [['COMMERCE', null], ['ANALYST', null], ['ENTERPRISE', chain.enterpriseId]] as const) {
      const res = await request(hub.app.app).get('/reports/data.json').set('authorization', `Bearer ${await tokenOf(agency, org)}`);
      expect(res.status, agency).toBe(200);
      expect(res.body.year, agency).toBe(2025);
    }
    // the page itself no longer fills in the current year
    const html = (await request(hub.app.app).get('/reports')).text;
    expect(html).not.toContain('new Date().getFullYear()');
  });

  test('an enterprise sees its own monthly figures beside its own import figure, nobody else\'s', async ({ hub, as, seed }) => {
    const mine = await seed.landingChain();
    const theirs = await seed.landingChain();
    await submit(as('CUSTOMS'), [
      landing(mine, { declaredAt: '2025-07-01T10:00:00+08:00' }),
      landing(theirs, { declaredAt: '2025-07-02T10:00:00+08:00', lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 10, valueYuan: '999.00' }] }),
    ]);
    const res = await request(hub.app.app).get('/reports/data.json?year=2025').set('authorization', `Bearer ${await tokenOf('ENTERPRISE', mine.enterpriseId)}`);
    expect(res.body.quota).toBeNull();
    expect(res.body.commodityScope).toBe('OWN');
    const sum = res.body.commodityMonthly.reduce((t: number, r: any) => t + Number(r.valueYuan), 0);
    expect(res.body.assessments).toHaveLength(1);
    expect(sum.toFixed(2)).toBe(res.body.assessments[0].actualImportTradeYuan);
    expect(res.body.commodityMonthly.length).toBeGreaterThan(0);
  });
});

describe('exports', () => {
  test('the 报送时间 column of the monthly return is Beijing time (+08:00), not UTC', async ({ hub, as, seed }) => {
    // the running month: the enterprise is filed today, and a return lists who was in the pilot during its month (SPEC §15)
    const period = beijingPeriod(new Date());
    const e = await seed.enterprise();
    const r = await as('ENTERPRISE', e.id).gql(`mutation { submitMonthlyReport(input: { period: "${period}", rawPurchasedKg: 1, rawPurchasedYuan: "1", rawConsumedKg: 1,
      rawConsumedYuan: "1", productOutputKg: 1, productOutputYuan: "2", salesKg: 0, salesYuan: "0", inventoryKg: 0, lossKg: 0 }) { submittedAt } }`);
    expect(r.errors).toBeUndefined();
    const res = await request(hub.app.app).get(`/reports/monthly-return.csv?period=${period}`).set('authorization', `Bearer ${await tokenOf('COMMERCE')}`);
    expect(res.status).toBe(200);
    const text = res.text;
    const header = text.replace(/^\uFEFF/, '').split('\n')[0]!.split(',');
    const col = header.indexOf('报送时间');
    expect(col).toBeGreaterThan(-1);
    const row = text.split('\n').find((l) => l.includes(e.name))!;
    const cell = row.split(',')[col]!;
    expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);
    expect(new Date(cell).getTime()).toBe(new Date(r.data.submitMonthlyReport.submittedAt).getTime());
  });
});
