import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rows } from '../../../src/db/client';
import { landing, landingChain, marketSale, submit } from '../../support/customs';
import { withDatabase } from '../../support/global-setup';
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

    // a second crossing batch in the same month issues no second warning (SPEC §15) …
    await submit(customs(), [landing(chain, { declarantIdNumber: chain.members[2], declaredAt: '2031-06-20T10:00:00+08:00', lines: line('50.00') })]);
    expect(await warnings(2031)).toHaveLength(1);
    // … one in the next month, while the condition still holds, issues that month's warning:
    // 8,150.00 on 1 July, monthsElapsed 6 + 1/31, projected 8,150.00 × 12 × 31 ÷ 187 = 16,212.83
    await submit(customs(), [landing(chain, { declarantIdNumber: chain.members[2], declaredAt: '2031-07-01T10:00:00+08:00', lines: line('100.00') })]);
    expect(await warnings(2031)).toMatchObject([{ asOf: '2031-06-15' }, { asOf: '2031-07-01', consumedYuan: '8150.00', projectedAnnualYuan: '16212.83' }]);

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

  /**
   * The CLI registers quota's listener itself (src/modules/wiring.ts): without it, an import would
   * store the declarations and raise no warning. It runs in a child process against this file's
   * PostgreSQL database; on the embedded database it would need a fresh data directory of its own
   * (~1 GB, several seconds), so it runs where CI runs the suite, on PostgreSQL.
   */
  it.runIf(inject('testDb').kind === 'postgres')('raises the warning for declarations loaded by `npm run import -- declarations`', async () => {
    await plan(2038, '1000.00', '100000.00');
    const chain = await landingChain(hub.db, { validFrom: '2038-01-01', validTo: '2038-12-31' });
    const dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
    try {
      const file = join(dir, 'declarations.json');
      // 900.00 of 1,000.00 on 1 February: ratio 0.9, projected 900.00 × 12 ÷ (1 + 1/28) = 10,427.59 > plan
      writeFileSync(file, JSON.stringify([landing(chain, { declaredAt: '2038-02-01T10:00:00+08:00', lines: line('900.00') })]));
      const t = inject('testDb') as { url: string };
      const [{ name }] = await rows<{ name: string }>(hub.db, sql`select current_database() as name`) as [{ name: string }];
      const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', 'declarations', file], {
        env: { ...process.env, DATABASE_URL: withDatabase(t.url, name), DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      });
      expect(run.stdout).toMatch(/1 accepted, 0 duplicates, 0 rejected/);
      expect(await warnings(2038)).toMatchObject([{ year: 2038, asOf: '2038-02-01', consumedYuan: '900.00', consumptionRatio: 0.9, projectedAnnualYuan: '10427.59' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  const INSPECT = 'mutation($no: String!, $r: DeclarationStatus!) { recordInspectionResult(declarationNo: $no, result: $r) { status } }';
  it('keeps consumption right after inspection results stop goods (hand-computed)', async () => {
    await plan(2036, '10000.00', '50000.00');
    const chain = await landingChain(hub.db, { validFrom: '2036-01-01', validTo: '2036-12-31', members: 5 });
    const at = (d: string) => `2036-${d}T10:00:00+08:00`;
    const l = [
      landing(chain, { declarantIdNumber: chain.members[0], declaredAt: at('04-01'), lines: line('1000.00') }),
      landing(chain, { declarantIdNumber: chain.members[1], declaredAt: at('04-01'), lines: line('2000.00') }),
      landing(chain, { declarantIdNumber: chain.members[2], declaredAt: at('04-02'), lines: line('3000.00') }),
      landing(chain, { declarantIdNumber: chain.members[3], declaredAt: at('04-03'), lines: line('4000.00') }),
      landing(chain, { declarantIdNumber: chain.members[4], declaredAt: at('04-03'), lines: line('500.00') }),
    ];
    const m = marketSale({ declaredAt: at('04-02'), lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 1, valueYuan: '700.00' }] });
    expect(await submit(customs(), [...l, m])).toMatchObject({ accepted: 6 });
    expect(await status(2036, '2036-04-30')).toMatchObject({ consumedYuan: '10500.00', importConsumedYuan: '11200.00' });
    // INSPECTING and RELEASED still count; RETURNED, DESTROYED and a referral after release stop the goods.
    for (const [no, r] of [[l[0]!.declarationNo, 'INSPECTING'], [l[1]!.declarationNo, 'RETURNED'], [l[2]!.declarationNo, 'RELEASED'],
      [l[2]!.declarationNo, 'REFERRED_TO_ANTI_SMUGGLING'], [l[3]!.declarationNo, 'INSPECTING'], [l[3]!.declarationNo, 'DESTROYED'], [m.declarationNo, 'RELEASED']] as const) {
      expect((await customs().gql(INSPECT, { no, r })).errors).toBeUndefined();
    }
    // left: 1,000.00 (INSPECTING) + 500.00 (DECLARED) landing; + 700.00 (RELEASED) market sale
    expect(await status(2036, '2036-04-30')).toMatchObject({ consumedYuan: '1500.00', remainingYuan: '8500.00', importConsumedYuan: '2200.00' });
    expect(await status(2036, '2036-04-01')).toMatchObject({ consumedYuan: '1000.00', importConsumedYuan: '1000.00' });
    // up to 2 April: the stopped 3,000.00 of that day is out, the released 700.00 market sale counts
    expect(await status(2036, '2036-04-02')).toMatchObject({ consumedYuan: '1000.00', importConsumedYuan: '1700.00' });
    // a replayed stop changes nothing
    await customs().gql(INSPECT, { no: l[1]!.declarationNo, r: 'RETURNED' });
    expect(await status(2036, '2036-04-30')).toMatchObject({ consumedYuan: '1500.00', importConsumedYuan: '2200.00' });
  });

  it('keeps consumption right under concurrent batches sharing days and declarants (hand-computed)', async () => {
    await plan(2037, '1000000.00', '2000000.00');
    const chain = await landingChain(hub.db, { validFrom: '2037-01-01', validTo: '2037-12-31', members: 6 });
    const days = ['2037-02-10', '2037-02-11', '2037-02-12'];
    // 8 batches × 6 members × 3 days of 100.00 landing, in a different order per batch, + 2 market sales of 10.00 each
    const batches = Array.from({ length: 8 }, (_, b) => {
      const rowsIn = chain.members.flatMap((id, k) => days.map((d, j) => ({ k: (k * 3 + j + b * 5) % 18, row: landing(chain, { declarantIdNumber: id, declaredAt: `${d}T1${j}:00:00+08:00`, lines: line('100.00') }) })))
        .sort((x, y) => x.k - y.k).map((x) => x.row);
      if (b % 2) rowsIn.reverse();
      return [...rowsIn, ...days.slice(0, 2).map((d) => marketSale({ declaredAt: `${d}T12:00:00+08:00`, lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 1, valueYuan: '10.00' }] }))];
    });
    const results = await Promise.all(batches.map((b) => submit(customs(), b)));
    expect(results.map((r) => r.accepted)).toEqual(Array(8).fill(20));
    // landing: 8 × 18 × 100.00 = 14,400.00; all purposes: + 8 × 2 × 10.00 = 14,560.00
    expect(await status(2037, '2037-12-31')).toMatchObject({ consumedYuan: '14400.00', importConsumedYuan: '14560.00' });
    // up to 11 Feb: 8 × 12 × 100.00 = 9,600.00; + 8 × 2 × 10.00 = 9,760.00
    expect(await status(2037, '2037-02-11')).toMatchObject({ consumedYuan: '9600.00', importConsumedYuan: '9760.00' });
    // up to 10 Feb: 8 × 6 × 100.00 = 4,800.00; + 8 × 1 × 10.00 = 4,880.00
    expect(await status(2037, '2037-02-10')).toMatchObject({ consumedYuan: '4800.00', importConsumedYuan: '4880.00' });
  });

  it('reports consumption with null ratios and no warning for a year before any plan', async () => {
    // (declarations before the pilot are refused, so the year's consumption is zero; SPEC §15: later years inherit a plan)
    expect(await status(2024, '2024-05-31')).toMatchObject({
      plan: null, consumedYuan: '0.00', consumptionRatio: null, remainingYuan: null, warning: false,
      importConsumedYuan: '0.00', importConsumptionRatio: null, importRemainingYuan: null, monthsElapsed: 5,
    });
    expect(await warnings(2024)).toEqual([]);
  });
});
