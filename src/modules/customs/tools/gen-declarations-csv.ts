/**
 * Generates a valid declarations CSV for `npm run import -- declarations` against a seeded database:
 *   DATABASE_URL=… node --import tsx src/modules/customs/tools/gen-declarations-csv.ts <rows> <out.csv>
 * Half landing processing (members along their cooperative's contract, pilot codes, dates
 * 2026-11-21 … 2026-12-31 after the demo seed), half market sale by residents not yet in the
 * registry (so the import registers them). One line per declaration, one declaration per
 * resident and day, each under the daily allowance.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { toCsv } from '../../../shared/csv';
import { addDays } from '../../../shared/time';
import { idCheckChar } from '../../registry';
import { DECLARATION_CSV_COLUMNS } from '../import';
import { SAMPLE_CODES } from '../reference';

const [nArg, out] = process.argv.slice(2);
const n = Number(nArg ?? 100_000);
const url = process.env.DATABASE_URL;
if (!url || !out) { process.stderr.write('usage: DATABASE_URL=… gen-declarations-csv.ts <rows> <out.csv>\n'); process.exit(2); }
const db = postgres(url, { max: 1, onnotice: () => {} });
const contracts = await db<{ enterprise_id: string; cooperative_id: string; hs_codes: string[]; id_number: string }[]>`
  select sc.enterprise_id, sc.cooperative_id, sc.hs_codes, r.id_number
    from supply_contracts sc join cooperative_memberships m on m.cooperative_id = sc.cooperative_id and m.left_on is null
      join border_residents r on r.id = m.resident_id
    join enterprises e on e.id = sc.enterprise_id and e.status in ('FILED', 'WARNED')
   where sc.valid_to >= '2026-12-31'`;
await db.end();
const usable = contracts.map((c) => ({ ...c, code: c.hs_codes.map((p) => SAMPLE_CODES[p]).find(Boolean) })).filter((c) => c.code);
const rows: Record<string, unknown>[] = [];
const days = 41;
let fresh = 0;
for (let i = 0; rows.length < n; i++) {
  const day = addDays('2026-11-21', i % days);
  const at = `${day}T${String(9 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+08:00`;
  const base = { declarationNo: `IMP${String(i).padStart(9, '0')}`, declaredAt: at, quantityKg: (100 + (i % 900)).toFixed(3), valueYuan: (1000 + (i % 5000) + 0.5).toFixed(2) };
  const landingRound = Math.floor(i / days);
  if (i % 2 === 0 && landingRound < usable.length) {
    // resident k declares once per day: (i / days) walks the members, i % days the days
    const c = usable[landingRound % usable.length]!;
    rows.push({ ...base, declarantIdNumber: c.id_number, purpose: 'LANDING_PROCESSING', cooperativeId: c.cooperative_id,
      destinationEnterpriseId: c.enterprise_id, hsCode: c.code!.hsCode, commodityName: c.code!.name, directTransport: 'true' });
  } else {
    const k = fresh++;
    const birth = new Date(Date.UTC(1965, 0, 1) + (k % 15000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `659007${birth}${String(900 + Math.floor(k / 15000)).padStart(3, '0')}`;
    rows.push({ ...base, declarantIdNumber: first17 + idCheckChar(first17), declarantName: `边民${k}`, purpose: 'MARKET_SALE', hsCode: '08062000', commodityName: '葡萄干',
      // a 659007 ID number gives no presumed residence (SPEC §14): a listed border township of 双河市
      residenceCounty: '659007', residenceTownship: '九十团', residenceBasis: 'HUKOU' });
  }
}
writeFileSync(out, toCsv(rows, [...DECLARATION_CSV_COLUMNS]));
process.stdout.write(`wrote ${rows.length} declarations to ${out}\n`);
