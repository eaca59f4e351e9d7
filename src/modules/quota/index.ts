/** The quota module's public surface: the only file other modules import. */

// ── used by ledger ──
export { planThresholdsSql } from './store';

// ── used by reports ──
export { quotaStatus, type QuotaStatusValue } from './service';
