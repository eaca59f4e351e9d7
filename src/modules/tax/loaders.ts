import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';

/** Per-request batch loaders of the tax domain. */
export function createTaxLoaders(_db: Db, _viewer: Viewer, _config: Config) {
  return {};
}
