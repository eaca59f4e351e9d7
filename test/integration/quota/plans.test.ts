import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landing, landingChain, submit } from '../../support/customs';
import { codeOf, startHub, type TestHub } from '../../support/hub';

/** SPEC §15: a plan carries over to the following years; warnings are issued and acknowledged. */
let hub: TestHub;
beforeAll(async () => { hub = await startHub({ dailyAllowanceYuan: '1000000000.00' }); });
afterAll(async () => { await hub?.close(); });

const PLAN = `mutation($input: AnnualPlanInput!) { setAnnualPlan(input: $input) { year } }`;
const GET = `query($y: Int!) { annualPlan(year: $y) { year inheritedFrom landingProcessingScaleYuan importScaleYuan warningRatio } }`;
const STATUS = `query($y: Int!, $a: Date) { quotaStatus(year: $y, asOf: $a) { consumptionRatio remainingYuan warning plan { year inheritedFrom } } }`;
const WARNINGS = `query($y: Int!) { earlyWarnings(year: $y) { id year asOf consumedYuan issuedTo issuedAt acknowledgedAt } }`;
const ACK = `mutation($id: ID!) { acknowledgeEarlyWarning(id: $id) { id acknowledgedAt } }`;
const line = (v: string) => [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 1, valueYuan: v }];
const commerce = () => hub.as('COMMERCE');

describe('a plan carries over (方案 四(一))', () => {
  it('gives 2027 the 2025 plan with inheritedFrom, and a year\'s own plan without it', async () => {
    expect((await hub.as('ANALYST').gql(GET, { y: 2027 })).data.annualPlan).toEqual({
      year: 2027, inheritedFrom: 2025, landingProcessingScaleYuan: '700000000.00', importScaleYuan: '1000000000.00', warningRatio: 0.8,
    });
    expect((await hub.as('ANALYST').gql(GET, { y: 2025 })).data.annualPlan).toMatchObject({ year: 2025, inheritedFrom: null });
    expect((await hub.as('ANALYST').gql(GET, { y: 2024 })).data.annualPlan).toBeNull();
  });

  it('takes the latest earlier plan, not the first', async () => {
    await commerce().gql(PLAN, { input: { year: 2050, landingProcessingScaleYuan: '1000.00', importScaleYuan: '5000.00' } });
    expect((await hub.as('ANALYST').gql(GET, { y: 2053 })).data.annualPlan).toMatchObject({ year: 2053, inheritedFrom: 2050, landingProcessingScaleYuan: '1000.00' });
    expect((await hub.as('ANALYST').gql(GET, { y: 2049 })).data.annualPlan).toMatchObject({ year: 2049, inheritedFrom: 2025 });
  });

  it('warns in 2027 with only the 2025 plan', async () => {
    // 2027 carries 2025's 700,000,000.00 landing-processing scale. 600,000,000.00 on 1 March:
    // ratio 0.857 ≥ 0.8, projected 600,000,000.00 × 12 × 31 ÷ 63 > plan.
    const chain = await landingChain(hub.db, { validFrom: '2027-01-01', validTo: '2027-12-31' });
    await submit(hub.as('CUSTOMS'), [landing(chain, { declaredAt: '2027-03-01T10:00:00+08:00', lines: line('600000000.00') })]);
    expect((await hub.as('CUSTOMS').gql(STATUS, { y: 2027, a: '2027-03-01' })).data.quotaStatus).toEqual({
      consumptionRatio: 0.8571, remainingYuan: '100000000.00', warning: true, plan: { year: 2027, inheritedFrom: 2025 },
    });
    const w = (await hub.as('CUSTOMS').gql(WARNINGS, { y: 2027 })).data.earlyWarnings;
    expect(w).toMatchObject([{ year: 2027, asOf: '2027-03-01', consumedYuan: '600000000.00', issuedTo: '阿拉山口市人民政府', acknowledgedAt: null }]);
    expect(w[0].issuedAt).toMatch(/\+08:00$/);
  });
});

