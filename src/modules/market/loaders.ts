import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';

/** Per-request batch loaders of the market domain. */
export function createMarketLoaders(_db: Db, _viewer: Viewer, _config: Config) {
  return {};
}
