/**
 * The chain of custody (SPEC §13): traceability of a declaration, discrepancies (computed by the
 * hub as of a date, never typed in), their resolution and the analysts' counts. Row and kind scope
 * come from policy.ts; every query is a bounded number of statements (store.ts).
 */
import type { Context } from '../../context';
import { badInput, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { pageSize } from '../../shared/pagination';
import { beijingToday } from '../../shared/time';
import { factoryEntriesOfDeclarations } from '../customs';
import { bookingsOfDeclarations, loadWorkCalendar, reportDueDate, type WorkCalendar } from '../ledger';
import { checkMayResolve, countScope, discrepancyScope, type DiscrepancyScope } from './policy';
import { custodyStage, DECLARATION_SIDE_KINDS, unbookedKg, type DiscrepancyKindName } from './rules';
import * as store from './store';
import type { DiscrepancyRow, LotRow } from './store';
import type { Custody, CustodyStage, DiscrepancyFilter } from './types';

/** The request's loaders give the calendar once per request; without them (the report page) it is read here. */
export type CustodyContext = Pick<Context, 'db' | 'viewer'> & { loaders?: { ledger: { workCalendar(): Promise<WorkCalendar> } } };

const NO_ROW = '00000000-0000-0000-0000-000000000000';

export function custodyOf(l: LotRow): Custody {
  return {
    declarationId: l.declarationId, destinationEnterpriseId: l.enterpriseId, cooperativeId: l.cooperativeId,
    declaredKg: l.declaredKg, releasedAt: l.releasedAt, enteredAt: l.enteredAt, receivedKg: l.receivedKg,
    bookedKg: l.bookedKg, unbookedKg: unbookedKg(l.declaredKg, l.bookedKg), sealIntact: l.sealIntact,
    stage: custodyStage(l) as CustodyStage,
  };
}

/** Periods (YYYY-MM) from `first` to `last`, inclusive. */
function periodsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let p = first; p <= last && out.length < 240; ) {
    out.push(p);
    m++; if (m > 12) { m = 1; y++; }
    p = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

/**
 * Due dates of the periods REPORT_MISSING may concern: from 36 months before asOf (or the month
 * before `from`) to asOf's month, over the working-day calendar (read once per request).
 */
async function duesFor(ctx: CustodyContext, kinds: readonly DiscrepancyKindName[], asOf: string, from?: string | null) {
  if (!kinds.includes('REPORT_MISSING')) return [];
  const cal = ctx.loaders ? await ctx.loaders.ledger.workCalendar() : await loadWorkCalendar(ctx.db);
  const [y, m] = asOf.slice(0, 7).split('-').map(Number) as [number, number];
  let first = `${y - 3}-${String(m).padStart(2, '0')}`;
  if (from) {
    const [fy, fm] = from.slice(0, 7).split('-').map(Number) as [number, number];
    const prev = fm === 1 ? `${fy - 1}-12` : `${fy}-${String(fm - 1).padStart(2, '0')}`;
    if (prev > first) first = prev;
  }
  return periodsBetween(first, asOf.slice(0, 7)).map((period) => ({ period, due: reportDueDate(period, cal) }));
}

interface Narrowed { kinds: readonly DiscrepancyKindName[]; enterpriseId: string | null }

function narrow(scope: DiscrepancyScope, kinds: readonly string[] | null | undefined, enterpriseId: string | null | undefined): Narrowed {
  if (enterpriseId != null && !isUuid(enterpriseId)) throw badInput('filter.enterpriseId', 'INVALID_VALUE', `企业标识无效 / ${enterpriseId} is not an enterprise id.`);
  const k = kinds?.length ? scope.kinds.filter((x) => kinds.includes(x)) : scope.kinds;
  if (scope.enterpriseId) return { kinds: enterpriseId && enterpriseId !== scope.enterpriseId ? [] : k, enterpriseId: scope.enterpriseId };
  return { kinds: k, enterpriseId: enterpriseId ?? null };
}

function checkDates(f: { from?: string | null; to?: string | null }) {
  if (f.from && f.to && f.to < f.from) throw badInput('filter.to', 'INVALID_DATE_RANGE', '截止日期早于起始日期 / to must be on or after from (both inclusive).');
}

const encode = (r: DiscrepancyRow) => Buffer.from(JSON.stringify([r.detectedOn, r.id])).toString('base64url');
function decode(cursor: string): { detectedOn: string; id: string } {
  try {
    if (cursor.length > 200) throw new Error();
    const [d, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d) || !isUuid(id)) throw new Error();
    return { detectedOn: d, id };
  } catch {
    throw badInput('after', 'INVALID_CURSOR', '游标无效 / the cursor is not one this hub issued: pass an endCursor from a previous page.');
  }
}

