/** The ledger demo seed (seeds/ledger.ts) stores only what submitLedgerEntries would accept. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows } from '../../../src/db/client';
import { submitLedgerEntries } from '../../../src/modules/ledger';
import { ledgerEntriesTable } from '../../../src/modules/ledger/table';
import type { LedgerEntryInput, LedgerKind } from '../../../src/modules/ledger/types';
import { seedLedger } from '../../../seeds/ledger';
import { rng } from '../../../seeds/random';
import { seedRegistry, type RegistrySeed } from '../../../seeds/registry';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
let registry: RegistrySeed;
let withDeclarations: Set<string>;
beforeAll(async () => {
  hub = await startHub();
  registry = await seedRegistry(hub.db, rng(20250101), { scale: 1, log: () => {} });
  // Stand-in for customs' seed (50,000 rows is too slow for a test): four landing-processing
  // declarations a month to each contracted enterprise, the first on the 1st.
  withDeclarations = new Set(registry.contracts.map((c) => c.enterpriseId));
  await hub.db.execute(sql`
    insert into customs_declarations (source, declaration_no, declared_at, declared_on, declarant_id, cooperative_id, purpose, destination_enterprise_id, value_yuan, quantity_kg, content_hash)
    select 'CUSTOMS', 'SEED-' || left(e::text, 8) || '-' || to_char(d, 'YYYYMMDD'), d + time '10:00' - interval '8 hours', d::date,
      (select id from border_residents limit 1), null, 'LANDING_PROCESSING', e, 1000, 100, 'seed-test'
    from unnest(string_to_array(${[...withDeclarations].join(",")}, ',')::uuid[]) as e,
      generate_series(date '2025-01-01', date '2025-12-31', interval '1 day') as d
    where extract(day from d) in (1, 8, 15, 22)`);
  await seedLedger(hub.db, rng(7), { scale: 1, log: () => {} }, registry);
}, 60_000);
afterAll(async () => { await hub?.close(); });

it('links every RAW_IN entry to landing-processing declarations of its own enterprise declared on or before the entry', async () => {
  const [x] = await rows<{ raw_in: number; bad: number }>(hub.db, sql`
    select count(*)::int as raw_in,
      count(*) filter (where cardinality(l.declaration_nos) = 0 or exists (
        select 1 from unnest(l.declaration_nos) as no
        left join customs_declarations d on d.declaration_no = no
        where d.id is null or d.purpose <> 'LANDING_PROCESSING' or d.destination_enterprise_id <> l.enterprise_id or d.declared_on > l.occurred_on))::int as bad
    from ledger_entries l where l.kind = 'RAW_IN'`);
  expect(x!.raw_in).toBeGreaterThan(100);
  expect(x!.bad).toBe(0);
});

it('keeps no ledger for an approved enterprise that no declaration reaches', async () => {
  const found = await rows<{ enterprise_id: string }>(hub.db, sql`select distinct enterprise_id from ledger_entries`);
  const approved = registry.enterprises.filter((e) => e.status !== 'PENDING').map((e) => e.id);
  expect(new Set(found.map((f) => f.enterprise_id))).toEqual(new Set(approved.filter((id) => withDeclarations.has(id))));
  expect(approved.some((id) => !withDeclarations.has(id))).toBe(true);
});

it('answers every seeded entry resubmitted through submitLedgerEntries as DUPLICATE', async () => {
  const stored = await hub.db.select().from(ledgerEntriesTable);
  const inputs: LedgerEntryInput[] = stored.map((l) => ({
    enterpriseId: l.enterpriseId, occurredOn: l.occurredOn, kind: l.kind as LedgerKind, hsCode: l.hsCode ?? undefined, productName: l.productName ?? undefined,
    quantityKg: Number(l.quantityKg), amountYuan: l.amountYuan, externalRef: l.externalRef, invoiceNo: l.invoiceNo ?? undefined, declarationNos: l.declarationNos,
  }));
  for (let i = 0; i < inputs.length; i += 1000) {
    const r = await submitLedgerEntries({ db: hub.db, viewer: { sub: 'seed-test', agency: 'COMMERCE', org: null } }, inputs.slice(i, i + 1000));
    expect(r.rows.filter((x) => x.status !== 'DUPLICATE')).toEqual([]);
  }
}, 60_000);
