/**
 * Measures tradeStats grouped by MONTH × COMMODITY over ≈1M declarations (SPEC §11), raw SQL
 * against the rollup. Not a test (no timing assertions): run by hand and read the numbers.
 *   node --import tsx test/perf/trade-stats-bench.ts [postgres://postgres@127.0.0.1:5432/postgres] [declarations]
 * Creates and drops its own database `hub_reports_bench`.
 */
import 'reflect-metadata';
import postgres from 'postgres';
import { openDatabase, rows } from '../../src/db/client';
import { prepareDatabase } from '../../src/modules/reference-data';
import { TradeDimension, tradeStats, tradeStatsQuery } from '../../src/modules/reports';
import type { Viewer } from '../../src/authz/agencies';
import { sql } from 'drizzle-orm';

const base = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.argv[3] ?? 1_000_000);
const NAME = 'hub_reports_bench';
const url = new URL(base); url.pathname = `/${NAME}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${NAME} with (force)`);
await admin.unsafe(`create database ${NAME}`);
const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 2 });
await prepareDatabase(database);
const pg = database.raw as postgres.Sql;
const t = async <T>(label: string, fn: () => Promise<T>) => {
  const s = performance.now();
  const r = await fn();
  console.log(`${label}: ${((performance.now() - s) / 1000).toFixed(2)} s`);
  return r;
};

await t('registry (400 enterprises, 1,200 cooperatives, 12,000 residents)', async () => {
  await pg.unsafe(`
    insert into enterprises (filing_no, name, uscc, legal_rep_name, county, taxpayer_type, status, source)
      select 'ALSK-E-2024-' || lpad(g::text, 4, '0'), '企业' || g, 'USCC' || g, '法人', '652702', 'GENERAL', 'FILED', 'COMMERCE' from generate_series(1, 400) g;
    insert into cooperatives (filing_no, name, kind, township, head_name, status, source)
      select 'ALSK-C-2024-' || lpad(g::text, 4, '0'), '合作社' || g, 'COOPERATIVE', '镇', '负责人', 'FILED', 'COMMERCE' from generate_series(1, 1200) g;
    insert into border_residents (name, id_number, county, cooperative_id, source)
      select '边民', 'ID' || g, '652702', (select id from cooperatives order by filing_no offset (g % 1200) limit 1), 'COMMERCE' from generate_series(1, 12000) g;`);
});

