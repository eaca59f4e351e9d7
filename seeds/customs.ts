/**
 * Customs demo data: ~50,000 declarations per unit of scale over 2025-01-01 … 2026-11-20, written
 * directly with bulk inserts (not through the mutation) but obeying every rule of SPEC §5: border
 * residents only, at most one declaration per resident and Beijing day and ≤ 8,000 yuan each (so
 * the daily allowance holds), landing processing only by members along their cooperative's
 * contract for pilot commodities to FILED/WARNED enterprises, no negative-list codes. A mix of
 * statuses and both purposes, and the quota early warning evaluated at the end as a batch would.
 * Factory entries come with the ledger (seeds/ledger.ts), which follows every released lot.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { rows } from '../src/db/client';
import { contentHash } from '../src/shared/hash';
import {
  SAMPLE_CODES, insertDeclarationLines, insertDeclarations,
  type NewDeclaration, type NewDeclarationLine,
} from '../src/modules/customs';
import { evaluateEarlyWarnings } from '../src/modules/quota';
import { addDays } from '../src/shared/time';
import { progress, type Rng } from './random';
import type { RegistrySeed } from './registry';

const FIRST_DAY = '2025-01-01';
const LAST_DAY = '2026-11-20';
const MARKET_CODES = [
  { hsCode: '08062000', name: '葡萄干' }, { hsCode: '08131000', name: '杏干' }, { hsCode: '08023100', name: '带壳核桃' },
  { hsCode: '04090000', name: '天然蜂蜜' }, { hsCode: '19059000', name: '糕点饼干' }, { hsCode: '17049000', name: '糖果' },
  { hsCode: '15179090', name: '食用油脂' }, { hsCode: '12060090', name: '葵花籽' },
];

const uuid = (r: Rng) => {
  const h = (n: number) => Math.floor(r.next() * 16 ** n).toString(16).padStart(n, '0');
  return `${h(8)}-${h(4)}-4${h(3)}-${(8 + r.int(0, 3)).toString(16)}${h(3)}-${h(12)}`;
};

function status(r: Rng, day: string): { status: 'DECLARED' | 'RELEASED' | 'INSPECTING' | 'RETURNED' | 'DESTROYED' | 'REFERRED_TO_ANTI_SMUGGLING' } {
  if (day > '2026-11-13' && r.chance(0.6)) return { status: r.chance(0.8) ? 'DECLARED' : 'INSPECTING' };
  const x = r.next();
  if (x < 0.88) return { status: 'RELEASED' };
  if (x < 0.92) return { status: 'DECLARED' };
  if (x < 0.95) return { status: 'INSPECTING' };
  if (x < 0.98) return { status: 'RETURNED' };
  if (x < 0.99) return { status: 'DESTROYED' };
  return { status: 'REFERRED_TO_ANTI_SMUGGLING' };
}

export async function seedCustoms(db: Db, r: Rng, reg: RegistrySeed, opts: { scale: number; log: (m: string) => void }) {
  const total = 50_000 * opts.scale;
  // A resident's cooperative: the seeded rosters' open memberships (registry seeds, SPEC §14).
  const residents = await rows<{ id: string; id_number: string; cooperative_id: string | null }>(db, sql`select r.id, r.id_number, m.cooperative_id
    from border_residents r left join cooperative_memberships m on m.resident_id = r.id and m.left_on is null order by r.id_number`);
  const residentByIdNumber = new Map(residents.map((x) => [x.id_number, x]));
  const days = (Date.parse(`${LAST_DAY}T00:00:00Z`) - Date.parse(`${FIRST_DAY}T00:00:00Z`)) / 86_400_000 + 1;
  // Only contracts whose prefixes name sample pilot codes can carry landing processing.
  const usable = reg.contracts.map((c) => ({ ...c, codes: c.hsCodes.map((p) => SAMPLE_CODES[p]).filter((x): x is { hsCode: string; name: string } => !!x) }))
    .filter((c) => c.codes.length && (reg.members.get(c.cooperativeId)?.length ?? 0) > 0);
  const taken = new Set<string>();
  const tick = progress(opts.log, 'declarations', total);
  let seq = 0;

  await db.transaction(async (tx) => {
  for (let done = 0; done < total;) {
    const n = Math.min(1000, total - done);
    const decls: NewDeclaration[] = [];
    const lines: NewDeclarationLine[] = [];
    while (decls.length < n) {
      const day = addDays(FIRST_DAY, r.int(0, days - 1));
      const landing = usable.length > 0 && r.chance(0.6);
      const contract = landing ? r.pick(usable) : null;
      const idNumber = contract ? r.pick(reg.members.get(contract.cooperativeId)!) : r.pick(residents).id_number;
      // One declaration per resident and day, each ≤ 8,000 yuan: the allowance holds by construction.
      if (taken.has(`${idNumber}|${day}`)) continue;
      taken.add(`${idNumber}|${day}`);
      const resident = residentByIdNumber.get(idNumber)!;
      const id = uuid(r);
      const codes = contract ? contract.codes : MARKET_CODES;
      const lineCount = r.int(1, 3);
      let value = 0;
      let qty = 0;
      for (let k = 1; k <= lineCount; k++) {
        const c = r.pick(codes);
        const v = r.int(300, 2600) * 100 + r.int(0, 99); // fen, ≤ 2,600.99 yuan per line
        const q = r.int(50, 1500) * 1000 + r.int(0, 999); // grams
        value += v; qty += q;
        lines.push({ declarationId: id, lineNo: k, hsCode: c.hsCode, commodityName: c.name, quantityKg: (q / 1000).toFixed(3), valueYuan: (v / 100).toFixed(2) });
      }
      const hour = r.int(9, 18);
      const declaredAt = new Date(`${day}T${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+08:00`);
      const { status: st } = status(r, day);
      const releasedAt = st === 'RELEASED' || (st === 'REFERRED_TO_ANTI_SMUGGLING' && r.chance(0.5)) ? new Date(declaredAt.getTime() + r.int(20, 180) * 60_000) : null;
      const declarationNo = `ALSK${day.replaceAll('-', '')}${String(++seq).padStart(7, '0')}`;
      const coopId = contract?.cooperativeId ?? (resident.cooperative_id && r.chance(0.5) ? resident.cooperative_id : null);
      decls.push({
        id, declarationNo, declaredAt, declaredOn: day, tradePoint: 'ALASHANKOU', declarantId: resident.id,
        agentIdNumber: null, entrustmentProofNo: null, cooperativeId: coopId,
        purpose: contract ? 'LANDING_PROCESSING' : 'MARKET_SALE', destinationEnterpriseId: contract?.enterpriseId ?? null,
        valueYuan: (value / 100).toFixed(2), quantityKg: (qty / 1000).toFixed(3),
        delegatedDeclaration: !!contract && r.chance(0.3), directTransport: !!contract && r.chance(0.5), inspectionWaived: !!contract && r.chance(0.2),
        status: st, releasedAt, contentHash: contentHash({ seed: declarationNo, value }),
      });
    }
    // One statement per table and chunk: the rows travel as a single JSON parameter.
    await insertDeclarations(tx, 'CUSTOMS', decls);
    await insertDeclarationLines(tx, lines);
    done += n;
    tick(done);
  }
  });

  // 入厂登记 (factory entries) are the receiving enterprises' records: seeds/ledger.ts writes them with the ledger (SPEC §13).
  await evaluateEarlyWarnings({ db }, new Map([[2025, '2025-12-31'], [2026, LAST_DAY]]));
  return { declarations: total };
}
