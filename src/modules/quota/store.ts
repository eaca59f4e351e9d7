import { sql, type SQL } from 'drizzle-orm';
import { annualPlansTable } from './table';

// ── used by ledger ──

/**
 * The plans' value-add thresholds as a relation to join in the ledger's statements (processing
 * statistics, tax pull): columns year, value_add_threshold. Alias it, e.g. `left join ${planThresholdsSql()} p`.
 */
export function planThresholdsSql(): SQL {
  return sql`(select year, value_add_threshold from ${annualPlansTable})`;
}
