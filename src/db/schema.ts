/** Every table of every domain, for drizzle's typed handle and drizzle-kit. */
import * as columns from './columns';
import * as audit from '../modules/audit/table';
import * as custody from '../modules/custody/table';
import * as customs from '../modules/customs/table';
import * as feed from '../modules/feed/table';
import * as ledger from '../modules/ledger/table';
import * as market from '../modules/market/table';
import * as quota from '../modules/quota/table';
import * as registry from '../modules/registry/table';
import * as reports from '../modules/reports/table';
import * as tax from '../modules/tax/table';

export const schema = { ...columns, ...registry, ...customs, ...quota, ...ledger, ...tax, ...market, ...reports, ...custody, ...audit, ...feed };
