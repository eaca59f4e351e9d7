import type { Viewer } from './authz/agencies';
import type { Config } from './config';
import type { Db, StatementCounter } from './db/client';
import { createLoaders, type Loaders } from './modules/loaders';
import type { AccessLogWriter } from './modules/audit';

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
  /** SQL statements this request issued (x-sql-statements, SPEC §11). */
  statements: StatementCounter;
  /** Warnings about fields of the answer (e.g. a due date guessed without calendar data): response extensions.warnings. */
  warnings: { path: readonly (string | number)[]; message: string }[];
}

export function createContext(args: {
  viewer: Viewer; db: Db; config: Config; requestId: string; accessLog?: AccessLogWriter; statements?: StatementCounter;
}): Context {
  return {
    ...args,
    statements: args.statements ?? { count: 0 },
    loaders: createLoaders(args.db, args.viewer, args.config),
    personalRecords: new Set(),
    warnings: [],
  };
}
