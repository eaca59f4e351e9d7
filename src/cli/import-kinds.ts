/**
 * The kinds `npm run import` knows. Each domain supplies an ImportKind from its own module
 * (src/modules/<domain>/import.ts) and adds one line here.
 */
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { BatchResult } from '../shared/batch';

export interface ImportKind<I = unknown> {
  /** Who the import acts as, e.g. CUSTOMS for declarations (same rules as the mutation). */
  viewer(args: { org?: string }): Viewer;
  /** CSV records (header → value) to mutation inputs; rows may group (declaration lines). */
  fromCsv(records: Record<string, string>[]): I[];
  /** JSON array elements to mutation inputs (already in the mutation's input shape). */
  fromJson(items: unknown[]): I[];
  keyOf(input: I): string | null;
  /** The same service call the batch mutation makes. */
  submit(db: Db, viewer: Viewer, config: Config, inputs: I[]): Promise<BatchResult>;
}

export const IMPORT_KINDS: Record<string, () => Promise<ImportKind<any>>> = {
  declarations: () => import('../modules/customs/import').then((m) => m.declarationsImport),
  ledger: () => import('../modules/ledger/import').then((m) => m.ledgerImport),
  'tax-records': () => import('../modules/tax/import').then((m) => m.taxRecordsImport),
};
