import type { Viewer } from './authz/agencies';
import type { Config } from './config';
import type { Db } from './db/client';
import { createLoaders, type Loaders } from './modules/loaders';
import type { AccessLogWriter } from './modules/audit/service';

/** Everything a resolver may use, built once per request. */
export interface Context {
  viewer: Viewer;
  db: Db;
  config: Config;
  loaders: Loaders;
  requestId: string;
  /** Ids of records whose contact or identity fields this response carries (access log, §10). */
  personalRecords: Set<string>;
  accessLog?: AccessLogWriter;
}

export function createContext(args: { viewer: Viewer; db: Db; config: Config; requestId: string; accessLog?: AccessLogWriter }): Context {
  return { ...args, loaders: createLoaders(args.db, args.viewer, args.config), personalRecords: new Set() };
}
