/** The operations of SPEC §11, each as a hub request and as its hand-written SQL floor. */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { Agency } from '../authz/agencies';
import { encodeFeedCursor } from '../modules/feed';
import { gqlPost } from './bench-hub';
import { CUSTOMS_PROCESSORS, REGISTRY_NESTING, TAX_PULL } from './bench-queries';

export interface BenchContext {
  sql: postgres.Sql;
  token(agency: Agency, org?: string): Promise<string>;
  /** The hub's GraphQL URL (its own process under `npm run bench`, an in-process hub in the test). */
  endpoint: string;
}

export interface PreparedOperation {
  /** One hub request; resolves with the statements the hub reported. */
  hub(i: number): Promise<{ statements?: number }>;
  floor(i: number): Promise<unknown>;
}

export interface BenchOperation {
  name: string;
  prepare(ctx: BenchContext): Promise<PreparedOperation>;
}

/** One hub request (bench-hub.ts's node:http client); throws on GraphQL errors; the data and the statements it reported. */
export async function gqlRequest<T = unknown>(ctx: BenchContext, token: string, query: string, variables?: Record<string, unknown>) {
  const { body, statements } = await gqlPost<T>(ctx.endpoint, token, query, variables);
  if (body.errors?.length) throw new Error(`bench query failed: ${body.errors[0]!.message}`);
  return { data: body.data, statements };
}

