/**
 * insertFactoryEntries takes any number of links in one statement: the seed at scale 20 links
 * ~100,000 in one call, which as a VALUES list (two parameters per link) passed the protocol's
 * 65,535 parameters and stopped `npm run bench` at its default scale. It also stores each entry's
 * declared kg and first declaration number, and each declaration's first arrival (SPEC §13).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows } from '../../../src/db/client';
import { insertFactoryEntries } from '../../../src/modules/customs';
import { landingChain } from '../../support/customs';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

it('links 200 entries × 200 declarations (40,000 links, 80,000 values) in one call', async () => {
  const chain = await landingChain(hub.db);
  const declarations = await rows<{ id: string }>(hub.db, sql`
    insert into customs_declarations (source, declaration_no, declared_at, declared_on, declarant_id, cooperative_id, purpose, destination_enterprise_id, value_yuan, quantity_kg, content_hash, status, released_at)
    select 'CUSTOMS', 'LINK-MANY-' || n, timestamptz '2025-06-10 10:00+08', date '2025-06-10', (select id from border_residents where id_number = ${chain.members[0]!}),
      ${chain.cooperativeId}, 'LANDING_PROCESSING', ${chain.enterpriseId}, 1000, 100, 'link-many', 'RELEASED', timestamptz '2025-06-10 12:00+08'
    from generate_series(1, 200) n returning id`);
  // entry k arrives k hours after the first, so each declaration's first arrival is entry 0's
  const entries = await insertFactoryEntries(hub.db, Array.from({ length: 200 }, (_, k) => ({
    entry: {
      enterpriseId: chain.enterpriseId, externalRef: `LINK-MANY-${k}`, commodityName: '葵花籽', arrivedAt: new Date(Date.UTC(2025, 5, 11, 1 + k)),
      sealIntact: true, contentHash: `link-many-${k}`, source: 'ENTERPRISE' as const,
    },
    declarationIds: (k % 2 ? [...declarations].reverse() : declarations).map((d) => d.id),
  })));
  expect(entries).toHaveLength(200);
  const [n] = await rows<{ n: number; distinct_pairs: number }>(hub.db, sql`
    select count(*)::int as n, count(distinct (factory_entry_id, declaration_id))::int as distinct_pairs
    from factory_entry_declarations where factory_entry_id = any(${sql.param(entries)}::uuid[])`);
  expect(n).toEqual({ n: 40_000, distinct_pairs: 40_000 });
  const figures = await rows<{ kg: string; no: string; n: number }>(hub.db, sql`
    select declared_kg::text as kg, declaration_no as no, count(*)::int as n from factory_entries
     where id = any(${sql.param(entries)}::uuid[]) group by 1, 2`);
  expect(figures).toEqual([{ kg: '20000.000', no: 'LINK-MANY-1', n: 200 }]);
  const entered = await rows<{ at: string; n: number }>(hub.db, sql`
    select to_char(entered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at, count(*)::int as n from customs_declarations
     where declaration_no like 'LINK-MANY-%' group by 1`);
  expect(entered).toEqual([{ at: '2025-06-11 01:00', n: 200 }]);
}, 60_000);
