/**
 * Every SQL statement of the chain of custody (SPEC §13). It owns one table (the resolutions of
 * discrepancies) and reads customs and the ledger through the subqueries their stores export
 * (lotsSql, factoryEntryLotsSql, bookedByDeclarationSql, ledgerDailySql, …), so each question is
 * ONE statement whatever the number of enterprises: discrepancies are computed here, in SQL
 * (CTEs, a window for the running stock), never by a JavaScript loop over entries.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Agency } from '../../authz/agencies';
import { rows, type DbOrTx } from '../../db/client';
import { addDays, beijingDayStart } from '../../shared/time';
import { cooperativeLandingSql, factoryEntryLinksSql, factoryEntryLotsSql, lotsSql, unenteredReleasesSql } from '../customs';
import { bookedByDeclarationSql, ledgerDailySql, monthlyReportsSql } from '../ledger';
import { planThresholdsSql } from '../quota';
import { enterprisesSql } from '../registry';
import { BOOKING_GRACE_DAYS, ENTRY_GRACE_DAYS, type DiscrepancyKindName } from './rules';
import { custodyEntryBookedTable, discrepancyResolutionsTable } from './table';

// ── custody of declarations ───────────────────────────────────────────────────────────────

export interface LotRow {
  declarationId: string; declarationNo: string; enterpriseId: string | null; cooperativeId: string | null;
  status: string; stopped: boolean; releasedAt: Date | null; enteredAt: Date | null;
  declaredKg: string; receivedKg: string | null; sealIntact: boolean | null; bookedKg: string;
}

const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

/** Lots with their booked kg, by declaration ids or numbers: one statement. */
export async function lotsOf(db: DbOrTx, scope: { declarationIds?: readonly string[]; declarationNos?: readonly string[]; allPurposes?: boolean }): Promise<LotRow[]> {
  const found = await rows<Record<string, unknown>>(db, sql`
    select l.declaration_id::text as "declarationId", l.declaration_no as "declarationNo", l.enterprise_id::text as "enterpriseId",
      l.cooperative_id::text as "cooperativeId", l.status, l.stopped, l.released_at as "releasedAt", l.entered_at as "enteredAt",
      l.declared_kg::text as "declaredKg", l.received_kg::text as "receivedKg", l.seal_intact as "sealIntact",
      coalesce(b.booked_kg, 0)::numeric(16,3)::text as "bookedKg"
    from (${lotsSql(scope)}) l
    left join (${bookedByDeclarationSql({ declarationIds: scope.declarationIds })}) b on b.declaration_id = l.declaration_id`);
  return found.map((r) => ({
    ...(r as unknown as LotRow), stopped: r.stopped === true || r.stopped === 't',
    releasedAt: toDate(r.releasedAt), enteredAt: toDate(r.enteredAt),
    sealIntact: r.sealIntact == null ? null : r.sealIntact === true || r.sealIntact === 't',
  }));
}

// ── discrepancies ─────────────────────────────────────────────────────────────────────────

export interface DiscrepancyQuery {
  asOf: string;
  kinds: readonly DiscrepancyKindName[];
  enterpriseId?: string | null;
  cooperativeId?: string | null;
  from?: string | null;
  to?: string | null;
  open?: boolean | null;
  id?: string | null;
  declarationNo?: string | null;
  /** Due dates of the periods REPORT_MISSING considers (computed over the working-day calendar). */
  dues: readonly { period: string; due: string }[];
}

export interface DiscrepancyRow {
  id: string; kind: DiscrepancyKindName; subjectType: string; subject: string; declarationNo: string | null;
  enterpriseId: string | null; period: string | null; expected: string | null; actual: string | null; detectedOn: string;
  resolution: { note: string; resolvedBy: string; resolvedAt: Date } | null;
}

