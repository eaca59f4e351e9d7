import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';
import * as r from '../../support/reports-fixtures';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const get = (path: string, token?: string) => {
  const req = request(hub.app.app).get(path).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  return token ? req.set('authorization', `Bearer ${token}`) : req;
};
const tokenOf = async (agency: Parameters<TestHub['as']>[0], org?: string) => {
  const { signToken } = await import('../../../src/authz/tokens');
  const { TEST_SECRET } = await import('../../support/hub');
  return signToken(new TextEncoder().encode(TEST_SECRET), { agency, org: org ?? null });
};

describe('report downloads and the report page (SPEC §2)', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.a = (await f.enterprise(hub.db, { name: '阿拉山口油脂加工有限公司' })).id;
    ids.b = (await f.enterprise(hub.db, { name: '博乐坚果加工厂' })).id;
    const p = await r.resident(hub.db);
    await r.declaration(hub.db, { declaredAt: '2037-03-01T02:00:00Z', declarantId: p.id, enterpriseId: ids.a, lines: [{ hsCode: '1206', valueYuan: '36000.00', quantityKg: '9000' }] });
    await r.declaration(hub.db, { declaredAt: '2037-04-01T02:00:00Z', declarantId: p.id, enterpriseId: ids.b, lines: [{ hsCode: '0802', valueYuan: '12345.67', quantityKg: '100.5' }] });
    await r.ledger(hub.db, ids.a, [{ on: '2037-03-02', kind: 'RAW_CONSUMED', yuan: '30000.00' }, { on: '2037-03-03', kind: 'PRODUCT_OUTPUT', yuan: '37500.00' }]);
    await hub.as('COMMERCE').gql(`mutation { a: setAssessmentTarget(input: { enterpriseId: "${ids.a}", year: 2037, importTradeTargetYuan: "30000", valueAddRateTarget: 0.2 }) { id }
      b: setAssessmentTarget(input: { enterpriseId: "${ids.b}", year: 2037, importTradeTargetYuan: "50000", valueAddRateTarget: 0.2 }) { id } }`);
    await r.plan(hub.db, 2037, '100000.00');
  });

  it('serves the assessment as XLSX whose cells read back as the GraphQL figures, in 万元', async () => {
    const res = await get('/reports/assessment.xlsx?year=2037', await tokenOf('PREFECTURE_COMMERCE'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '加工企业名称', '考核标准', '考核标准', '完成情况', '完成情况', '是否完成']);
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '加工企业名称', '进口贸易额（万元）', '加工产品增值率', '进口贸易额（万元）', '加工产品增值率', '是否完成']);
    const gql = await hub.as('PREFECTURE_COMMERCE').gql('{ enterpriseAssessments(year: 2037) { enterprise { name } importTradeTargetYuan valueAddRateTarget actualImportTradeYuan actualValueAddRate completed } }');
    const back = [];
    for (let i = 4; i <= ws.rowCount; i++) back.push((ws.getRow(i).values as unknown[]).slice(2));
    expect(back).toEqual(gql.data.enterpriseAssessments.map((x: any) => [
      x.enterprise.name, Number(x.importTradeTargetYuan) / 10000, x.valueAddRateTarget, Number(x.actualImportTradeYuan) / 10000,
      x.actualValueAddRate ?? null, x.completed ? '是' : '否',
    ]).map((row: unknown[]) => row.map((v) => (v === null ? undefined : v))));
    expect(back).toContainEqual(['阿拉山口油脂加工有限公司', 3, 0.2, 3.6, 0.25, '是']);
    expect(back).toContainEqual(['博乐坚果加工厂', 5, 0.2, 1.234567, undefined, '否']);
  });

  it('serves CSV with a BOM and Chinese headers', async () => {
    const res = await get('/reports/trade-stats.csv?from=2037-01-01&to=2037-12-31&groupBy=MONTH,COMMODITY', await tokenOf('ANALYST'));
    expect(res.status).toBe(200);
    const text = res.body.toString('utf8');
    expect(text.startsWith('\uFEFF月份,商品编码,申报单数,货值（元）,数量（千克）,落地加工比率\n')).toBe(true);
    expect(text).toContain('2037-03,1206,1,36000.00,9000,100.00%');
    expect(text).toContain('2037-04,0802,1,12345.67,100.5,100.00%');
  });

  it('applies row scope to downloads as to GraphQL: an enterprise gets its own assessment row', async () => {
    const res = await get('/reports/assessment.csv?year=2037', await tokenOf('ENTERPRISE', ids.b));
    const lines = res.body.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('1,博乐坚果加工厂,5.00,20.00%,1.234567,,否');
  });

  it('refuses a download without a token with 401 and a bad parameter with 400', async () => {
    expect((await get('/reports/assessment.xlsx?year=2037')).status).toBe(401);
    const bad = await get('/reports/assessment.xlsx', await tokenOf('COMMERCE'));
    expect(bad.status).toBe(400);
    expect((await get('/reports/nothing.xlsx?year=2037', await tokenOf('COMMERCE'))).status).toBe(404);
  });

  it('serves the page without a token and its data only with one; org tokens get their own assessment row and no aggregates', async () => {
    const page = await get('/reports');
    expect(page.status).toBe(200);
    const html = page.body.toString('utf8');
    expect(html).toContain('createElementNS');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect((await get('/reports/data.json?year=2037')).status).toBe(401);
    const data = JSON.parse((await get('/reports/data.json?year=2037&asOf=2037-06-30', await tokenOf('COMMERCE'))).body.toString('utf8'));
    expect(data.quota).toMatchObject({ consumedYuan: '48345.67', landingProcessingScaleYuan: '100000.00', consumptionRatio: 0.4835, projectedAnnualYuan: '96691.34', warning: false });
    expect(data.commodityMonthly).toEqual([{ month: '2037-03', hsCode: '1206', valueYuan: '36000.00' }, { month: '2037-04', hsCode: '0802', valueYuan: '12345.67' }]);
    const own = JSON.parse((await get('/reports/data.json?year=2037', await tokenOf('ENTERPRISE', ids.a))).body.toString('utf8'));
    expect(own.quota).toBeNull();
    expect(own.assessments.map((x: any) => x.enterpriseId)).toEqual([ids.a]);
    // Its own declarations are its own data (§9 declaration class): the page shows them, consistently
    // with its assessment row, instead of "no declarations" beside its own import figure.
    expect(own.commodityScope).toBe('OWN');
    expect(own.commodityMonthly).toEqual([{ month: '2037-03', hsCode: '1206', valueYuan: '36000.00' }]);
    expect(own.assessments[0].actualImportTradeYuan).toBe('36000.00');
    const download = await get('/reports/trade-stats.csv?from=2037-01-01&to=2037-12-31&groupBy=MONTH', await tokenOf('ENTERPRISE', ids.a));
    expect(download.status).toBe(403);
  });

  it('shows on the report page the same quota figures as quotaStatus (one formula, SPEC §7)', async () => {
    const token = await tokenOf('COMMERCE');
    for (const asOf of ['2036-12-31', '2037-03-01', '2037-04-07', '2037-06-30', '2038-02-01']) {
      const page = JSON.parse((await get(`/reports/data.json?year=2037&asOf=${asOf}`, token)).body.toString('utf8')).quota;
      const q = (await hub.as('COMMERCE').gql(`query($asOf: Date) { quotaStatus(year: 2037, asOf: $asOf) { consumedYuan consumptionRatio projectedAnnualYuan warning } }`, { asOf })).data.quotaStatus;
      expect({ consumedYuan: page.consumedYuan, consumptionRatio: page.consumptionRatio, projectedAnnualYuan: page.projectedAnnualYuan, warning: page.warning }, asOf).toEqual(q);
    }
  });
});