/** discrepancies(filter): a page in (detectedOn, id) order; ONE statement (plus the calendar for REPORT_MISSING). */
export async function discrepancies(ctx: CustodyContext, filter: DiscrepancyFilter | null | undefined, page: { first?: number | null; after?: string | null }) {
  const f = filter ?? {};
  checkDates(f);
  if (f.cooperativeId != null && !isUuid(f.cooperativeId)) throw badInput('filter.cooperativeId', 'INVALID_VALUE', `合作社标识无效 / ${f.cooperativeId} is not a cooperative id.`);
  const limit = pageSize(page.first);
  const after = page.after ? decode(page.after) : null;
  const n = narrow(discrepancyScope(ctx.viewer), f.kind, f.enterpriseId);
  const asOf = f.asOf ?? beijingToday();
  const { rows, total } = await store.discrepancyPage(ctx.db, {
    asOf, kinds: n.kinds, enterpriseId: n.enterpriseId, cooperativeId: f.cooperativeId, from: f.from, to: f.to, open: f.open,
    dues: await duesFor(ctx, n.kinds, asOf, f.from),
  }, { limit, after });
  const edges = rows.slice(0, limit).map((node) => ({ cursor: encode(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: Promise.resolve(total),
  };
}

/** discrepancyCounts(from, to): counts by kind and month, no subjects (ANALYST and every reader of discrepancies). */
export async function discrepancyCounts(ctx: CustodyContext, from: string, to: string) {
  checkDates({ from, to });
  const scope = countScope(ctx.viewer);
  const asOf = beijingToday();
  return store.discrepancyCountRows(ctx.db, {
    asOf, kinds: scope.kinds, enterpriseId: scope.enterpriseId, from, to, dues: await duesFor(ctx, scope.kinds, asOf, from),
  });
}

/** resolveDiscrepancy(id, note): the discrepancy must exist today and be readable and resolvable by the viewer. */
export async function resolveDiscrepancy(ctx: CustodyContext, id: string, note: string): Promise<DiscrepancyRow> {
  const text = note?.trim();
  if (!text) throw badInput('note', 'MISSING_FIELD', '请说明处理情况 / note: explain how the discrepancy was resolved.');
  if (text.length > 2000) throw badInput('note', 'INVALID_VALUE', '说明过长 / note is at most 2,000 characters.');
  if (!isUuid(id)) throw notFound(`Discrepancy ${id}`);
  const scope = discrepancyScope(ctx.viewer);
  const asOf = beijingToday();
  const [found] = await store.discrepancyList(ctx.db, {
    asOf, kinds: scope.kinds, enterpriseId: scope.enterpriseId, id, dues: await duesFor(ctx, scope.kinds, asOf),
  });
  if (!found) throw notFound(`Discrepancy ${id}`);
  checkMayResolve(ctx.viewer, found.kind);
  await store.upsertResolution(ctx.db, { discrepancyId: found.id, kind: found.kind, note: text, resolvedBy: ctx.viewer.agency, resolvedBySub: ctx.viewer.sub ?? null });
  return { ...found, resolution: { note: text, resolvedBy: ctx.viewer.agency, resolvedAt: new Date() } };
}

// ── traceability ──────────────────────────────────────────────────────────────────────────

/**
 * traceability(declarationNo): the lot, its factory entries, the RAW_IN bookings and the
 * declaration-side discrepancies concerning it. An ENTERPRISE sees its own inbound declarations only.
 */
export async function traceability(ctx: CustodyContext, declarationNo: string) {
  const no = declarationNo?.trim();
  if (!no) throw badInput('declarationNo', 'MISSING_FIELD', '请填写申报单号 / declarationNo is required.');
  const [lot] = await store.lotsOf(ctx.db, { declarationNos: [no] });
  if (!lot) return null;
  const v = ctx.viewer;
  if (v.agency === 'ENTERPRISE' && lot.enterpriseId !== (v.org ?? NO_ROW)) return null;
  if (v.agency === 'COOPERATIVE' && lot.cooperativeId !== (v.org ?? NO_ROW)) return null;
  const scope = discrepancyScope(v);
  const kinds = scope.kinds.filter((k) => DECLARATION_SIDE_KINDS.includes(k));
  const [found, bookings] = await Promise.all([
    store.discrepancyList(ctx.db, { asOf: beijingToday(), kinds, enterpriseId: scope.enterpriseId, declarationNo: no, dues: [] }),
    bookingsOfDeclarations(ctx.db, v, [lot.declarationId]),
  ]);
  return {
    declarationNo: lot.declarationNo, declarationId: lot.declarationId, destinationEnterpriseId: lot.enterpriseId, cooperativeId: lot.cooperativeId,
    custody: custodyOf(lot),
    discrepancies: found,
    bookingRows: bookings.map((b) => ({ bookedKg: b.kg, ledgerEntryId: b.entry.id, enterpriseId: b.entry.enterpriseId, entry: b.entry })),
  };
}

/** The factory entries that carried a declaration (traceability; the viewer was checked by traceability). */
export function factoryEntriesOf(ctx: Pick<Context, 'db'>, declarationId: string) {
  return factoryEntriesOfDeclarations(ctx.db, [declarationId]).then((r) => r.map((x) => x.e));
}

