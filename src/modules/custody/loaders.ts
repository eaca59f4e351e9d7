/** Per-request loaders of the chain of custody: CustomsDeclaration.custody in one statement per level. */
import DataLoader from 'dataloader';
import type { Db } from '../../db/client';
import { custodyOf } from './service';
import { lotsOf } from './store';
import type { Custody } from './types';

export function createCustodyLoaders(db: Db) {
  const custodyByDeclarationId = new DataLoader<string, Custody | null>(async (ids) => {
    const lots = new Map((await lotsOf(db, { declarationIds: ids, allPurposes: true })).map((l) => [l.declarationId, l]));
    return ids.map((id) => { const l = lots.get(id); return l ? custodyOf(l) : null; });
  });
  return { custodyByDeclarationId };
}

export type CustodyLoaders = ReturnType<typeof createCustodyLoaders>;