/** One SELECT per kind over the CTEs of `discrepanciesSql`; columns in the order of the union. */
function kindSql(kind: DiscrepancyKindName, asOf: string): SQL {
  const cols = (k: string, subjectType: string, subject: string, declNo: string, ent: string, period: string, expected: string, actual: string, detected: string) =>
    sql.raw(`select '${k}'::text as kind, '${subjectType}'::text as subject_type, ${subject} as subject, ${declNo} as declaration_no,
      ${ent} as enterprise_id, ${period} as period, ${expected} as expected, ${actual} as actual, ${detected} as detected_on`);
  switch (kind) {
    case 'RELEASED_NOT_ENTERED':
      return sql`${cols(kind, 'DECLARATION', 'l.declaration_no', 'l.declaration_no', 'l.enterprise_id', `to_char((l.released_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')`, 'l.declared_kg::text', `'0.000'`, `(l.released_at at time zone 'Asia/Shanghai')::date + ${ENTRY_GRACE_DAYS + 1}`)}
        from unentered l where (l.released_at at time zone 'Asia/Shanghai')::date + ${ENTRY_GRACE_DAYS + 1}::int <= ${asOf}::date`;
    case 'RECEIVED_MISMATCH':
      return sql`${cols(kind, 'FACTORY_ENTRY', 'e.entry_id::text', 'e.declaration_no', 'e.enterprise_id', `to_char((e.arrived_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')`, 'e.declared_kg::text', 'e.received_kg::text', `(e.arrived_at at time zone 'Asia/Shanghai')::date`)}
        from entries e where e.received_kg is not null and abs(e.received_kg - e.declared_kg) > 0.005 * e.declared_kg`;
    case 'SEAL_BROKEN':
      return sql`${cols(kind, 'FACTORY_ENTRY', 'e.entry_id::text', 'e.declaration_no', 'e.enterprise_id', `to_char((e.arrived_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')`, `'intact'`, `'broken'`, `(e.arrived_at at time zone 'Asia/Shanghai')::date`)}
        from entries e where not e.seal_intact`;
    case 'ENTERED_NOT_BOOKED':
      return sql`${cols(kind, 'FACTORY_ENTRY', 'e.entry_id::text', 'e.declaration_no', 'e.enterprise_id', `to_char((e.arrived_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')`, 'coalesce(e.received_kg, e.declared_kg)::text', 'coalesce(eb.booked, 0)::numeric(16,3)::text', `(e.arrived_at at time zone 'Asia/Shanghai')::date + ${BOOKING_GRACE_DAYS + 1}`)}
        from entry_booked eb join entries e on e.entry_id = eb.factory_entry_id
        where (e.arrived_at at time zone 'Asia/Shanghai')::date + ${BOOKING_GRACE_DAYS + 1}::int <= ${asOf}::date
          and coalesce(eb.booked, 0) < 0.995 * coalesce(e.received_kg, e.declared_kg)`;
    case 'NEGATIVE_STOCK':
      return sql`${cols(kind, 'ENTERPRISE', 'r.enterprise_id::text', 'null::text', 'r.enterprise_id', `to_char(r.day, 'YYYY-MM')`, `'0.000'`, 'min(r.stock)::numeric(16,3)::text', 'min(r.day)')}
        from running r where r.stock < 0 group by r.enterprise_id, to_char(r.day, 'YYYY-MM')`;
    case 'INVENTORY_MISMATCH':
      return sql`${cols(kind, 'ENTERPRISE', 'c.enterprise_id::text', 'null::text', 'c.enterprise_id', 'c.period', 'c.closing::numeric(16,3)::text', 'c.inventory_kg::text', `(c.submitted_at at time zone 'Asia/Shanghai')::date`)}
        from closing c where abs(c.inventory_kg - c.closing) > 0.005 * abs(c.closing)`;
    case 'RAW_SOLD':
      return sql`${cols(kind, 'ENTERPRISE', 'm.enterprise_id::text', 'null::text', 'm.enterprise_id', 'm.period', `'0.000'`, 'm.raw_sold::numeric(16,3)::text', 'm.first_sold')}
        from monthly m where m.raw_sold > 0`;
    case 'REPORT_MISSING':
      return sql`${cols(kind, 'ENTERPRISE', 'e.id::text', 'null::text', 'e.id', 'p.period', `to_char(p.due, 'YYYY-MM-DD')`, `to_char((mr.submitted_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD')`, 'p.due + 1')}
        from ents e cross join dues p
        left join reports mr on mr.enterprise_id = e.id and mr.period = p.period
        where e.status in ('FILED', 'WARNED') and e.filed_at is not null
          and p.period >= to_char((e.filed_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')
          and p.due < ${asOf}::date
          and (mr.id is null or (mr.submitted_at at time zone 'Asia/Shanghai')::date > p.due)`;
    case 'VALUE_ADD_BELOW_THRESHOLD':
      return sql`${cols(kind, 'ENTERPRISE', 'm.enterprise_id::text', 'null::text', 'm.enterprise_id', 'm.period', `coalesce(pl.value_add_threshold, 0.2)::text`, 'round((m.oy - m.cy) / m.cy, 4)::text', `(to_date(m.period || '-01', 'YYYY-MM-DD') + interval '1 month')::date`)}
        from monthly m left join plans pl on pl.year = substr(m.period, 1, 4)::int
        where m.cy > 0 and round((m.oy - m.cy) / m.cy, 4) < coalesce(pl.value_add_threshold, 0.2)
          and m.period < to_char(${asOf}::date, 'YYYY-MM')`;
  }
}

const NEEDS: Record<DiscrepancyKindName, readonly string[]> = {
  RELEASED_NOT_ENTERED: ['unentered'],
  RECEIVED_MISMATCH: ['entries'],
  SEAL_BROKEN: ['entries'],
  ENTERED_NOT_BOOKED: ['entries', 'entry_booked'],
  NEGATIVE_STOCK: ['daily', 'running'],
  INVENTORY_MISMATCH: ['daily', 'monthly', 'reports', 'closing'],
  RAW_SOLD: ['daily', 'monthly'],
  REPORT_MISSING: ['ents', 'dues', 'reports'],
  VALUE_ADD_BELOW_THRESHOLD: ['daily', 'monthly', 'plans'],
};
const CTE_ORDER = ['unentered', 'entries', 'entry_booked', 'daily', 'running', 'monthly', 'reports', 'closing', 'ents', 'dues', 'plans'];

/**
 * The discrepancies as of `asOf` (SPEC §13) as one WITH … SELECT: the CTEs the requested kinds need,
 * one SELECT per kind, UNION ALL, the stable id (md5 of kind|subject|period as a UUID) and the
 * stored resolution. Returns the statement's body; callers add order, cursor and limit.
 */
function discrepanciesSql(q: DiscrepancyQuery): SQL {
  const asOfEnd = beijingDayStart(addDays(q.asOf, 1));
  const ents = q.enterpriseId ? [q.enterpriseId] : undefined;
  const need = new Set(q.kinds.flatMap((k) => NEEDS[k]));
  const ctes: Record<string, () => SQL> = {
    unentered: () => sql`unentered as (${unenteredReleasesSql({ enterpriseIds: ents, enteredBefore: asOfEnd })})`,
    // Inlined where used, so each kind reads its own index (mismatched, broken seal, by id).
    entries: () => sql`entries as not materialized (${factoryEntryLotsSql({ enterpriseIds: ents, enteredBefore: asOfEnd })})`,
    // The entries that may be not booked as of asOf: those short of 99.5 % of their target now, and
    // those booked again after asOf (their bookings up to asOf are summed); all others are booked.
    entry_booked: () => sql`entry_booked as (select r.factory_entry_id,
      case when r.last_booked_on is null or r.last_booked_on <= ${q.asOf}::date then r.booked_kg
        else (select coalesce(sum(b.booked_kg), 0) from (${factoryEntryLinksSql()}) l
                join (${bookedByDeclarationSql({ asOf: q.asOf })}) b on b.declaration_id = l.declaration_id
               where l.factory_entry_id = r.factory_entry_id) end as booked
      from ${custodyEntryBookedTable} r where r.open or r.last_booked_on > ${q.asOf}::date)`,
    // Inlined: the running stock reads ledger_daily in its key's order (no sort), the months hash.
    daily: () => sql`daily as not materialized (${ledgerDailySql({ asOf: q.asOf, enterpriseIds: ents })})`,
    running: () => sql`running as (select enterprise_id, day, sum(raw_delta) over (partition by enterprise_id order by day) as stock from daily)`,
    monthly: () => sql`monthly as (select enterprise_id, to_char(day, 'YYYY-MM') as period, sum(raw_delta) as raw_delta,
      sum(raw_sold_kg) as raw_sold, min(day) filter (where raw_sold_kg > 0) as first_sold,
      sum(consumed_yuan) as cy, sum(output_yuan) as oy from daily group by enterprise_id, to_char(day, 'YYYY-MM'))`,
    reports: () => sql`reports as (select * from (${monthlyReportsSql()}) r where r.submitted_at < ${asOfEnd.toISOString()}::timestamptz
      ${ents ? sql`and r.enterprise_id = ${ents[0]}::uuid` : sql``})`,
    closing: () => sql`closing as (select r.id, r.enterprise_id, r.period, r.inventory_kg, r.submitted_at, coalesce(sum(m.raw_delta), 0) as closing
      from reports r left join monthly m on m.enterprise_id = r.enterprise_id and m.period <= r.period
      group by r.id, r.enterprise_id, r.period, r.inventory_kg, r.submitted_at)`,
    ents: () => sql`ents as (select * from ${enterprisesSql()} e ${ents ? sql`where e.id = ${ents[0]}::uuid` : sql``})`,
    dues: () => q.dues.length
      ? sql`dues as (select * from (values ${sql.join(q.dues.map((d) => sql`(${d.period}::text, ${d.due}::date)`), sql`, `)}) v(period, due))`
      : sql`dues as (select null::text as period, null::date as due where false)`,
    plans: () => sql`plans as (select * from ${planThresholdsSql()} p)`,
  };
  const withs = CTE_ORDER.filter((c) => need.has(c)).map((c) => ctes[c]!());
  const union = sql.join(q.kinds.map((k) => kindSql(k, q.asOf)), sql` union all `);
  const conds: SQL[] = [sql`true`];
  if (q.enterpriseId) conds.push(sql`u.enterprise_id = ${q.enterpriseId}::uuid`);
  if (q.cooperativeId) {
    // the cooperative's declarations, and the enterprises that received them
    conds.push(sql`u.enterprise_id in (select c.enterprise_id from (${cooperativeLandingSql(q.cooperativeId)}) c)`);
    conds.push(sql`(u.declaration_no is null or u.declaration_no in (select c.declaration_no from (${cooperativeLandingSql(q.cooperativeId)}) c))`);
  }
  if (q.from) conds.push(sql`u.detected_on >= ${q.from}::date`);
  if (q.to) conds.push(sql`u.detected_on <= ${q.to}::date`);
  if (q.declarationNo) conds.push(sql`u.declaration_no = ${q.declarationNo}`);
  const id = sql`md5(u.kind || '|' || u.subject || '|' || coalesce(u.period, ''))::uuid`;
  const outer: SQL[] = [sql`true`];
  if (q.id) outer.push(sql`x.id = ${q.id}::uuid`);
  if (q.open === true) outer.push(sql`r.discrepancy_id is null`);
  if (q.open === false) outer.push(sql`r.discrepancy_id is not null`);
  return sql`with ${sql.join(withs, sql`, `)}
    select x.*, r.note, r.resolved_by::text as resolved_by, r.resolved_at
    from (select ${id} as id, u.kind, u.subject_type, u.subject, u.declaration_no, u.enterprise_id, u.period, u.expected, u.actual,
                 u.detected_on::date as detected_on
            from (${union}) u where ${sql.join(conds, sql` and `)}) x
    left join ${discrepancyResolutionsTable} r on r.discrepancy_id = x.id
    where ${sql.join(outer, sql` and `)}`;
}

function toRow(r: Record<string, unknown>): DiscrepancyRow {
  const detected = r.detected_on instanceof Date ? r.detected_on.toISOString().slice(0, 10) : String(r.detected_on).slice(0, 10);
  return {
    id: String(r.id), kind: r.kind as DiscrepancyKindName, subjectType: String(r.subject_type), subject: String(r.subject),
    declarationNo: (r.declaration_no as string | null) ?? null, enterpriseId: (r.enterprise_id as string | null) ?? null,
    period: (r.period as string | null) ?? null, expected: (r.expected as string | null) ?? null, actual: (r.actual as string | null) ?? null,
    detectedOn: detected,
    resolution: r.note == null ? null : { note: String(r.note), resolvedBy: String(r.resolved_by), resolvedAt: toDate(r.resolved_at)! },
  };
}

/**
 * A page of discrepancies in (detectedOn, id) order after the cursor, with the total count: ONE
 * statement (the count is a window over the same rows).
 */
export async function discrepancyPage(db: DbOrTx, q: DiscrepancyQuery, page: { limit: number; after?: { detectedOn: string; id: string } | null }) {
  if (!q.kinds.length) return { rows: [] as DiscrepancyRow[], total: 0 };
  const after = page.after ? sql`where (d.detected_on, d.id) > (${page.after.detectedOn}::date, ${page.after.id}::uuid)` : sql``;
  const found = await rows<Record<string, unknown>>(db, sql`
    select d.id::text as id, d.kind, d.subject_type, d.subject, d.declaration_no, d.enterprise_id::text as enterprise_id, d.period, d.expected, d.actual,
           to_char(d.detected_on, 'YYYY-MM-DD') as detected_on, d.note, d.resolved_by, d.resolved_at,
           count(*) over () as total_count
      from (${discrepanciesSql(q)}) d ${after}
     order by d.detected_on, d.id limit ${page.limit + 1}`);
  const total = found.length ? Number(found[0]!.total_count) : 0;
  return { rows: found.map(toRow), total };
}

/** Every discrepancy matching (no page): for traceability and the resolve check. */
export async function discrepancyList(db: DbOrTx, q: DiscrepancyQuery): Promise<DiscrepancyRow[]> {
  if (!q.kinds.length) return [];
  const found = await rows<Record<string, unknown>>(db, sql`
    select d.id::text as id, d.kind, d.subject_type, d.subject, d.declaration_no, d.enterprise_id::text as enterprise_id, d.period, d.expected, d.actual,
           to_char(d.detected_on, 'YYYY-MM-DD') as detected_on, d.note, d.resolved_by, d.resolved_at
      from (${discrepanciesSql(q)}) d order by d.detected_on, d.id`);
  return found.map(toRow);
}

/** Counts by kind and period (no subjects): one statement. */
export async function discrepancyCountRows(db: DbOrTx, q: DiscrepancyQuery): Promise<{ kind: DiscrepancyKindName; period: string; count: number; open: number }[]> {
  if (!q.kinds.length) return [];
  const found = await rows<{ kind: DiscrepancyKindName; period: string; n: string | number; o: string | number }>(db, sql`
    select d.kind, d.period, count(*) as n, count(*) filter (where d.note is null) as o
      from (${discrepanciesSql(q)}) d group by d.kind, d.period order by d.period, d.kind`);
  return found.map((r) => ({ kind: r.kind, period: r.period, count: Number(r.n), open: Number(r.o) }));
}

/** Stores (or replaces) the resolution of a discrepancy. */
export async function upsertResolution(db: DbOrTx, v: { discrepancyId: string; kind: string; note: string; resolvedBy: Agency; resolvedBySub: string | null }) {
  const now = new Date();
  await db.insert(discrepancyResolutionsTable).values({ ...v, resolvedAt: now })
    .onConflictDoUpdate({
      target: discrepancyResolutionsTable.discrepancyId,
      set: { note: v.note, resolvedBy: v.resolvedBy, resolvedBySub: v.resolvedBySub, resolvedAt: now },
    });
}
