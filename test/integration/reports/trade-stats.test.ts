import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/db/client';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import * as r from '../../support/reports-fixtures';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const STATS = `query($from: Date!, $to: Date!, $groupBy: [TradeDimension!]!, $purpose: DeclarationPurpose) {
  tradeStats(from: $from, to: $to, groupBy: $groupBy, purpose: $purpose) {
    month hsCode purpose tradePoint enterprise { id name } cooperative { id name }
    declarationCount valueYuan quantityKg landingProcessingRatio
  }
}`;
const slim = (rs: any[]) => rs.map((x) => ({
  ...(x.month !== null && { month: x.month }), ...(x.hsCode !== null && { hsCode: x.hsCode }),
  ...(x.purpose !== null && { purpose: x.purpose }),
  n: x.declarationCount, v: x.valueYuan, kg: x.quantityKg, ratio: x.landingProcessingRatio,
}));

/**
 * The 2031 fixture (hand-computed figures in the tests):
 * D1 Beijing 2031-01-31 23:59:59  LP→E1 C1  1206 1000.00/100 kg + 1205 500.00/50 kg
 * D2 Beijing 2031-02-01 00:00:00  LP→E1 C1  1206 2000.00/200 kg + 1206 300.00/30 kg (one declaration, one HS code)
 * D3 2031-02-15                   MS    C2  1206 700.00/70 kg
 * D4 2031-02-20 RETURNED          LP→E2 C2  1206 9999.00         (not counted)
 * D5 2031-02-21 DESTROYED         MS    C2  1205 888.00          (not counted)
 * D6 2031-03-01 INSPECTING        LP→E2 C2  1205 400.00/40 kg
 * D7 Beijing 2031-01-01 00:30 (UTC 2030-12-31) MS C1 1205 100.00/10 kg
 * D8 Beijing 2032-01-01 00:30 (UTC 2031-12-31) MS C1 1205 777.00 (outside 2031)
 */
describe('tradeStats (SPEC §7, §12)', () => {
  let e1: { id: string }, e2: { id: string }, c1: { id: string }, c2: { id: string };
  const Y = { from: '2031-01-01', to: '2031-12-31' };
  let d6: string;
  let d3: string;

  beforeAll(async () => {
    e1 = await f.enterprise(hub.db); e2 = await f.enterprise(hub.db);
    c1 = await f.cooperative(hub.db, { members: 1 }); c2 = await f.cooperative(hub.db, { members: 1 });
    const p = await r.resident(hub.db, c1.id);
    const q = await r.resident(hub.db, c2.id);
    await r.declaration(hub.db, { declaredAt: '2031-01-31T15:59:59Z', declarantId: p.id, enterpriseId: e1.id, cooperativeId: c1.id, lines: [{ hsCode: '1206', valueYuan: '1000.00', quantityKg: '100' }, { hsCode: '1205', valueYuan: '500.00', quantityKg: '50' }] });
    await r.declaration(hub.db, { declaredAt: '2031-01-31T16:00:00Z', declarantId: p.id, enterpriseId: e1.id, cooperativeId: c1.id, status: 'RELEASED', lines: [{ hsCode: '1206', valueYuan: '2000.00', quantityKg: '200' }, { hsCode: '1206', valueYuan: '300.00', quantityKg: '30' }] });
    d3 = await r.declaration(hub.db, { declaredAt: '2031-02-15T04:00:00Z', declarantId: q.id, cooperativeId: c2.id, lines: [{ hsCode: '1206', valueYuan: '700.00', quantityKg: '70' }] });
    await r.declaration(hub.db, { declaredAt: '2031-02-20T04:00:00Z', declarantId: q.id, enterpriseId: e2.id, cooperativeId: c2.id, status: 'RETURNED', lines: [{ hsCode: '1206', valueYuan: '9999.00' }] });
    await r.declaration(hub.db, { declaredAt: '2031-02-21T04:00:00Z', declarantId: q.id, cooperativeId: c2.id, status: 'DESTROYED', lines: [{ hsCode: '1205', valueYuan: '888.00' }] });
    d6 = await r.declaration(hub.db, { declaredAt: '2031-03-01T02:00:00Z', declarantId: q.id, enterpriseId: e2.id, cooperativeId: c2.id, status: 'INSPECTING', lines: [{ hsCode: '1205', valueYuan: '400.00', quantityKg: '40' }] });
    await r.declaration(hub.db, { declaredAt: '2030-12-31T16:30:00Z', declarantId: p.id, cooperativeId: c1.id, lines: [{ hsCode: '1205', valueYuan: '100.00', quantityKg: '10' }] });
    await r.declaration(hub.db, { declaredAt: '2031-12-31T16:30:00Z', declarantId: p.id, cooperativeId: c1.id, lines: [{ hsCode: '1205', valueYuan: '777.00' }] });
  });

  it('groups by Beijing month, skips statuses that do not count, and gives the landing ratio per month', async () => {
    const res = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['MONTH'] });
    expect(res.errors).toBeUndefined();
    expect(slim(res.data.tradeStats)).toEqual([
      { month: '2031-01', n: 2, v: '1600.00', kg: 160, ratio: 0.9375 },
      { month: '2031-02', n: 2, v: '3000.00', kg: 300, ratio: 0.7667 },
      { month: '2031-03', n: 1, v: '400.00', kg: 40, ratio: 1 },
    ]);
  });

  it('takes figures from lines and counts distinct declarations when grouped by month × commodity', async () => {
    const res = await hub.as('PREFECTURE_COMMERCE').gql(STATS, { ...Y, groupBy: ['COMMODITY', 'MONTH'] });
    expect(slim(res.data.tradeStats)).toEqual([
      { month: '2031-01', hsCode: '1205', n: 2, v: '600.00', kg: 60, ratio: 0.8333 },
      { month: '2031-01', hsCode: '1206', n: 1, v: '1000.00', kg: 100, ratio: 1 },
      { month: '2031-02', hsCode: '1206', n: 2, v: '3000.00', kg: 300, ratio: 0.7667 },
      { month: '2031-03', hsCode: '1205', n: 1, v: '400.00', kg: 40, ratio: 1 },
    ]);
  });

  it('groups by commodity alone over the whole range', async () => {
    const res = await hub.as('OPERATOR').gql(STATS, { ...Y, groupBy: ['COMMODITY'] });
    expect(slim(res.data.tradeStats)).toEqual([
      { hsCode: '1205', n: 3, v: '1000.00', kg: 100, ratio: 0.9 },
      { hsCode: '1206', n: 3, v: '4000.00', kg: 400, ratio: 0.825 },
    ]);
  });

  it('gives one total row for an empty groupBy', async () => {
    const res = await hub.as('TAX').gql(STATS, { ...Y, groupBy: [] });
    expect(slim(res.data.tradeStats)).toEqual([{ n: 5, v: '5000.00', kg: 500, ratio: 0.84 }]);
  });

  it('groups by purpose without a ratio, and filters by purpose', async () => {
    const byPurpose = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['PURPOSE'] });
    expect(slim(byPurpose.data.tradeStats)).toEqual([
      { purpose: 'LANDING_PROCESSING', n: 3, v: '4200.00', kg: 420, ratio: null },
      { purpose: 'MARKET_SALE', n: 2, v: '800.00', kg: 80, ratio: null },
    ]);
    const landing = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['MONTH'], purpose: 'LANDING_PROCESSING' });
    expect(slim(landing.data.tradeStats)).toEqual([
      { month: '2031-01', n: 1, v: '1500.00', kg: 150, ratio: null },
      { month: '2031-02', n: 1, v: '2300.00', kg: 230, ratio: null },
      { month: '2031-03', n: 1, v: '400.00', kg: 40, ratio: null },
    ]);
  });

  it('groups by enterprise and cooperative with registry objects as keys', async () => {
    const res = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['ENTERPRISE'] });
    const byId = Object.fromEntries(res.data.tradeStats.map((x: any) => [x.enterprise?.id ?? 'none', [x.declarationCount, x.valueYuan, x.landingProcessingRatio]]));
    expect(byId[e1.id]).toEqual([2, '3800.00', 1]);
    expect(byId[e2.id]).toEqual([1, '400.00', 1]);
    expect(byId.none).toEqual([2, '800.00', 0]);
    const coops = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['COOPERATIVE', 'TRADE_POINT'] });
    const c = Object.fromEntries(coops.data.tradeStats.map((x: any) => [x.cooperative.id, [x.tradePoint, x.declarationCount, x.valueYuan]]));
    expect(c[c1.id]).toEqual(['ALASHANKOU', 3, '3900.00']);
    expect(c[c2.id]).toEqual(['ALASHANKOU', 2, '1100.00']);
  });

  it('keeps trade statistics from ENTERPRISE and COOPERATIVE tokens (SPEC §9: their own assessment row only)', async () => {
    for (const [agency, org] of [['ENTERPRISE', e1.id], ['COOPERATIVE', c2.id]] as const) {
      const res = await hub.as(agency, org).gql(STATS, { ...Y, groupBy: ['MONTH'] });
      expect(res.data.tradeStats, agency).toBeNull();
      expect(codeOf(res), agency).toBe('FORBIDDEN');
    }
  });

  it('refuses a range whose end is before its start', async () => {
    const res = await hub.as('ANALYST').gql(STATS, { from: '2031-02-01', to: '2031-01-01', groupBy: ['MONTH'] });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(reasonOf(res)).toBe('INVALID_DATE_RANGE');
  });

  it('follows inspection results: a declaration stopped later leaves the statistics', async () => {
    await hub.db.execute(sql`update customs_declarations set status = 'RETURNED' where id = ${d6}`);
    await hub.db.execute(sql`update customs_declarations set status = 'RELEASED' where id = ${d3}`);
    const res = await hub.as('ANALYST').gql(STATS, { ...Y, groupBy: ['MONTH', 'COMMODITY'] });
    expect(slim(res.data.tradeStats).map((x) => x.month)).not.toContain('2031-03');
    expect(slim(res.data.tradeStats)).toContainEqual({ month: '2031-02', hsCode: '1206', n: 2, v: '3000.00', kg: 300, ratio: 0.7667 });
    await hub.db.execute(sql`update customs_declarations set status = 'INSPECTING' where id = ${d6}`);
  });
});

describe('trade rollup maintained by triggers', () => {
  const recount = sql`
    select 'day' as t, declared_on::text, purpose::text, trade_point, null as hs_code, count(*)::int as n, sum(value_yuan)::text as v, sum(quantity_kg)::text as q
    from customs_declarations where status in ('DECLARED','RELEASED','INSPECTING') group by 2, 3, 4
    union all
    select 'hs', d.declared_on::text, d.purpose::text, d.trade_point, l.hs_code, count(distinct d.id)::int, sum(l.value_yuan)::text, sum(l.quantity_kg)::text
    from customs_declarations d join declaration_lines l on l.declaration_id = d.id where d.status in ('DECLARED','RELEASED','INSPECTING') group by 2, 3, 4, 5`;
  const rollup = sql`
    select 'day' as t, declared_on::text, purpose::text, trade_point, null as hs_code, declaration_count::int as n, value_yuan::text as v, quantity_kg::text as q from trade_daily where declaration_count <> 0
    union all
    select 'hs', declared_on::text, purpose::text, trade_point, hs_code, declaration_count::int, value_yuan::text, quantity_kg::text from trade_daily_commodity where declaration_count <> 0`;
  const norm = (rs: any[]) => rs.map((x) => `${x.t}|${x.declared_on}|${x.purpose}|${x.trade_point}|${x.hs_code}|${x.n}|${Number(x.v).toFixed(2)}|${Number(x.q).toFixed(3)}`).sort();

  it('equals a full recount after inserts, line edits, status changes, moves and deletes', async () => {
    const e = await f.enterprise(hub.db);
    const p = await r.resident(hub.db);
    const a = await r.declaration(hub.db, { declaredAt: '2035-05-01T01:00:00Z', declarantId: p.id, enterpriseId: e.id, lines: [{ hsCode: '0801', valueYuan: '10.00', quantityKg: '1' }, { hsCode: '0801', valueYuan: '20.00', quantityKg: '2' }, { hsCode: '0802', valueYuan: '5.00' }] });
    const b = await r.declaration(hub.db, { declaredAt: '2035-05-02T01:00:00Z', declarantId: p.id, lines: [{ hsCode: '0801', valueYuan: '7.00' }], tradePoint: 'HUOERGUOSI' });
    // one of two same-HS lines removed: the declaration still counts once for 0801
    await hub.db.execute(sql`delete from declaration_lines where declaration_id = ${a} and line_no = 2`);
    // a line changes its HS code and value
    await hub.db.execute(sql`update declaration_lines set hs_code = '0803', value_yuan = 6.00 where declaration_id = ${a} and line_no = 3`);
    // status: counted → stopped → counted; a move to another day and purpose
    await hub.db.execute(sql`update customs_declarations set status = 'DESTROYED' where id = ${b}`);
    await hub.db.execute(sql`update customs_declarations set status = 'RELEASED', declared_on = '2035-05-03', purpose = 'MARKET_SALE', destination_enterprise_id = null where id = ${b}`);
    // a new line added later to an existing declaration, then a whole declaration deleted
    await hub.db.execute(sql`insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan) values (${b}, 2, '0801', 'x', 1, 3.00)`);
    const c = await r.declaration(hub.db, { declaredAt: '2035-05-04T01:00:00Z', declarantId: p.id, lines: [{ hsCode: '0804', valueYuan: '9.00' }] });
    await hub.db.execute(sql`delete from customs_declarations where id = ${c}`);
    // several declarations and lines in one statement each (a batch), two lines of one HS code
    await hub.db.execute(sql`insert into customs_declarations (id, declaration_no, declared_at, declared_on, declarant_id, purpose, value_yuan, quantity_kg, status, content_hash, source)
      select gen_random_uuid(), 'M-' || g || '-' || ${a}, now(), date '2035-05-05' + (g % 2), ${p.id}, 'MARKET_SALE', 10 * g, g, case when g = 3 then 'RETURNED'::declaration_status else 'DECLARED' end, 'x', 'CUSTOMS'
      from generate_series(1, 4) g`);
    await hub.db.execute(sql`insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
      select d.id, i, case when i < 3 then '0805' else '0806' end, 'x', 1, 5 * i from customs_declarations d, generate_series(1, 3) i where d.declaration_no like ${`M-%-${a}`}`);
    expect(norm(await rows(hub.db, rollup))).toEqual(norm(await rows(hub.db, recount)));
  });
});
