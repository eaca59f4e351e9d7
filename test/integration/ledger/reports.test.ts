import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerImport } from '../../../src/modules/ledger/import';
import { ledgerEntriesTable, monthlyReportsTable } from '../../../src/modules/ledger/table';
import { enterprisesTable } from '../../../src/modules/registry/table';
import { taxRecordsImport } from '../../../src/modules/tax/import';
import { parseCsv } from '../../../src/shared/csv';
import { beijingPeriod } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { inboundDeclarationNo } from '../../support/reports-fixtures';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const SUBMIT_LEDGER = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) { accepted rejected rows { reason } } }`;
const SUBMIT_REPORT = `mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) {
  id period submittedAt revisedAt dueDate isLate valueAddRate lossRate rawPurchasedYuan salesYuan discrepancies { field reported ledger } } }`;
const LIST_REPORTS = `query($f: MonthlyReportFilter) { monthlyReports(filter: $f, first: 100) { totalCount edges { node { period isLate enterprise { id } } } } }`;

let n = 0;
const report = (period: string, over: Record<string, unknown> = {}) => ({
  period, rawPurchasedKg: 1000, rawPurchasedYuan: '8000.00', rawConsumedKg: 750, rawConsumedYuan: '6000.00',
  productOutputKg: 300, productOutputYuan: '7500.00', salesKg: 110, salesYuan: '2580.10', inventoryKg: 250, lossKg: 25, ...over,
});
/** RAW_IN rows link `inbound`: a landing-processing declaration destined to the enterprise. */
const e2 = (kind: string, occurredOn: string, quantityKg: number, amountYuan: string, inbound?: string) => ({
  kind, occurredOn, quantityKg, amountYuan, hsCode: '1206', externalRef: `r-${++n}`, ...(inbound ? { declarationNos: [inbound] } : {}),
});

describe('submitMonthlyReport (附件5 三(二); SPEC §6, §7, §12)', () => {
  it('computes the report\'s own rates, due date and lateness, and lists figures that differ from the ledger by more than 0.5%', async () => {
    const e = await f.enterprise(hub.db);
    const no = await inboundDeclarationNo(hub.db, e.id);
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT_LEDGER, { input: [
      e2('RAW_IN', '2025-04-02', 1000, '8000.00', no),
      e2('RAW_CONSUMED', '2025-04-10', 750, '6000.00'),
      e2('PRODUCT_OUTPUT', '2025-04-20', 300, '7537.51'), // report says 7500.00: 0.4977% off → within tolerance
      e2('PRODUCT_SOLD', '2025-04-25', 100, '2500.10'),
      e2('RAW_SOLD', '2025-04-26', 10, '80.00'), // sales = 2580.10 ✓, 110 kg ✓
      e2('LOSS', '2025-04-30', 20, '160.00'), // report says 25 kg → discrepancy
    ] });
    const r = await hub.as('ENTERPRISE', e.id).gql(SUBMIT_REPORT, { input: report('2025-04') });
    expect(r.errors).toBeUndefined();
    const m = r.data.submitMonthlyReport;
    // (7500 − 6000) / 6000 = 0.25; 25 / 1000 = 0.025
    expect(m).toMatchObject({ period: '2025-04', dueDate: '2025-05-12', isLate: true, valueAddRate: 0.25, lossRate: 0.025, revisedAt: null });
    expect(m.discrepancies).toEqual([{ field: 'lossKg', reported: '25.000', ledger: '20.000' }]);
  });

  it('a report for the current month is not late; a resubmission replaces the figures, sets revisedAt and keeps submittedAt', async () => {
    const e = await f.enterprise(hub.db);
    const period = beijingPeriod(new Date());
    const first = (await hub.as('ENTERPRISE', e.id).gql(SUBMIT_REPORT, { input: report(period) })).data.submitMonthlyReport;
    expect(first.isLate).toBe(false);
    const second = (await hub.as('ENTERPRISE', e.id).gql(SUBMIT_REPORT, { input: report(period, { rawPurchasedYuan: '9000.50', rawConsumedYuan: '0' }) })).data.submitMonthlyReport;
    expect(second.id).toBe(first.id);
    expect(second.submittedAt).toBe(first.submittedAt);
    expect(second.revisedAt).not.toBeNull();
    expect(second.rawPurchasedYuan).toBe('9000.50');
    expect(second.valueAddRate).toBeNull();
    expect(await hub.db.select().from(monthlyReportsTable).where(eq(monthlyReportsTable.enterpriseId, e.id))).toHaveLength(1);
  });

  it('a late first submission stays late after an on-time-looking revision', async () => {
    const e = await f.enterprise(hub.db);
    await hub.db.insert(monthlyReportsTable).values({
      enterpriseId: e.id, period: '2025-05', submittedAt: new Date('2025-06-12T10:00:00+08:00'), source: 'ENTERPRISE',
      rawPurchasedKg: '0', rawPurchasedYuan: '0', rawConsumedKg: '0', rawConsumedYuan: '0', productOutputKg: '0', productOutputYuan: '0',
      salesKg: '0', salesYuan: '0', inventoryKg: '0', lossKg: '0',
    });
    const r = (await hub.as('ENTERPRISE', e.id).gql(SUBMIT_REPORT, { input: report('2025-05') })).data.submitMonthlyReport;
    expect(r).toMatchObject({ dueDate: '2025-06-11', isLate: true, submittedAt: '2025-06-12T10:00:00.000+08:00' });
  });

  it('rejects negative figures, future periods and reports for another enterprise', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const neg = await hub.as('ENTERPRISE', a.id).gql(SUBMIT_REPORT, { input: report('2025-04', { lossKg: -1 }) });
    expect([codeOf(neg), reasonOf(neg), neg.errors![0]!.extensions.field]).toEqual(['BAD_USER_INPUT', 'NEGATIVE_AMOUNT', 'lossKg']);
    const negYuan = await hub.as('ENTERPRISE', a.id).gql(SUBMIT_REPORT, { input: report('2025-04', { salesYuan: '-0.01' }) });
    expect(reasonOf(negYuan)).toBe('NEGATIVE_AMOUNT');
    const future = await hub.as('ENTERPRISE', a.id).gql(SUBMIT_REPORT, { input: report('2099-01') });
    expect(reasonOf(future)).toBe('INVALID_VALUE');
    const other = await hub.as('ENTERPRISE', a.id).gql(SUBMIT_REPORT, { input: { ...report('2025-04'), enterpriseId: b.id } });
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(await hub.db.select().from(monthlyReportsTable).where(eq(monthlyReportsTable.enterpriseId, b.id))).toHaveLength(0);
    const customs = await hub.as('CUSTOMS').gql(SUBMIT_REPORT, { input: { ...report('2025-04'), enterpriseId: b.id } });
    expect(codeOf(customs)).toBe('FORBIDDEN');
  });

  it('commerce submits on behalf of an enterprise', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('COMMERCE').gql(SUBMIT_REPORT, { input: { ...report('2025-06'), enterpriseId: e.id } });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitMonthlyReport.dueDate).toBe('2025-07-10');
  });
});

describe('monthlyReports (row scope, late filter)', () => {
  it('an enterprise lists only its own reports; commerce filters by enterprise, period and lateness', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    await hub.as('ENTERPRISE', a.id).gql(SUBMIT_REPORT, { input: report('2025-07') });
    await hub.as('ENTERPRISE', b.id).gql(SUBMIT_REPORT, { input: report('2025-07') });
    await hub.as('ENTERPRISE', b.id).gql(SUBMIT_REPORT, { input: report(beijingPeriod(new Date())) });
    const own = await hub.as('ENTERPRISE', a.id).gql(LIST_REPORTS, {});
    expect(own.data.monthlyReports.edges.map((x: any) => x.node.enterprise.id)).toEqual([a.id]);
    const peek = await hub.as('ENTERPRISE', a.id).gql(LIST_REPORTS, { f: { enterpriseId: b.id } });
    expect(peek.data.monthlyReports.totalCount).toBe(0);
    const late = await hub.as('COMMERCE').gql(LIST_REPORTS, { f: { enterpriseId: b.id, late: true } });
    expect(late.data.monthlyReports.edges.map((x: any) => [x.node.period, x.node.isLate])).toEqual([['2025-07', true]]);
    const onTime = await hub.as('COMMERCE').gql(LIST_REPORTS, { f: { enterpriseId: b.id, late: false } });
    expect(onTime.data.monthlyReports.edges.map((x: any) => x.node.isLate)).toEqual([false]);
    const byPeriod = await hub.as('TAX').gql(LIST_REPORTS, { f: { enterpriseId: b.id, period: '2025-07', late: true } });
    expect(byPeriod.data.monthlyReports.totalCount).toBe(1);
  });

  it('customs and analysts may not read monthly reports; market regulation may (SPEC §13: the write-off)', async () => {
    for (const agency of ['CUSTOMS', 'ANALYST'] as const) {
      expect(codeOf(await hub.as(agency).gql(LIST_REPORTS, {})), agency).toBe('FORBIDDEN');
    }
    const mr = await hub.as('MARKET_REGULATION').gql(LIST_REPORTS, {});
    expect(mr.errors).toBeUndefined();
    expect(mr.data.monthlyReports.totalCount).toBeGreaterThan(0);
  });
});

describe('working-day calendar (reference data, setCalendarDays, holidays)', () => {
  const HOLIDAYS = `query($y: Int!) { holidays(year: $y) { date kind name } }`;
  const SET = `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) { date kind name } }`;

  it('is loaded from the reference file and readable by every agency', async () => {
    for (const agency of ['ANALYST', 'CUSTOMS', 'AUDITOR'] as const) {
      const r = await hub.as(agency).gql(HOLIDAYS, { y: 2025 });
      expect(r.errors).toBeUndefined();
      expect(r.data.holidays).toContainEqual({ date: '2025-06-10', kind: 'HOLIDAY', name: '古尔邦节 (Xinjiang)' });
      expect(r.data.holidays).toContainEqual({ date: '2025-10-11', kind: 'MAKEUP_WORKDAY', name: '国庆调休' });
    }
  });

  it('commerce adds a Xinjiang festival day and due dates move with it; others may not', async () => {
    const e = await f.enterprise(hub.db);
    const before = (await hub.as('ENTERPRISE', e.id).gql(SUBMIT_REPORT, { input: report('2024-02') })).data.submitMonthlyReport;
    expect(before.dueDate).toBe('2024-03-11'); // 03-10 is a Sunday
    const denied = await hub.as('ENTERPRISE', e.id).gql(SET, { input: [{ date: '2024-03-11', kind: 'HOLIDAY', name: 'x' }] });
    expect(codeOf(denied)).toBe('FORBIDDEN');
    const r = await hub.as('COMMERCE').gql(SET, { input: [{ date: '2024-03-11', kind: 'HOLIDAY', name: '测试节 (Xinjiang)' }] });
    expect(r.data.setCalendarDays).toEqual([{ date: '2024-03-11', kind: 'HOLIDAY', name: '测试节 (Xinjiang)' }]);
    const after = await hub.as('COMMERCE').gql(LIST_REPORTS.replace('period isLate', 'period isLate dueDate'), { f: { enterpriseId: e.id } });
    expect(after.data.monthlyReports.edges[0].node.dueDate).toBe('2024-03-12');
  });
});

describe('ledgerSummaries (SPEC §6: the tax pull)', () => {
  const SUMMARIES = `query($p: Period!, $ids: [ID!], $since: DateTime) { ledgerSummaries(period: $p, enterpriseIds: $ids, updatedSince: $since) {
    enterpriseId period rawInKg rawInYuan rawConsumedYuan productOutputYuan productSoldYuan rawSoldYuan lossKg entryCount
    valueAddRate lossRate meetsValueAddThreshold reportDueDate reportSubmitted reportOnTime reportLate } }`;

  it('gives per-enterprise totals, rates and report status for a month', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const no = await inboundDeclarationNo(hub.db, a.id);
    await hub.as('ENTERPRISE', a.id).gql(SUBMIT_LEDGER, { input: [
      e2('RAW_IN', '2025-08-01', 500, '4000.00', no), e2('RAW_CONSUMED', '2025-08-02', 400, '3000.00'),
      e2('PRODUCT_OUTPUT', '2025-08-31', 200, '3500.00'), e2('RAW_SOLD', '2025-08-15', 50, '400.00'),
      e2('LOSS', '2025-08-16', 7.5, '60.00'), e2('RAW_IN', '2025-09-01', 1, '1.00', no),
    ] });
    await hub.db.insert(monthlyReportsTable).values({
      enterpriseId: a.id, period: '2025-08', submittedAt: new Date('2025-09-10T23:59:00+08:00'), source: 'ENTERPRISE',
      rawPurchasedKg: '0', rawPurchasedYuan: '0', rawConsumedKg: '0', rawConsumedYuan: '0', productOutputKg: '0', productOutputYuan: '0',
      salesKg: '0', salesYuan: '0', inventoryKg: '0', lossKg: '0',
    });
    const r = await hub.as('TAX').gql(SUMMARIES, { p: '2025-08', ids: [a.id, b.id] });
    expect(r.errors).toBeUndefined();
    const byId = new Map(r.data.ledgerSummaries.map((s: any) => [s.enterpriseId, s]));
    // (3500 − 3000) / 3000 = 0.16666… → 0.1667: below 20%; 7.5 / 500 = 0.015
    expect(byId.get(a.id)).toEqual({
      enterpriseId: a.id, period: '2025-08', rawInKg: 500, rawInYuan: '4000.00', rawConsumedYuan: '3000.00', productOutputYuan: '3500.00',
      productSoldYuan: '0.00', rawSoldYuan: '400.00', lossKg: 7.5, entryCount: 5, valueAddRate: 0.1667, lossRate: 0.015,
      meetsValueAddThreshold: false, reportDueDate: '2025-09-10', reportSubmitted: true, reportOnTime: true, reportLate: false,
    });
    expect(byId.get(b.id)).toMatchObject({ entryCount: 0, valueAddRate: null, reportSubmitted: false, reportOnTime: false, reportLate: true });
  });

  it('updatedSince keeps only enterprises whose period entries or report changed since', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    await hub.as('ENTERPRISE', a.id).gql(SUBMIT_LEDGER, { input: [e2('RAW_CONSUMED', '2025-10-03', 1, '1.00')] });
    // updated_at is stored to the millisecond, rounded: leave a margin before taking the sync point.
    await new Promise((r) => setTimeout(r, 5));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await hub.as('ENTERPRISE', b.id).gql(SUBMIT_LEDGER, { input: [e2('RAW_CONSUMED', '2025-10-03', 1, '1.00')] });
    const r = await hub.as('TAX').gql(SUMMARIES, { p: '2025-10', ids: [a.id, b.id], since });
    expect(r.data.ledgerSummaries.map((s: any) => s.enterpriseId)).toEqual([b.id]);
  });

  it('computes and sends only the sums asked; the answer is the one every sum gives, through a fragment or not', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const no = await inboundDeclarationNo(hub.db, a.id);
    await hub.as('ENTERPRISE', a.id).gql(SUBMIT_LEDGER, { input: [
      e2('RAW_IN', '2025-08-01', 500, '4000.00', no), e2('RAW_CONSUMED', '2025-08-02', 400, '3000.00'),
      e2('PRODUCT_OUTPUT', '2025-08-31', 200, '3500.00'), e2('RAW_SOLD', '2025-08-15', 50, '400.00'), e2('LOSS', '2025-08-16', 7.5, '60.00'),
    ] });
    // The tax pull's selection: one sum, and the rates whose inputs it does not ask.
    const FIELDS = 'enterpriseId rawSoldYuan valueAddRate lossRate meetsValueAddThreshold lossAboveDeclared reportLate';
    const plain = `query($p: Period!, $ids: [ID!]) { ledgerSummaries(period: $p, enterpriseIds: $ids) { ${FIELDS} } }`;
    const viaFragment = `query($p: Period!, $ids: [ID!]) { ledgerSummaries(period: $p, enterpriseIds: $ids) { ...S } } fragment S on LedgerSummary { ${FIELDS} }`;
    const vars = { p: '2025-08', ids: [a.id, b.id] };
    const slim = await hub.countStatements(() => hub.as('TAX').gql(plain, vars));
    const whole = await hub.countStatements(() => hub.as('TAX').gql(viaFragment, vars));
    expect(slim.result.errors).toBeUndefined();
    expect(slim.result.data).toEqual(whole.result.data);
    const byId = new Map(slim.result.data.ledgerSummaries.map((s: any) => [s.enterpriseId, s]));
    expect(byId.get(a.id)).toMatchObject({ rawSoldYuan: '400.00', valueAddRate: 0.1667, lossRate: 0.015, meetsValueAddThreshold: false });
    expect(byId.get(b.id)).toMatchObject({ rawSoldYuan: '0.00', valueAddRate: null, lossRate: null });
    const summaryStatement = (statements: string[]) => statements.find((t) => t.includes('"calendarHeld"') || t.includes('"enterpriseUscc"'))!;
    expect(summaryStatement(slim.statements)).not.toContain('"productSoldKg"');
    expect(summaryStatement(slim.statements)).not.toContain('"entryCount"');
    expect(summaryStatement(whole.statements)).toContain('"productSoldKg"');
    // Every sum asked in another order and with aliases: the same values as the full test above computes.
    const all = await hub.as('TAX').gql(`query($p: Period!, $ids: [ID!]) { ledgerSummaries(period: $p, enterpriseIds: $ids) {
      entryCount n: lossYuan enterpriseId lossKg productSoldKg rawInYuan rawConsumedKg } }`, vars);
    expect(all.data.ledgerSummaries.find((s: any) => s.enterpriseId === a.id)).toEqual({
      entryCount: 5, n: '60.00', enterpriseId: a.id, lossKg: 7.5, productSoldKg: 0, rawInYuan: '4000.00', rawConsumedKg: 400,
    });
  });

  it('customs reads summaries; analysts and cooperatives may not; an enterprise gets only its own', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const customs = await hub.as('CUSTOMS').gql(SUMMARIES, { p: '2025-08', ids: [a.id, b.id] });
    expect(customs.errors).toBeUndefined();
    expect(customs.data.ledgerSummaries).toHaveLength(2);
    expect(codeOf(await hub.as('ANALYST').gql(SUMMARIES, { p: '2025-08' }))).toBe('FORBIDDEN');
    const c = await f.cooperative(hub.db);
    expect(codeOf(await hub.as('COOPERATIVE', c.id).gql(SUMMARIES, { p: '2025-08' }))).toBe('FORBIDDEN');
    const own = await hub.as('ENTERPRISE', a.id).gql(SUMMARIES, { p: '2025-08', ids: [a.id, b.id] });
    expect(own.data.ledgerSummaries.map((s: any) => s.enterpriseId)).toEqual([a.id]);
    const all = await hub.as('ENTERPRISE', a.id).gql(SUMMARIES, { p: '2025-08' });
    expect(all.data.ledgerSummaries.map((s: any) => s.enterpriseId)).toEqual([a.id]);
  });

  it('costs the same number of SQL statements for 1 and 1,000 enterprises', async () => {
    // Bulk rows straight into the tables: this test is about the read path, not the writes.
    const es = await hub.db.insert(enterprisesTable).values(Array.from({ length: 1000 }, (_, i) => {
      const uscc = f.uniqueUscc();
      return { filingNo: `T-${uscc}`, name: `汇总测试企业${i}`, uscc, legalRepName: '测试', county: '652702', taxpayerType: 'GENERAL' as const, status: 'FILED' as const, source: 'COMMERCE' as const };
    })).returning({ id: enterprisesTable.id });
    await hub.db.insert(ledgerEntriesTable).values(es.flatMap((e, i) => [
      { enterpriseId: e.id, occurredOn: '2025-11-03', kind: 'RAW_CONSUMED' as const, hsCode: '1206', quantityKg: '10', amountYuan: '100.00', externalRef: `bulk-c-${i}`, contentHash: 'x', source: 'ENTERPRISE' as const },
      { enterpriseId: e.id, occurredOn: '2025-11-04', kind: 'PRODUCT_OUTPUT' as const, hsCode: '1206', quantityKg: '5', amountYuan: '130.00', externalRef: `bulk-o-${i}`, contentHash: 'x', source: 'ENTERPRISE' as const },
    ]));
    const q = `query($ids: [ID!]) { ledgerSummaries(period: "2025-11", enterpriseIds: $ids) { enterpriseId valueAddRate reportLate enterprise { name } } }`;
    const one = await hub.as('TAX').gql(q, { ids: [es[0]!.id] });
    const many = await hub.as('TAX').gql(q, { ids: es.map((e) => e.id) });
    expect(many.data.ledgerSummaries).toHaveLength(1000);
    expect(many.data.ledgerSummaries.every((s: any) => s.valueAddRate === 0.3)).toBe(true);
    expect(one.statements).toBeGreaterThan(0);
    expect(many.statements).toBe(one.statements);
    // and without a list: every enterprise, still the same count
    const all = await hub.as('TAX').gql(q, {});
    expect(all.data.ledgerSummaries.length).toBeGreaterThanOrEqual(1000);
    expect(all.statements).toBe(one.statements);
  });
});

describe('quarterly reports (附件4 三: cooperatives\' 购销报表)', () => {
  const SUBMIT_Q = `mutation($input: QuarterlyReportInput!) { submitQuarterlyReport(input: $input) { id quarter purchasedYuan soldYuan dividendYuan submittedAt revisedAt cooperative { id } enterprise { id } } }`;
  const LIST_Q = `query($f: QuarterlyReportFilter) { quarterlyReports(filter: $f) { totalCount edges { node { quarter soldYuan } } } }`;
  const q = (over: Record<string, unknown> = {}) => ({ quarter: '2025-Q2', purchasedKg: 100, purchasedYuan: '800.00', soldKg: 100, soldYuan: '900.00', dividendYuan: '50.00', ...over });

  it('a cooperative submits and revises its own report; commerce reads it; another cooperative does not see it', async () => {
    const [c, d] = [await f.cooperative(hub.db), await f.cooperative(hub.db)];
    const first = (await hub.as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q() })).data.submitQuarterlyReport;
    expect(first).toMatchObject({ quarter: '2025-Q2', cooperative: { id: c.id }, enterprise: null, revisedAt: null });
    const second = (await hub.as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q({ soldYuan: '950.00' }) })).data.submitQuarterlyReport;
    expect([second.id, second.submittedAt, second.soldYuan]).toEqual([first.id, first.submittedAt, '950.00']);
    expect(second.revisedAt).not.toBeNull();
    const commerce = await hub.as('COMMERCE').gql(LIST_Q, { f: { cooperativeId: c.id } });
    expect(commerce.data.quarterlyReports.edges.map((x: any) => x.node.soldYuan)).toEqual(['950.00']);
    const other = await hub.as('COOPERATIVE', d.id).gql(LIST_Q, { f: { cooperativeId: c.id } });
    expect(other.data.quarterlyReports.totalCount).toBe(0);
  });

  it('an enterprise submits its own quarterly report; tax and customs may not submit, bad quarters are refused', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('ENTERPRISE', e.id).gql(SUBMIT_Q, { input: q({ dividendYuan: null }) });
    expect(r.data.submitQuarterlyReport.enterprise.id).toBe(e.id);
    expect(codeOf(await hub.as('TAX').gql(SUBMIT_Q, { input: q() }))).toBe('FORBIDDEN');
    expect(reasonOf(await hub.as('ENTERPRISE', e.id).gql(SUBMIT_Q, { input: q({ quarter: '2025-Q5' }) }))).toBe('INVALID_VALUE');
    expect(reasonOf(await hub.as('ENTERPRISE', e.id).gql(SUBMIT_Q, { input: q({ soldKg: -1 }) }))).toBe('NEGATIVE_AMOUNT');
  });
});

describe('tax records (SPEC §6, §9)', () => {
  const SUBMIT_TAX = `mutation($input: [TaxRecordInput!]!) { submitTaxRecords(input: $input) { accepted duplicates rejected rows { status reason key } } }`;
  const FULL = `query($f: TaxRecordFilter) { taxRecords(filter: $f) { totalCount edges { node { period vatPaidYuan salesInvoicedYuan outputVatYuan inputVatYuan agriculturalInputDeductionYuan filedAt enterprise { id } } } } }`;
  const rec = (enterpriseId: string, over: Record<string, unknown> = {}) => ({
    enterpriseId, period: '2025-03', salesInvoicedYuan: '100000.00', outputVatYuan: '9000.00', inputVatYuan: '2000.00',
    agriculturalInputDeductionYuan: '1500.00', vatPaidYuan: '5500.00', filedAt: '2025-04-15T10:00:00+08:00', ...over,
  });

  it('tax submits records idempotently by enterprise + period; different content is a KEY_CONFLICT', async () => {
    const e = await f.enterprise(hub.db);
    const r1 = await hub.as('TAX').gql(SUBMIT_TAX, { input: [rec(e.id), rec(e.id, { period: '2025-04' })] });
    expect(r1.data.submitTaxRecords).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    const r2 = await hub.as('TAX').gql(SUBMIT_TAX, { input: [rec(e.id), rec(e.id, { vatPaidYuan: '1.00' }), rec(e.id, { vatPaidYuan: '-1.00', period: '2025-05' })] });
    expect(r2.data.submitTaxRecords.rows.map((x: any) => [x.status, x.reason])).toEqual([
      ['DUPLICATE', null], ['REJECTED', 'KEY_CONFLICT'], ['REJECTED', 'NEGATIVE_AMOUNT'],
    ]);
    expect(r2.data.submitTaxRecords.rows[0].key).toBe(`${e.id}:2025-03`);
    const full = await hub.as('TAX').gql(FULL, { f: { enterpriseId: e.id, period: '2025-03' } });
    expect(full.data.taxRecords.edges[0].node).toEqual({
      period: '2025-03', vatPaidYuan: '5500.00', salesInvoicedYuan: '100000.00', outputVatYuan: '9000.00', inputVatYuan: '2000.00',
      agriculturalInputDeductionYuan: '1500.00', filedAt: '2025-04-15T10:00:00.000+08:00', enterprise: { id: e.id },
    });
  });

  it('commerce sees period and vatPaidYuan only: every other field is FORBIDDEN', async () => {
    const e = await f.enterprise(hub.db);
    await hub.as('TAX').gql(SUBMIT_TAX, { input: [rec(e.id)] });
    const ok = await hub.as('COMMERCE').gql(`query($f: TaxRecordFilter) { taxRecords(filter: $f) { edges { node { period vatPaidYuan } } } }`, { f: { enterpriseId: e.id } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.taxRecords.edges[0].node).toEqual({ period: '2025-03', vatPaidYuan: '5500.00' });
    const r = await hub.as('COMMERCE').gql(FULL, { f: { enterpriseId: e.id } });
    const node = r.data.taxRecords.edges[0].node;
    expect(node).toEqual({ period: '2025-03', vatPaidYuan: '5500.00', salesInvoicedYuan: null, outputVatYuan: null, inputVatYuan: null, agriculturalInputDeductionYuan: null, filedAt: null, enterprise: null });
    expect(new Set(r.errors!.map((x) => x.extensions.code))).toEqual(new Set(['FORBIDDEN']));
    expect(r.errors).toHaveLength(6);
  });

  it('other agencies see no tax records and only tax submits them', async () => {
    const e = await f.enterprise(hub.db);
    for (const [agency, org] of [['CUSTOMS', null], ['PREFECTURE_COMMERCE', null], ['ANALYST', null], ['ENTERPRISE', e.id]] as const) {
      const r = await hub.as(agency, org).gql(FULL, {});
      expect(codeOf(r), agency).toBe('FORBIDDEN');
      expect(r.data?.taxRecords ?? null).toBeNull();
    }
    expect(codeOf(await hub.as('COMMERCE').gql(SUBMIT_TAX, { input: [rec(e.id)] }))).toBe('FORBIDDEN');
  });
});

describe('npm run import (ledger, tax-records): same validation as the mutations', () => {
  it('imports ledger CSV rows as the --org enterprise, idempotently, with per-row rejections', async () => {
    const e = await f.enterprise(hub.db);
    const [no1, no2] = [await inboundDeclarationNo(hub.db, e.id), await inboundDeclarationNo(hub.db, e.id)];
    const csv = `occurredOn,kind,hsCode,productName,quantityKg,amountYuan,externalRef,invoiceNo,declarationNos
