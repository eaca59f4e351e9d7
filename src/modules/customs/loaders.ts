/** Per-request batch loaders of the customs domain: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { PrimedLoader, byKey, groupBy } from '../../shared/loader-utils';
import { residentsByIdNumbers, residentsByIds, type BorderResidentRow, type EnterpriseFieldReadAhead } from '../registry';
import * as store from './store';
import type { CustomsDeclarationRow, DeclarationLineRow, InboundTotals } from './store';

export type { InboundTotals };

export function createCustomsLoaders(db: Db, viewer: Viewer, _config: Config) {
  const linesByDeclarationId = new DataLoader<string, DeclarationLineRow[]>(async (ids) =>
    groupBy(ids, await store.linesOfDeclarations(db, ids), (r) => r.declarationId));

  /** The declarant of a declaration the viewer already sees; name/idNumber stay guarded by the matrix. */
  const residentById = new DataLoader<string, BorderResidentRow | null>(async (ids) =>
    byKey(ids, await residentsByIds(db, ids), (r) => r.id));

  /** The agent (委托申报) when the hub knows them as a border resident. */
  const residentByIdNumber = new DataLoader<string, BorderResidentRow | null>(async (idNumbers) =>
    byKey(idNumbers, await residentsByIdNumbers(db, idNumbers), (r) => r.idNumber));

  const sealBrokenByDeclarationId = new DataLoader<string, boolean>(async (ids) => {
    const broken = await store.sealBrokenDeclarationIds(db, ids);
    return ids.map((id) => broken.has(id));
  });

  /** Declarations a factory entry carries, within the viewer's row scope. */
  const declarationsByFactoryEntryId = new DataLoader<string, CustomsDeclarationRow[]>(async (ids) =>
    groupBy(ids, await store.declarationsOfFactoryEntries(db, viewer, ids), (r) => r.entryId).map((list) => list.map((r) => r.d)));

  /** FactoryEntry.declaredKg: Σ kg of each entry's declarations, one GROUP BY per batch. */
  const declaredKgByFactoryEntryId = new DataLoader<string, string | null>(async (ids) => {
    const m = await store.declaredKgOfFactoryEntries(db, ids);
    return ids.map((id) => m.get(id) ?? null);
  });

  /**
   * Enterprise.inboundDeclarations(from, to): one GROUP BY per distinct (from, to) in the request,
   * whatever the number of enterprises. Counted statuses as for quota (SPEC §7).
   */
  const inbound = new Map<string, PrimedLoader<InboundTotals>>();
  const inboundTotals = (from: string, to: string) => {
    const k = `${from}|${to}`;
    let l = inbound.get(k);
    if (!l) {
      l = new PrimedLoader<InboundTotals>(async (ids) => {
        const m = await store.inboundTotals(db, ids, from, to);
        return ids.map((id) => m.get(id) ?? { count: 0, valueYuan: '0', quantityKg: 0 });
      });
      inbound.set(k, l);
    }
    return l;
  };

  return { linesByDeclarationId, residentById, residentByIdNumber, sealBrokenByDeclarationId, declarationsByFactoryEntryId, declaredKgByFactoryEntryId, inboundTotals };
}

export type CustomsLoaders = ReturnType<typeof createCustomsLoaders>;

/**
 * Enterprise.inboundDeclarations(from, to) read with the registry's enterprises page (registered by
 * src/modules/wiring.ts): each enterprise's totals come in the page's statement and prime
 * inboundTotals(from, to), one round trip fewer for the customs processor query (issue 15).
 */
export const inboundReadAhead: EnterpriseFieldReadAhead<{ from: string; to: string }> = {
  field: 'inboundDeclarations',
  // An inverted range is refused by the field's resolver before it loads anything.
  column: ({ from, to }) => (to < from ? undefined : {
    column: (enterpriseId, value) => store.inboundTotalsSql(enterpriseId, value('from'), value('to')),
    values: { from, to },
  }),
  prime: (ctx, { from, to }, enterpriseId, value) => { ctx.loaders.customs.inboundTotals(from, to).prime(enterpriseId, store.inboundTotalsOf(value)); },
};
