/** Per-request batch loaders of the ledger domain: one statement per kind of question per level. */
import DataLoader from 'dataloader';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { WorkCalendar } from './rules';
import { periodRange } from './rules';
import { monthlyReportSubmissions, stockOf, totalsFor, writeOffsFor, type KeyedTotals, type StatsKey, type WriteOffRow, workCalendarOf } from './store';

const keyOf = (k: StatsKey) => `${k.enterpriseId}|${k.from}|${k.to}`;

export function createLedgerLoaders(db: Db, _viewer: Viewer, _config: Config) {
  /**
   * Ledger totals keyed by (enterpriseId, from, to): every key asked for in one tick is answered
   * by ONE grouped statement (Enterprise.processingStats, MonthlyReport.discrepancies, annual roll-ups).
   */
  const totalsByKey = new DataLoader<StatsKey, KeyedTotals | null, string>(
    (keys) => totalsFor(db, keys), { cacheKeyFn: keyOf },
  );

  /** The working-day calendar, asked once per request (kept in memory across requests: store.workCalendarOf). */
  let calendar: Promise<WorkCalendar> | undefined;
  const workCalendar = () => (calendar ??= workCalendarOf(db));

  /** Monthly reports of (enterprise, year), for annual roll-ups: one statement per batch. */
  const monthlyReportsByEnterpriseYear = new DataLoader<string, { period: string; submittedAt: Date }[]>(async (keys) => {
    const parsed = keys.map((k) => { const [id, y] = k.split('|'); return { id: id!, year: Number(y) }; });
    const ids = [...new Set(parsed.map((p) => p.id))];
    const years = parsed.map((p) => p.year);
    const found = await monthlyReportSubmissions(db, ids, `${Math.min(...years)}-01`, `${Math.max(...years)}-12`);
    return parsed.map((p) => found.filter((r) => r.enterpriseId === p.id && r.period.startsWith(`${p.year}-`)));
  });

  /** Enterprise.stock(asOf), keyed `enterpriseId|asOf`: one grouped statement per distinct date. */
  const stockByKey = new DataLoader<string, { rawKg: string; productKg: string } | null>(async (keys) => {
    const parsed = keys.map((k) => k.split('|') as [string, string]);
    const dates = [...new Set(parsed.map(([, d]) => d))];
    const maps = new Map(await Promise.all(dates.map(async (d) => [d, await stockOf(db, [...new Set(parsed.filter((p) => p[1] === d).map((p) => p[0]))], d)] as const)));
    return parsed.map(([id, d]) => maps.get(d)!.get(id) ?? null);
  });

  /** Enterprise.writeOff(period), keyed `enterpriseId|period`: one statement per batch. */
  const writeOffByKey = new DataLoader<string, WriteOffRow | null>(async (keys) =>
    writeOffsFor(db, keys.map((k) => { const [enterpriseId, period] = k.split('|') as [string, string]; return { enterpriseId, period, ...periodRange(period) }; })));

  return { totalsByKey, workCalendar, monthlyReportsByEnterpriseYear, stockByKey, writeOffByKey };
}

export type LedgerLoaders = ReturnType<typeof createLedgerLoaders>;
