/**
 * Row scope of the ledger domain (SPEC §9): ENTERPRISE sees only its own entries, reports and
 * summaries; COOPERATIVE only its own quarterly reports. Agencies of the ledger class see all rows
 * (which fields they see is the matrix's business).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '../../authz/agencies';
import { forbidden } from '../../shared/errors';

const NOTHING = sql`false`;
const NO_ORG = '00000000-0000-0000-0000-000000000000';

/** Condition on a table's enterprise_id column for the viewer. */
export function enterpriseRowScope(v: Viewer, enterpriseId: PgColumn): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return eq(enterpriseId, v.org ?? NO_ORG);
  if (v.agency === 'COOPERATIVE') return NOTHING;
  return undefined;
}

/** Quarterly reports: an enterprise its own, a cooperative its own. */
export function quarterlyRowScope(v: Viewer, enterpriseId: PgColumn, cooperativeId: PgColumn): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return eq(enterpriseId, v.org ?? NO_ORG);
  if (v.agency === 'COOPERATIVE') return eq(cooperativeId, v.org ?? NO_ORG);
  return undefined;
}

/** The enterprise an ENTERPRISE-or-COMMERCE write is for (SPEC §12): ENTERPRISE its own org only. */
export function writeTarget(v: Viewer, enterpriseId: string | null | undefined): string | null {
  if (v.agency === 'ENTERPRISE') {
    if (!v.org) throw forbidden('This ENTERPRISE token names no organisation (org claim).');
    if (enterpriseId != null && enterpriseId !== v.org) throw forbidden('An enterprise may write only its own ledger and reports (SPEC §9); this input names another enterprise.');
    return v.org;
  }
  return enterpriseId ?? null;
}
