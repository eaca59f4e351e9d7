/**
 * Reports demo data: 2025 assessment targets (附件7) for the filed enterprises, so the assessment
 * table and the report page have something to compare against. Actual figures come from the
 * customs and ledger seeds.
 */
import type { Db } from '../src/db/client';
import { assessmentTargetsTable } from '../src/modules/reports/table';
import type { Rng } from './random';

export async function seedReports(db: Db, r: Rng, opts: { log: (m: string) => void }, enterprises: { id: string; status: string }[]) {
  const rows = enterprises.filter((e) => e.status === 'FILED' || e.status === 'WARNED').map((e) => ({
    enterpriseId: e.id, year: 2025,
    importTradeTargetYuan: `${r.int(20, 300) * 100_000}.00`,
    valueAddRateTarget: r.pick(['0.2000', '0.2000', '0.2500', '0.3000']),
    source: 'COMMERCE' as const,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(assessmentTargetsTable).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  opts.log(`assessment targets 2025: ${rows.length}`);
}