/** A valid ID number of 阿拉山口市 (652702: a new declarant is presumed to live there, SPEC §14), unique per n (GB 11643 check digit). */
function benchIdNumber(n: number): string {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const birth = new Date(Date.UTC(1940, 0, 1) + (n % 20000) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `652702${birth}${String(Math.floor(n / 20000) % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * W[i]!;
  return first17 + '10X98765432'[sum % 11]!;
}


export const BENCH_OPERATIONS: BenchOperation[] = [
  {
    // What every request costs before it reads anything (HTTP, token, GraphQL, access log): the
    // part of each ratio below that no query can remove. Its floor is one round trip to PostgreSQL.
    name: 'fixed cost: { me { agency } } (reads no data)',
    async prepare(ctx) {
      const token = await ctx.token('TAX');
      return { hub: () => gqlRequest(ctx, token, '{ me { agency } }'), floor: () => ctx.sql`select 1` };
    },
  },
  {
    name: 'customs processor query',
    async prepare(ctx) {
      const { agency, query, variables, floor } = CUSTOMS_PROCESSORS;
      const token = await ctx.token(agency);
      return { hub: () => gqlRequest(ctx, token, query, variables), floor: () => floor(ctx.sql) };
    },
  },
  {
    name: 'tax ledger-summary pull (one month)',
    async prepare(ctx) {
      const { agency, query, variables, floor } = TAX_PULL;
      const token = await ctx.token(agency);
      return { hub: () => gqlRequest(ctx, token, query, variables), floor: () => floor(ctx.sql) };
    },
  },
  {
    name: 'quotaStatus',
    async prepare(ctx) {
      const token = await ctx.token('PREFECTURE_COMMERCE');
      const q = `{ quotaStatus(year: 2025, asOf: "2025-10-15") { consumedYuan consumptionRatio monthsElapsed projectedAnnualYuan warning remainingYuan importConsumedYuan importConsumptionRatio } }`;
      return {
        hub: () => gqlRequest(ctx, token, q),
        // The floor reads the same trigger-maintained daily rollup the hub reads.
        floor: () => ctx.sql`
          select p.landing_processing_scale_yuan, p.import_scale_yuan,
            (select coalesce(sum(value_yuan), 0) from trade_daily where declared_on between '2025-01-01' and '2025-10-15'
              and purpose = 'LANDING_PROCESSING') as consumed,
            (select coalesce(sum(value_yuan), 0) from trade_daily where declared_on between '2025-01-01' and '2025-10-15') as import_consumed
          from annual_plans p where p.year = 2025`,
      };
    },
  },
  {
    name: 'tradeStats month × commodity (2025)',
    async prepare(ctx) {
      const token = await ctx.token('ANALYST');
      const q = `{ tradeStats(from: "2025-01-01", to: "2025-12-31", groupBy: [MONTH, COMMODITY]) { month hsCode declarationCount valueYuan quantityKg } }`;
      return {
        hub: () => gqlRequest(ctx, token, q),
        // The floor reads the same trigger-maintained rollup as the hub (the raw GROUP BY over
        // declaration lines is ~100× slower at scale 20: that is what the rollup is for).
        floor: () => ctx.sql`
          select to_char(declared_on, 'YYYY-MM') as month, hs_code, sum(declaration_count), sum(value_yuan), sum(quantity_kg)
          from trade_daily_commodity where declared_on between '2025-01-01' and '2025-12-31'
          group by 1, 2`,
      };
    },
  },
  {
    name: 'submitDeclarations, 1,000 rows',
    async prepare(ctx) {
      const token = await ctx.token('CUSTOMS');
      const q = `mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) { accepted rejected rows { status reason } } }`;
      // Market-sale declarations by residents not yet in the registry: the full validation path
      // (resident lookup and insert, allowance lock, commodity lists) without contract fixtures.
      // On a reused database, after the batches of earlier runs: their declarants are registered
      // and have used their day's allowance (a sixth run's rows were refused DAILY_LIMIT_EXCEEDED).
      const [earlier] = await ctx.sql<{ n: number }[]>`select count(*)::int as n from customs_declarations where declaration_no like 'BENCH-%'`;
      let batch = Math.ceil((earlier?.n ?? 0) / 1000);
      // Numbers of this run only (a number stored by an earlier run would come back DUPLICATE).
      const run = randomUUID().slice(0, 8);
      const rowsOf = (b: number) => Array.from({ length: 1000 }, (_, k) => ({
        declarationNo: `BENCH-${run}-${b}-${k}`,
        declaredAt: '2026-03-02T10:00:00+08:00',
        declarantIdNumber: benchIdNumber(b * 1000 + k),
        declarantName: '测试边民',
        purpose: 'MARKET_SALE',
        lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 100, valueYuan: '1500.00' }],
      }));
      let floorBatch = 0;
      return {
        async hub() {
          const { body, statements } = await gqlPost<{ submitDeclarations?: { rejected: number; rows: { reason: string }[] } }>(
            ctx.endpoint, token, q, { input: rowsOf(batch++) });
          const r = body.data?.submitDeclarations;
          if (!r || r.rejected) throw new Error(`bench batch rejected rows: ${JSON.stringify(body.errors ?? r?.rows.find((x) => x.reason))}`);
          return { statements };
        },
        // The floor inserts the same rows with no validation at all: one statement per table.
        floor: async () => {
          const b = floorBatch++;
          const nos = Array.from({ length: 1000 }, (_, k) => `FLOOR-${process.pid}-${b}-${k}`);
          await ctx.sql.begin(async (tx) => {
            await tx`insert into border_residents (name, id_number, county, source)
              select '测试边民', x, '652702', 'CUSTOMS' from unnest(${nos.map((_, k) => benchIdNumber(10_000_000 + b * 1000 + k))}::text[]) x
              on conflict do nothing`;
            await tx`with r as (select id from border_residents limit 1)
              insert into customs_declarations (declaration_no, declared_at, declared_on, declarant_id, purpose, value_yuan, quantity_kg, content_hash, source)
              select no, '2026-03-02T02:00:00Z', '2026-03-02', (select id from r), 'MARKET_SALE', 1500, 100, 'x', 'CUSTOMS' from unnest(${nos}::text[]) no`;
            await tx`insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
              select id, 1, '08062000', '葡萄干', 100, 1500 from customs_declarations where declaration_no = any(${nos}::text[])`;
          });
        },
      };
    },
  },
  {
    name: 'registry: enterprises → contracts → cooperative',
    async prepare(ctx) {
      const token = await ctx.token('COMMERCE');
      const q = `{ enterprises(first: 100) { edges { node { id name contracts { hsCodes cooperative { name memberCount } } } } } }`;
      return {
        hub: () => gqlRequest(ctx, token, q),
        floor: () => ctx.sql`
          select e.id, e.name, sc.hs_codes, c.name as cooperative, (select count(*) from cooperative_memberships m where m.cooperative_id = c.id and m.joined_on <= (now() at time zone 'Asia/Shanghai')::date and (m.left_on is null or m.left_on > (now() at time zone 'Asia/Shanghai')::date)) as members
          from (select * from enterprises order by updated_at, id limit 100) e
          left join supply_contracts sc on sc.enterprise_id = e.id
          left join cooperatives c on c.id = sc.cooperative_id`,
      };
    },
  },
  {
    name: 'registry nesting: 50 enterprises → contracts → cooperative → members',
    async prepare(ctx) {
      const { agency, query, floor } = REGISTRY_NESTING;
      const token = await ctx.token(agency);
      return { hub: () => gqlRequest(ctx, token, query), floor: () => floor(ctx.sql) };
    },
  },
  {
    name: 'change feed: a page of 1,000 (CUSTOMS)',
    async prepare(ctx) {
      const token = await ctx.token('CUSTOMS');
      const q = 'query($after: String) { changes(first: 1000, after: $after) { edges { cursor node { seq entity id op at } } pageInfo { endCursor hasNextPage } } }';
      // Ten consecutive pages from the start of the feed (the seed's changes), cycled through.
      const cursors: (string | null)[] = [null];
      const seqs: number[] = [0];
      const entities = new Set<string>();
      for (let k = 0; k < 10; k++) {
        type Page = { changes: { edges: { node: { seq: string; entity: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
        const page = (await gqlRequest<Page>(ctx, token, q, { after: cursors.at(-1) })).data!.changes;
        for (const e of page.edges) entities.add(e.node.entity);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        cursors.push(page.pageInfo.endCursor);
        seqs.push(Number(page.edges.at(-1)!.node.seq));
      }
      // The same page as the client receives it: one statement (CUSTOMS reads every row of the
      // entities it may follow, times already printed in SQL), the page's JSON built, sent and
      // parsed, as a hand-written endpoint would. Measured alternatives: the rows alone 1.2 ms
      // (skips a third of the answer: cursors, JSON), the page as one JSON value built in
      // PostgreSQL 6.6 ms — slower than the hub itself, so no floor; this one 2.6 ms.
      const floor = async (i: number) => {
        const found = await ctx.sql<{ seq: string; entity: string; id: string; op: string; at: string }[]>`
          select c.seq::text as seq, c.entity, c.row_id as id, c.op,
            to_char((c.at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"') as at
          from changes c where c.seq > ${seqs[i % seqs.length]!} and c.entity = any(${[...entities]}) and not c.scope_exit
          order by c.seq limit 1001`;
        const edges = found.slice(0, 1000).map((node) => ({ cursor: encodeFeedCursor(node.seq), node: { ...node } }));
        const page = { changes: { edges, pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: found.length > 1000 } } };
        return JSON.parse(JSON.stringify({ data: page })) as { data: unknown };
      };
      // The floor must answer the same question: its first page is the hub's, field for field.
      const hubFirst = (await gqlRequest(ctx, token, q, { after: null })).data;
      if (JSON.stringify(hubFirst) !== JSON.stringify((await floor(0)).data)) throw new Error('bench: the feed floor\'s page differs from the hub\'s');
      return {
        hub: (i) => gqlRequest(ctx, token, q, { after: cursors[i % cursors.length] }),
        floor,
      };
    },
  },
  {
    name: 'discrepancies over all enterprises (SPEC §13, first 100)',
    async prepare(ctx) {
      const token = await ctx.token('COMMERCE');
      const asOf = '2026-11-30';
      const end = '2026-11-30T16:00:00Z';
      const q = `query($asOf: Date!) { discrepancies(filter: { asOf: $asOf }, first: 100) { totalCount
        edges { node { id kind subjectType subject declarationNo period expected actual detectedOn resolution { note } } } } }`;
      return {
        hub: () => gqlRequest(ctx, token, q, { asOf }),
        // Every kind of §13 in one hand-written statement over the same rollups the hub keeps
        // (factory_entries.declared_kg, customs_declarations.entered_at, custody_entry_booked,
        // ledger_daily), without the hub's scoping, resolutions or working-day calendar (the floor
        // takes the 10th of the next month as the due date).
        floor: () => ctx.sql`
          with entries as not materialized (select e.id, e.enterprise_id, (e.arrived_at at time zone 'Asia/Shanghai')::date as day, e.received_kg, e.seal_intact,
                e.declared_kg, e.declaration_no as no
              from factory_entries e where e.declared_kg is not null and e.arrived_at < ${end}),
            booked as (select b.factory_entry_id, case when b.last_booked_on is null or b.last_booked_on <= ${asOf} then b.booked_kg
                  else (select coalesce(sum(x.kg), 0) from factory_entry_declarations l join ledger_bookings x on x.declaration_id = l.declaration_id
                          join ledger_entries le on le.id = x.ledger_entry_id where l.factory_entry_id = b.factory_entry_id and le.occurred_on <= ${asOf}) end as kg
              from custody_entry_booked b where b.open or b.last_booked_on > ${asOf}),
            daily as not materialized (select enterprise_id, day, raw_delta as delta, raw_sold_kg as sold, consumed_yuan as cy, output_yuan as oy
              from ledger_daily where day <= ${asOf}),
            running as (select enterprise_id, day, sum(delta) over (partition by enterprise_id order by day) as s from daily),
            monthly as (select enterprise_id, to_char(day, 'YYYY-MM') as p, sum(delta) as delta, sum(sold) as sold, sum(cy) as cy, sum(oy) as oy from daily group by 1, 2),
            u as (
              select 'RELEASED_NOT_ENTERED' as kind, d.declaration_no as subject, to_char(d.released_at at time zone 'Asia/Shanghai', 'YYYY-MM') as period
                from customs_declarations d where d.purpose = 'LANDING_PROCESSING' and d.status = 'RELEASED'
                 and (d.released_at at time zone 'Asia/Shanghai')::date + 4 <= ${asOf}::date and (d.entered_at is null or d.entered_at >= ${end})
              union all select 'RECEIVED_MISMATCH', id::text, to_char(day, 'YYYY-MM') from entries where received_kg is not null and abs(received_kg - declared_kg) > 0.005 * declared_kg
              union all select 'SEAL_BROKEN', id::text, to_char(day, 'YYYY-MM') from entries where not seal_intact
              union all select 'ENTERED_NOT_BOOKED', e.id::text, to_char(e.day, 'YYYY-MM') from booked b join entries e on e.id = b.factory_entry_id
                where e.day + 8 <= ${asOf}::date and b.kg < 0.995 * coalesce(e.received_kg, e.declared_kg)
              union all select 'NEGATIVE_STOCK', enterprise_id::text, to_char(day, 'YYYY-MM') from running where s < 0 group by 1, 2, 3
              union all select 'INVENTORY_MISMATCH', c.enterprise_id::text, c.period from (
                  select r.id, r.enterprise_id, r.period, r.inventory_kg, coalesce(sum(m.delta), 0) as c from monthly_reports r
                    left join monthly m on m.enterprise_id = r.enterprise_id and m.p <= r.period
                   where r.submitted_at < ${end} group by r.id, r.enterprise_id, r.period, r.inventory_kg) c
                where abs(c.inventory_kg - c.c) > 0.005 * abs(c.c)
              union all select 'RAW_SOLD', enterprise_id::text, p from monthly where sold > 0
              union all select 'REPORT_MISSING', e.id::text, g.p from enterprises e
                cross join (select to_char(x, 'YYYY-MM') as p, (x + interval '1 month 9 days')::date as due
                              from generate_series(date '2023-11-01', date '2026-11-01', interval '1 month') x) g
                left join monthly_reports r on r.enterprise_id = e.id and r.period = g.p
                where e.status in ('FILED', 'WARNED') and g.p >= to_char(e.filed_at at time zone 'Asia/Shanghai', 'YYYY-MM') and g.due < ${asOf}::date
                  and (r.id is null or (r.submitted_at at time zone 'Asia/Shanghai')::date > g.due)
              union all select 'VALUE_ADD_BELOW_THRESHOLD', m.enterprise_id::text, m.p from monthly m left join annual_plans a on a.year = substr(m.p, 1, 4)::int
                where m.cy > 0 and round((m.oy - m.cy) / m.cy, 4) < coalesce(a.value_add_threshold, 0.2) and m.p < '2026-11')
          select md5(kind || '|' || subject || '|' || period)::uuid as id, kind, subject, period, count(*) over () as total
          from u order by id limit 101`,
      };
    },
  },
];