// Declarations spread over 2024–2025 (Beijing days), 1–3 lines each over 30 HS codes, 70% landing
// processing, 5% stopped statuses. Inserted WITH the rollup triggers active: the load time is
// also the trigger cost.
await t(`${N.toLocaleString('en')} declarations (rollup triggers on)`, async () => {
  await pg.unsafe(`
    create temp table ids as select
      (select array_agg(id order by filing_no) from enterprises) as e,
      (select array_agg(id order by filing_no) from cooperatives) as c,
      (select array_agg(id order by id_number) from border_residents) as r;
    insert into customs_declarations (declaration_no, declared_at, declared_on, trade_point, declarant_id, cooperative_id, purpose,
        destination_enterprise_id, value_yuan, quantity_kg, status, content_hash, source)
    select 'B-' || g, ts, (ts at time zone 'Asia/Shanghai')::date, case when g % 10 = 0 then 'HUOERGUOSI' else 'ALASHANKOU' end,
           ids.r[1 + g % 12000], ids.c[1 + g % 1200],
           (case when g % 10 < 7 then 'LANDING_PROCESSING' else 'MARKET_SALE' end)::declaration_purpose,
           case when g % 10 < 7 then ids.e[1 + g % 400] end,
           (1 + g % 3) * (100 + (g * 37) % 2500), (1 + g % 3) * (10 + (g * 11) % 300),
           (case g % 20 when 0 then 'RETURNED' when 1 then 'RELEASED' when 2 then 'INSPECTING' else 'DECLARED' end)::declaration_status,
           'bench', 'CUSTOMS'
    from ids, generate_series(1, ${N}) g,
         lateral (select timestamptz '2024-01-01 00:00+08' + ((g::bigint * 7919) % (731 * 86400)) * interval '1 second' as ts) x`);
});
// Lines are bulk-loaded with triggers off (session_replication_role = replica) and the line rollup
// rebuilt with the migration's backfill query; the trigger path is measured on batches below.
await t('lines (1–3 per declaration, triggers off)', async () => {
  await pg.begin(async (tx) => {
    await tx.unsafe(`set local session_replication_role = replica`);
    await tx.unsafe(`
      insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
      select d.id, i, (array['0801','0802','0803','0804','0805','0806','0810','0811','0813','1201','1202','1205','1206','1207','1208',
                             '1209','1211','1212','1214','1502','1503','1504','1505','1506','1507','1508','1509','1510','1511','1512'])[1 + (g + i * 7) % 30],
             '商品', 10 + (g * 11) % 300, 100 + (g * 37) % 2500
      from customs_declarations d, lateral (select substr(d.declaration_no, 3)::int as g) x, generate_series(1, 1 + x.g % 3) i`);
  });
});
await t('rebuild trade_daily_commodity from scratch (the backfill query)', async () => {
  await pg.unsafe(`truncate trade_daily_commodity;
    insert into trade_daily_commodity (declared_on, hs_code, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
    select d.declared_on, l.hs_code, d.purpose, d.trade_point, count(distinct d.id), sum(l.value_yuan), sum(l.quantity_kg)
    from customs_declarations d join declaration_lines l on l.declaration_id = d.id
    where reports_counted(d.status) group by 1, 2, 3, 4`);
});
await pg.unsafe('vacuum analyze');
const [{ d, l, r1, r2 }] = await pg.unsafe(`select (select count(*) from customs_declarations) d, (select count(*) from declaration_lines) l,
  (select count(*) from trade_daily) r1, (select count(*) from trade_daily_commodity) r2`);
console.log(`rows: ${d} declarations, ${l} lines; rollups: trade_daily ${r1}, trade_daily_commodity ${r2}`);

const analyst: Viewer = { sub: 'bench', agency: 'ANALYST', org: null };
const enterprise: Viewer = { sub: 'bench', agency: 'ENTERPRISE', org: (await pg`select id from enterprises order by filing_no limit 1`)[0]!.id };
const args = { from: '2024-01-01', to: '2025-12-31', groupBy: [TradeDimension.MONTH, TradeDimension.COMMODITY] };
const dialect = (database.db as any).dialect;
const explain = async (label: string, q: ReturnType<typeof tradeStatsQuery>) => {
  const { sql: text, params } = dialect.sqlToQuery(q);
  const plan = await pg.unsafe(`explain (analyze, buffers) ${text}`, params);
  console.log(`\n── EXPLAIN ANALYZE ${label}\n${plan.map((p: any) => p['QUERY PLAN']).join('\n')}`);
};
// The raw plan: what tradeStats would cost without the rollup (a non-rollup viewer path, unscoped).
const rawQuery = tradeStatsQuery({ ...analyst, agency: 'ENTERPRISE', org: null } as never, args);
await explain('raw (declarations ⋈ lines, 2 years, MONTH × COMMODITY) — the scope condition is replaced below', rawQuery);
const rawUnscoped = sql`select to_char(d.declared_on, 'YYYY-MM') as month, l.hs_code, count(distinct d.id)::int, sum(l.value_yuan)::text, sum(l.quantity_kg)::text,
  sum(l.value_yuan) filter (where d.purpose = 'LANDING_PROCESSING')::text
  from customs_declarations d join declaration_lines l on l.declaration_id = d.id
  where d.declared_on between '2024-01-01' and '2025-12-31' and d.status in ('DECLARED','RELEASED','INSPECTING') group by 1, 2 order by 1, 2`;
await explain('raw unscoped (no rollup)', rawUnscoped);
await explain('rollup (what ANALYST/COMMERCE get)', tradeStatsQuery(analyst, args));
await explain('ENTERPRISE-scoped raw (one enterprise, index on destination)', tradeStatsQuery(enterprise, args));

