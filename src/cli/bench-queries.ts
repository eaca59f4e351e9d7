/**
 * The three operations measured side by side (issue 15): the hub's GraphQL question and the
 * hand-written SQL floor, shared by `npm run bench` (bench-operations.ts) and
 * `--compare-postgraphile` (bench-postgraphile.ts), so both measure the same thing.
 */
import type postgres from 'postgres';

export const MONTH_FROM = '2025-10-01';
export const MONTH_TO = '2025-10-31';
export const PERIOD = '2025-10';

interface SideBySide {
  agency: 'CUSTOMS' | 'TAX';
  query: string;
  variables?: Record<string, unknown>;
  floor: (sql: postgres.Sql) => Promise<unknown>;
}

export const CUSTOMS_PROCESSORS: SideBySide = {
  agency: 'CUSTOMS',
  query: `query($from: Date!, $to: Date!) { enterprises(filter: { status: [FILED, WARNED] }, first: 100) { edges { node {
        id name uscc contracts { hsCodes validFrom validTo cooperative { name filingNo } } inboundDeclarations(from: $from, to: $to) { count valueYuan } } } } }`,
  variables: { from: MONTH_FROM, to: MONTH_TO },
  // The first 100 filed enterprises, their contracts, and each one's month of inbound declarations
  // through the (destination, day) index, as a senior engineer would write it — never a scan of
  // the whole month (36 ms instead of 2–5).
  floor: (sql) => sql`
    select e.id, e.name, e.uscc, i.n, i.v,
      (select json_agg(json_build_object('hsCodes', sc.hs_codes, 'validFrom', sc.valid_from, 'validTo', sc.valid_to, 'cooperative', c.name, 'filingNo', c.filing_no))
         from supply_contracts sc join cooperatives c on c.id = sc.cooperative_id where sc.enterprise_id = e.id) as contracts
    from (select id, name, uscc, updated_at from enterprises where status in ('FILED', 'WARNED') order by updated_at, id limit 100) e
    cross join lateral (select count(*) as n, sum(value_yuan) as v from customs_declarations d
      where d.destination_enterprise_id = e.id and d.declared_on between ${MONTH_FROM} and ${MONTH_TO}
        and d.status in ('DECLARED', 'RELEASED', 'INSPECTING')) i
    order by e.updated_at, e.id`,
};

export const TAX_PULL: SideBySide = {
  agency: 'TAX',
  query: `query($period: Period!) { ledgerSummaries(period: $period) { enterprise { id name uscc } valueAddRate lossRate rawSoldYuan reportSubmitted reportLate } }`,
  variables: { period: PERIOD },
  floor: (sql) => sql`
    select e.id, e.name, e.uscc,
      sum(l.amount_yuan) filter (where l.kind = 'RAW_CONSUMED') as consumed, sum(l.amount_yuan) filter (where l.kind = 'PRODUCT_OUTPUT') as output,
      sum(l.quantity_kg) filter (where l.kind = 'LOSS') as loss_kg, sum(l.quantity_kg) filter (where l.kind = 'RAW_IN') as raw_in_kg,
      sum(l.amount_yuan) filter (where l.kind = 'RAW_SOLD') as raw_sold,
      (select max(m.submitted_at) from monthly_reports m where m.enterprise_id = e.id and m.period = ${PERIOD}) as submitted_at
    from enterprises e
    left join ledger_entries l on l.enterprise_id = e.id and l.occurred_on between ${MONTH_FROM} and ${MONTH_TO}
    where e.status in ('FILED', 'WARNED') group by e.id, e.name, e.uscc`,
};

export const REGISTRY_NESTING: SideBySide = {
  agency: 'CUSTOMS',
  query: '{ enterprises(first: 50) { edges { node { id name uscc status contracts { validFrom validTo cooperative { name township members { name idNumber } } } } } } }',
  // The whole answer as one JSON value built in PostgreSQL (json_agg), as the hub would send it;
  // `--compare-postgraphile` also measures the flat join returning rows.
  floor: (sql) => sql`
    select coalesce(json_agg(json_build_object('id', e.id, 'name', e.name, 'uscc', e.uscc, 'status', e.status, 'contracts',
      (select coalesce(json_agg(json_build_object('validFrom', sc.valid_from, 'validTo', sc.valid_to, 'cooperative',
         json_build_object('name', c.name, 'township', c.township, 'members',
           (select coalesce(json_agg(json_build_object('name', r.name, 'idNumber', r.id_number)), '[]') from cooperative_memberships m join border_residents r on r.id = m.resident_id where m.cooperative_id = c.id and m.joined_on <= (now() at time zone 'Asia/Shanghai')::date and (m.left_on is null or m.left_on > (now() at time zone 'Asia/Shanghai')::date))))), '[]')
       from supply_contracts sc join cooperatives c on c.id = sc.cooperative_id where sc.enterprise_id = e.id))
      order by e.updated_at, e.id), '[]') as data
    from (select * from enterprises order by updated_at, id limit 50) e`,
};