2025-03-01,RAW_IN,1206,,100.5,800.00,imp-1,,${no1};${no2}
2025-03-02,PRODUCT_SOLD,,葵花籽油,10,-5.00,imp-2,INV9,
2025-03-03,BOGUS,1206,,1,1.00,imp-3,,
2025-03-04,RAW_IN,1206,,1,1.00,imp-4,,${no1};BT-UNKNOWN
`;
    const inputs = ledgerImport.fromCsv(parseCsv(csv));
    const viewer = ledgerImport.viewer({ org: e.id });
    const r1 = await ledgerImport.submit(hub.db, viewer, hub.config, inputs);
    expect(r1.rows.map((x) => [x.status, x.reason])).toEqual([['ACCEPTED', null], ['REJECTED', 'NEGATIVE_AMOUNT'], ['REJECTED', 'INVALID_VALUE'], ['REJECTED', 'NOT_FOUND']]);
    const r2 = await ledgerImport.submit(hub.db, viewer, hub.config, inputs);
    expect(r2.duplicates).toBe(1);
    expect(() => ledgerImport.viewer({})).toThrow(/--org/);
  });

  it('imports tax records as TAX', async () => {
    const e = await f.enterprise(hub.db);
    const inputs = taxRecordsImport.fromJson([{ enterpriseId: e.id, period: '2025-01', salesInvoicedYuan: '10.00', outputVatYuan: 1.3, inputVatYuan: '0', agriculturalInputDeductionYuan: '0', vatPaidYuan: '1.30', filedAt: '2025-02-10T00:00:00Z' }]);
    const r = await taxRecordsImport.submit(hub.db, taxRecordsImport.viewer({}), hub.config, inputs);
    expect(r.accepted).toBe(1);
  });
});
