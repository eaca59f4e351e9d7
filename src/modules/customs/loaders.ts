/** Per-request batch loaders of the customs domain: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { rows } from '../../db/client';
import { byKey, groupBy } from '../../shared/loader-utils';
import { borderResidentsTable, type BorderResidentRow } from '../registry/table';
import { declarationScope } from './policy';
import {
  customsDeclarationsTable, declarationLinesTable, factoryEntryDeclarationsTable, type CustomsDeclarationRow, type DeclarationLineRow,
} from './table';

export interface InboundTotals { count: number; valueYuan: string; quantityKg: number }

export function createCustomsLoaders(db: Db, viewer: Viewer, _config: Config) {
  const linesByDeclarationId = new DataLoader<string, DeclarationLineRow[]>(async (ids) =>
    groupBy(ids, await db.select().from(declarationLinesTable)
      .where(inArray(declarationLinesTable.declarationId, [...ids]))
      .orderBy(asc(declarationLinesTable.declarationId), asc(declarationLinesTable.lineNo)), (r) => r.declarationId));

  /** The declarant of a declaration the viewer already sees; name/idNumber stay guarded by the matrix. */
  const residentById = new DataLoader<string, BorderResidentRow | null>(async (ids) =>
    byKey(ids, await db.select().from(borderResidentsTable).where(inArray(borderResidentsTable.id, [...ids])), (r) => r.id));

  /** The agent (委托申报) when the hub knows them as a border resident. */
  const residentByIdNumber = new DataLoader<string, BorderResidentRow | null>(async (idNumbers) =>
    byKey(idNumbers, await db.select().from(borderResidentsTable).where(inArray(borderResidentsTable.idNumber, [...idNumbers])), (r) => r.idNumber));

  const sealBrokenByDeclarationId = new DataLoader<string, boolean>(async (ids) => {
    const broken = await rows<{ id: string }>(db, sql`
      select distinct fed.declaration_id as id from factory_entry_declarations fed
        join factory_entries fe on fe.id = fed.factory_entry_id
       where fe.seal_intact = false and fed.declaration_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
    const set = new Set(broken.map((b) => b.id));
    return ids.map((id) => set.has(id));
  });

  /** Declarations a factory entry carries, within the viewer's row scope. */
  const declarationsByFactoryEntryId = new DataLoader<string, CustomsDeclarationRow[]>(async (ids) => {
    const found = await db.select({ entryId: factoryEntryDeclarationsTable.factoryEntryId, d: customsDeclarationsTable })
      .from(factoryEntryDeclarationsTable)
      .innerJoin(customsDeclarationsTable, sql`${customsDeclarationsTable.id} = ${factoryEntryDeclarationsTable.declarationId}`)
      .where(and(inArray(factoryEntryDeclarationsTable.factoryEntryId, [...ids]), declarationScope(viewer)))
      .orderBy(asc(customsDeclarationsTable.declarationNo));
    return groupBy(ids, found, (r) => r.entryId).map((list) => list.map((r) => r.d));
  });

  /**
   * Enterprise.inboundDeclarations(from, to): one GROUP BY per distinct (from, to) in the request,
   * whatever the number of enterprises. Counted statuses as for quota (SPEC §7).
   */
  const inbound = new Map<string, DataLoader<string, InboundTotals>>();
  const inboundTotals = (from: string, to: string) => {
    const k = `${from}|${to}`;
    let l = inbound.get(k);
    if (!l) {
      l = new DataLoader<string, InboundTotals>(async (ids) => {
        const totals = await rows<{ id: string; n: string | number; v: string; q: string }>(db, sql`
          select destination_enterprise_id as id, count(*) as n, sum(value_yuan)::text as v, sum(quantity_kg)::text as q
            from customs_declarations
           where destination_enterprise_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})
             and purpose = 'LANDING_PROCESSING' and declared_on between ${from}::date and ${to}::date
             and status in ('DECLARED', 'RELEASED', 'INSPECTING')
           group by destination_enterprise_id`);
        const m = new Map(totals.map((t) => [t.id, { count: Number(t.n), valueYuan: t.v, quantityKg: Number(t.q) }]));
        return ids.map((id) => m.get(id) ?? { count: 0, valueYuan: '0', quantityKg: 0 });
      });
      inbound.set(k, l);
    }
    return l;
  };

  return { linesByDeclarationId, residentById, residentByIdNumber, sealBrokenByDeclarationId, declarationsByFactoryEntryId, inboundTotals };
}

export type CustomsLoaders = ReturnType<typeof createCustomsLoaders>;
