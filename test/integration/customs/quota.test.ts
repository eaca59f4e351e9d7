import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landing, landingChain, marketSale, submit } from '../../support/customs';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';

/** Quota figures (SPEC §7) on small plans; the allowance is lifted so one declaration can move them. */
let hub: TestHub;
beforeAll(async () => { hub = await startHub({ dailyAllowanceYuan: '100000000.00' }); });
afterAll(async () => { await hub?.close(); });

const customs = () => hub.as('CUSTOMS');
const PLAN = `mutation($input: AnnualPlanInput!) { setAnnualPlan(input: $input) { year importScaleYuan landingProcessingScaleYuan warningRatio valueAddThreshold } }`;
const STATUS = `query($y: Int!, $a: Date) { quotaStatus(year: $y, asOf: $a) {
  year asOf monthsElapsed consumedYuan consumptionRatio projectedAnnualYuan remainingYuan warning
  importConsumedYuan importConsumptionRatio importProjectedAnnualYuan importRemainingYuan plan { year } } }`;
const WARNINGS = `query($y: Int!) { earlyWarnings(year: $y) { year asOf consumedYuan consumptionRatio projectedAnnualYuan raisedAt } }`;
const plan = (year: number, lp: string, imp: string) =>
  hub.as('COMMERCE').gql(PLAN, { input: { year, landingProcessingScaleYuan: lp, importScaleYuan: imp } });
const status = async (y: number, a: string) => (await customs().gql(STATUS, { y, a })).data.quotaStatus;
const line = (v: string) => [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 1, valueYuan: v }];
const warnings = async (y: number) => (await customs().gql(WARNINGS, { y })).data.earlyWarnings;

describe('annual plans', () => {
  it('has the 2025 plan from reference data', async () => {
    const r = await hub.as('ANALYST').gql('{ annualPlan(year: 2025) { importScaleYuan landingProcessingScaleYuan warningRatio valueAddThreshold } }');
    expect(r.data.annualPlan).toEqual({ importScaleYuan: '1000000000.00', landingProcessingScaleYuan: '700000000.00', warningRatio: 0.8, valueAddThreshold: 0.2 });
  });

  it('lets commerce set and replace a plan, and nobody else', async () => {
    expect((await plan(2040, '100.00', '200.00')).data.setAnnualPlan).toMatchObject({ year: 2040, landingProcessingScaleYuan: '100.00', warningRatio: 0.8 });
    expect((await plan(2040, '300.00', '400.00')).data.setAnnualPlan).toMatchObject({ landingProcessingScaleYuan: '300.00', importScaleYuan: '400.00' });
    expect(codeOf(await customs().gql(PLAN, { input: { year: 2040, landingProcessingScaleYuan: '1.00', importScaleYuan: '1.00' } }))).toBe('FORBIDDEN');
    expect(reasonOf(await plan(2040, '-1.00', '1.00'))).toBe('NEGATIVE_AMOUNT');
  });

  it('keeps quota aggregates from enterprises and cooperatives but shows them the plan (SPEC §9)', async () => {
    for (const [agency, org] of [['ENTERPRISE', '00000000-0000-0000-0000-000000000001'], ['COOPERATIVE', '00000000-0000-0000-0000-000000000002']] as const) {
      const r = await hub.as(agency, org).gql('{ quotaStatus(year: 2025) { consumedYuan } earlyWarnings(year: 2025) { year } annualPlan(year: 2025) { year } }');
      expect(r.data.quotaStatus, agency).toBeNull();
      expect(r.data.earlyWarnings, agency).toBeNull();
      expect(r.errors!.map((e) => [e.path!.join('.'), e.extensions.code]).sort(), agency).toEqual([['earlyWarnings', 'FORBIDDEN'], ['quotaStatus', 'FORBIDDEN']]);
      expect(r.data.annualPlan.year).toBe(2025);
    }
  });
});