describe('quotaStatus reads the plan in force with the sums', () => {
  it('in one statement, and sees a plan changed through the API or by SQL by hand with its next read', async () => {
    const Q = `query($y: Int!) { quotaStatus(year: $y, asOf: "2061-06-30") { consumptionRatio plan { year inheritedFrom landingProcessingScaleYuan } } }`;
    const status = () => hub.as('CUSTOMS').gql(Q, { y: 2061 });
    await commerce().gql(PLAN, { input: { year: 2060, landingProcessingScaleYuan: '1000.00', importScaleYuan: '5000.00' } });
    const first = await status();
    expect(first.data.quotaStatus.plan).toEqual({ year: 2061, inheritedFrom: 2060, landingProcessingScaleYuan: '1000.00' });
    // The year's sums and its plan in force in one statement.
    expect(first.statements).toBe(1);
    await commerce().gql(PLAN, { input: { year: 2061, landingProcessingScaleYuan: '2000.00', importScaleYuan: '5000.00' } });
    expect((await status()).data.quotaStatus.plan).toEqual({ year: 2061, inheritedFrom: null, landingProcessingScaleYuan: '2000.00' });
    await hub.db.execute(sql`update annual_plans set landing_processing_scale_yuan = 3000 where year = 2061`);
    expect((await status()).data.quotaStatus.plan).toEqual({ year: 2061, inheritedFrom: null, landingProcessingScaleYuan: '3000.00' });
    await hub.db.execute(sql`delete from annual_plans where year in (2060, 2061)`);
    expect((await status()).data.quotaStatus.plan).toEqual({ year: 2061, inheritedFrom: 2050, landingProcessingScaleYuan: '1000.00' });
  });
});

describe('warnings are issued and acknowledged', () => {
  it('lets commerce acknowledge a warning once, and nobody else', async () => {
    const [w] = (await hub.as('CUSTOMS').gql(WARNINGS, { y: 2027 })).data.earlyWarnings;
    expect(codeOf(await hub.as('CUSTOMS').gql(ACK, { id: w.id }))).toBe('FORBIDDEN');
    const first = (await commerce().gql(ACK, { id: w.id })).data.acknowledgeEarlyWarning;
    expect(first.acknowledgedAt).toMatch(/\+08:00$/);
    const again = (await commerce().gql(ACK, { id: w.id })).data.acknowledgeEarlyWarning;
    expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
    expect((await hub.as('CUSTOMS').gql(WARNINGS, { y: 2027 })).data.earlyWarnings[0].acknowledgedAt).toBe(first.acknowledgedAt);
    expect(codeOf(await commerce().gql(ACK, { id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(codeOf(await commerce().gql(ACK, { id: 'nope' }))).toBe('NOT_FOUND');
  });

  it('issues exactly one warning per month when concurrent batches cross together, one more in a later month', async () => {
    await commerce().gql(PLAN, { input: { year: 2060, landingProcessingScaleYuan: '1000.00', importScaleYuan: '100000.00' } });
    const chain = await landingChain(hub.db, { validFrom: '2060-01-01', validTo: '2060-12-31', members: 10 });
    await Promise.all(chain.members.map((id) => submit(hub.as('CUSTOMS'), [landing(chain, { declarantIdNumber: id, declaredAt: '2060-01-10T10:00:00+08:00', lines: line('100.00') })])));
    expect((await hub.as('CUSTOMS').gql(WARNINGS, { y: 2060 })).data.earlyWarnings).toHaveLength(1);
    // 2060-02-01: 1,010.00, ratio 1.01, projected 1,010.00 × 12 × 29 ÷ 30 > 1,000.00 → February's warning
    await submit(hub.as('CUSTOMS'), [landing(chain, { declaredAt: '2060-02-01T10:00:00+08:00', lines: line('10.00') })]);
    expect((await hub.as('CUSTOMS').gql(WARNINGS, { y: 2060 })).data.earlyWarnings).toMatchObject([{ asOf: '2060-01-10' }, { asOf: '2060-02-01', consumedYuan: '1010.00' }]);
  });
});
