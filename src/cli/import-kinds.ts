/** The kinds `npm run import` knows: each domain exports an ImportKind from its index.ts. */
import type { ImportKind } from '../shared/import-kind';

export type { ImportKind };

export const IMPORT_KINDS: Record<string, () => Promise<ImportKind<any>>> = {
  declarations: () => import('../modules/customs').then((m) => m.declarationsImport),
  ledger: () => import('../modules/ledger').then((m) => m.ledgerImport),
  'tax-records': () => import('../modules/tax').then((m) => m.taxRecordsImport),
};