describe('quotaStatus around the 80% line (hand-computed)', () => {
  it('computes the figures, warns from exactly 80% with an over-plan projection, and stores one warning', async () => {
    await plan(2031, '10000.00', '20000.00');
    const chain = await landingChain(hub.db, { validFrom: '2031-01-01', validTo: '2033-12-31' });
    // 2031-06-15: monthsElapsed = 5 + 15/30 = 5.5
    await submit(customs(), [
      landing(chain, { declaredAt: '2031-06-15T10:00:00+08:00', lines: line('7999.99') }),
      marketSale({ declaredAt: '2031-06-15T10:00:00+08:00', lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 1, valueYuan: '1000.00' }] }),
    ]);
    expect(await status(2031, '2031-06-15')).toEqual({
      year: 2031, asOf: '2031-06-15', monthsElapsed: 5.5, plan: { year: 2031 },
      consumedYuan: '7999.99', consumptionRatio: 0.8, // 0.799999 rounds to 0.8 for display …
      projectedAnnualYuan: '17454.52', // 7999.99 × 12 ÷ 5.5 = 17454.5236…
      remainingYuan: '2000.01',
      warning: false, // … but the line is crossed only at 8,000.00 exactly
      importConsumedYuan: '8999.99', importConsumptionRatio: 0.45, importProjectedAnnualYuan: '19636.34', importRemainingYuan: '11000.01',
    });
    expect(await warnings(2031)).toEqual([]);

    const cent = landing(chain, { declarantIdNumber: chain.members[1], declaredAt: '2031-06-15T11:00:00+08:00', lines: line('0.01') });
    await submit(customs(), [cent]);
    const s = await status(2031, '2031-06-15');
    expect(s).toMatchObject({ consumedYuan: '8000.00', consumptionRatio: 0.8, projectedAnnualYuan: '17454.55', remainingYuan: '2000.00', warning: true });
    expect(await warnings(2031)).toMatchObject([{ year: 2031, asOf: '2031-06-15', consumedYuan: '8000.00', consumptionRatio: 0.8, projectedAnnualYuan: '17454.55' }]);

    // the day before: nothing declared yet; monthsElapsed = 5 + 14/30
    expect(await status(2031, '2031-06-14')).toMatchObject({ consumedYuan: '0.00', monthsElapsed: 5.4667, projectedAnnualYuan: '0.00', warning: false });
    // year end: 12 months, projection = consumption, not over plan → no warning
    expect(await status(2031, '2031-12-31')).toMatchObject({ monthsElapsed: 12, consumedYuan: '8000.00', projectedAnnualYuan: '8000.00', warning: false });
    expect(await status(2031, '2032-03-01')).toMatchObject({ monthsElapsed: 12, consumedYuan: '8000.00', projectedAnnualYuan: '8000.00' });
    // before the year: all zero
    expect(await status(2031, '2030-12-31')).toMatchObject({ monthsElapsed: 0, consumedYuan: '0.00', consumptionRatio: 0, projectedAnnualYuan: '0.00', warning: false, importConsumedYuan: '0.00' });

    // a second crossing batch stores no second warning
    await submit(customs(), [landing(chain, { declarantIdNumber: chain.members[2], declaredAt: '2031-07-01T10:00:00+08:00', lines: line('100.00') })]);
    expect(await warnings(2031)).toHaveLength(1);

    // stopped goods leave the quota
    await customs().gql('mutation($no: String!) { recordInspectionResult(declarationNo: $no, result: RETURNED) { status } }', { no: cent.declarationNo });
    expect(await status(2031, '2031-06-15')).toMatchObject({ consumedYuan: '7999.99', warning: false });
  });

  it('needs the projection strictly above the plan: equal does not warn', async () => {
    await plan(2032, '12000.00', '100000.00');
    const chain = await landingChain(hub.db, { validFrom: '2031-01-01', validTo: '2033-12-31' });
    // 2032-10-31: monthsElapsed = 9 + 31/31 = 10; 10,000.00 ÷ 10 × 12 = 12,000.00 = plan; ratio 0.8333
    await submit(customs(), [landing(chain, { declaredAt: '2032-10-31T09:00:00+08:00', lines: line('10000.00') })]);
    expect(await status(2032, '2032-10-31')).toMatchObject({ monthsElapsed: 10, consumptionRatio: 0.8333, projectedAnnualYuan: '12000.00', warning: false });
    expect(await warnings(2032)).toEqual([]);
    await submit(customs(), [landing(chain, { declarantIdNumber: chain.members[1], declaredAt: '2032-10-31T10:00:00+08:00', lines: line('0.01') })]);
    expect(await status(2032, '2032-10-31')).toMatchObject({ projectedAnnualYuan: '12000.01', warning: true });
    expect(await warnings(2032)).toMatchObject([{ asOf: '2032-10-31', consumedYuan: '10000.01' }]);
  });

  it('evaluates at the latest Beijing date of the batch for the year', async () => {
    await plan(2034, '1000.00', '100000.00');
    const chain = await landingChain(hub.db, { validFrom: '2034-01-01', validTo: '2034-12-31' });
    await submit(customs(), [
      landing(chain, { declaredAt: '2034-03-20T15:30:00Z', lines: line('500.00') }), // 23:30 on 20 March in Beijing
      landing(chain, { declarantIdNumber: chain.members[1], declaredAt: '2034-03-01T10:00:00+08:00', lines: line('400.00') }),
    ]);
    expect(await warnings(2034)).toMatchObject([{ asOf: '2034-03-20', consumedYuan: '900.00', consumptionRatio: 0.9 }]);
  });

  it('stores exactly one warning when concurrent batches cross the line together', async () => {
    await plan(2033, '1000.00', '100000.00');
    const chain = await landingChain(hub.db, { validFrom: '2031-01-01', validTo: '2033-12-31', members: 12 });
    await Promise.all(chain.members.map((id) => submit(customs(), [landing(chain, { declarantIdNumber: id, declaredAt: '2033-01-10T10:00:00+08:00', lines: line('100.00') })])));
    const w = await warnings(2033);
    expect(w).toHaveLength(1);
    expect(Number(w[0].consumedYuan)).toBeGreaterThanOrEqual(800);
    expect(await status(2033, '2033-01-10')).toMatchObject({ consumedYuan: '1200.00', warning: true });
  });

  it('reports consumption with null ratios and no warning for a year without a plan', async () => {
    await submit(customs(), [marketSale({ declaredAt: '2039-05-01T10:00:00+08:00', lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 1, valueYuan: '123.45' }] })]);
    expect(await status(2039, '2039-05-31')).toMatchObject({
      plan: null, consumedYuan: '0.00', consumptionRatio: null, remainingYuan: null, warning: false,
      importConsumedYuan: '123.45', importConsumptionRatio: null, importRemainingYuan: null, monthsElapsed: 5,
    });
    expect(await warnings(2039)).toEqual([]);
  });
});
