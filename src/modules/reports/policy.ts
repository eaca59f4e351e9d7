/**
 * Row scope of the aggregates (SPEC §9): ENTERPRISE and COOPERATIVE get figures of their own
 * declarations only (enterprise = destination, cooperative = declarant cooperative), their own
 * assessment and monthly-return row; every other agency sees all rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { orgOf, type Viewer } from '../../authz/agencies';


/** Condition on customs_declarations aliased `d`; undefined = unscoped. */
export function declarationScope(v: Viewer): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return sql`d.destination_enterprise_id = ${orgOf(v)}`;
  if (v.agency === 'COOPERATIVE') return sql`d.cooperative_id = ${orgOf(v)}`;
  return undefined;
}

/** Condition on enterprises aliased `e` for per-enterprise reports (assessment, monthly return). */
export function enterpriseRowScope(v: Viewer): SQL {
  if (v.agency === 'ENTERPRISE') return sql`e.id = ${orgOf(v)}`;
  // A cooperative has no assessment and files no monthly return: none of these rows are its own.
  if (v.agency === 'COOPERATIVE') return sql`false`;
  return sql`true`;
}
