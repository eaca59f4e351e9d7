import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';

/** Per-request batch loaders of the ledger domain. */
export function createLedgerLoaders(_db: Db, _viewer: Viewer, _config: Config) {
  return {};
}