const timeIt = async (label: string, fn: () => Promise<unknown>, n = 7) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); ms.push(performance.now() - s); }
  ms.sort((a, b) => a - b);
  console.log(`${label}: median ${ms[Math.floor(n / 2)]!.toFixed(1)} ms, min ${ms[0]!.toFixed(1)}, max ${ms[n - 1]!.toFixed(1)} (n=${n})`);
};
console.log('');
await timeIt('tradeStats MONTH×COMMODITY 2 years, rollup (service function)', () => tradeStats({ db: database.db, viewer: analyst }, args));
await timeIt('tradeStats MONTH×COMMODITY 1 year, rollup', () => tradeStats({ db: database.db, viewer: analyst }, { ...args, from: '2025-01-01' }));
await timeIt('tradeStats MONTH only 2 years, rollup', () => tradeStats({ db: database.db, viewer: analyst }, { ...args, groupBy: [TradeDimension.MONTH] }));
await timeIt('tradeStats MONTH×COMMODITY, ENTERPRISE-scoped (raw, indexed)', () => tradeStats({ db: database.db, viewer: enterprise }, args));
await timeIt('tradeStats ENTERPRISE×MONTH 2 years (raw, full scan)', () => tradeStats({ db: database.db, viewer: analyst }, { ...args, groupBy: [TradeDimension.ENTERPRISE, TradeDimension.MONTH] }), 3);
await timeIt('raw MONTH×COMMODITY 2 years, no rollup (for comparison)', () => rows(database.db, rawUnscoped), 3);

// Exactness at scale: the rollup equals a full recount.
const diff = await pg.unsafe(`
  with a as (select declared_on, hs_code, purpose, trade_point, declaration_count n, value_yuan v, quantity_kg q from trade_daily_commodity where declaration_count <> 0),
  b as (select d.declared_on, l.hs_code, d.purpose, d.trade_point, count(distinct d.id) n, sum(l.value_yuan) v, sum(l.quantity_kg) q
        from customs_declarations d join declaration_lines l on l.declaration_id = d.id where d.status in ('DECLARED','RELEASED','INSPECTING') group by 1, 2, 3, 4)
  select count(*) from ((table a except table b) union all (table b except table a)) x`);
console.log(`rollup vs recount: ${diff[0]!.count} differing rows`);
for (const [decls, label] of [[1000, '1,000'], [10000, '10,000']] as const) {
  await t(`a ${label}-declaration batch with ${2 * decls} lines, triggers on`, async () => {
    await pg.unsafe(`insert into customs_declarations (declaration_no, declared_at, declared_on, declarant_id, purpose, value_yuan, quantity_kg, content_hash, source)
      select 'X${decls}-' || g, now(), current_date, (select id from border_residents limit 1), 'MARKET_SALE', 200, 20, 'b', 'CUSTOMS' from generate_series(1, ${decls}) g;
      insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
      select d.id, i, '0801', 'x', 10, 100 from customs_declarations d, generate_series(1, 2) i where d.declaration_no like 'X${decls}-%'`);
  });
}
const diff2 = await pg.unsafe(`
  with a as (select declared_on, hs_code, purpose, trade_point, declaration_count n, value_yuan v, quantity_kg q from trade_daily_commodity where declaration_count <> 0),
  b as (select d.declared_on, l.hs_code, d.purpose, d.trade_point, count(distinct d.id) n, sum(l.value_yuan) v, sum(l.quantity_kg) q
        from customs_declarations d join declaration_lines l on l.declaration_id = d.id where d.status in ('DECLARED','RELEASED','INSPECTING') group by 1, 2, 3, 4)
  select count(*) from ((table a except table b) union all (table b except table a)) x`);
console.log(`rollup vs recount after the batches: ${diff2[0]!.count} differing rows`);
await database.close();
await admin.unsafe(`drop database if exists ${NAME} with (force)`);
await admin.end();
