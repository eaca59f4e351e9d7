/** What a domain hands to `npm run import` (src/cli/import.ts): the same rules as its batch mutation. */
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { BatchResult } from './batch';
import type { CsvColumns } from './csv';

export interface ImportKind<I = unknown> {
  /** Who the import acts as, e.g. CUSTOMS for declarations (same rules as the mutation). */
  viewer(args: { org?: string }): Viewer;
  /** The CSV columns it reads: a header naming anything else, or missing a required one, refuses the file. */
  csvColumns: CsvColumns;
  /** CSV records (column → value, headers already checked and renamed) to mutation inputs; rows may group (declaration lines). */
  fromCsv(records: Record<string, string>[]): I[];
  /** JSON array elements to mutation inputs (already in the mutation's input shape). */
  fromJson(items: unknown[]): I[];
  keyOf(input: I): string | null;
  /** The same service call the batch mutation makes. */
  submit(db: Db, viewer: Viewer, config: Config, inputs: I[]): Promise<BatchResult>;
}
