/**
 * Row scope of the aggregates (SPEC §9): ENTERPRISE and COOPERATIVE get figures of their own
 * declarations only (enterprise = destination, cooperative = declarant cooperative), their own
 * assessment and monthly-return row; every other agency sees all rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { orgOf, type Viewer } from '../../authz/agencies';
import type { DeclarationScope } from '../customs';

/** The declarations whose figures the viewer may aggregate; undefined = unscoped. */
export function declarationScope(v: Viewer): DeclarationScope | undefined {
  if (v.agency === 'ENTERPRISE') return { destinationEnterpriseId: orgOf(v) };
  if (v.agency === 'COOPERATIVE') return { cooperativeId: orgOf(v) };
  return undefined;
}

/** Condition on enterprises aliased `e` for per-enterprise reports (assessment, monthly return). */
export function enterpriseRowScope(v: Viewer): SQL {
  if (v.agency === 'ENTERPRISE') return sql`e.id = ${orgOf(v)}`;
  // A cooperative has no assessment and files no monthly return: none of these rows are its own.
  if (v.agency === 'COOPERATIVE') return sql`false`;
  return sql`true`;
}
