/** The registry module's public surface: the only file other modules import. */

// ── used by ledger ──
export { Cooperative, Enterprise, Entity } from './types';
export { isValidHsCode } from './rules';
export { enterprisesSql, enterpriseStatusesByIds, type EnterpriseRow } from './store';

// ── used by tax ──
export { Agency_ } from './types';
export { existingEnterpriseIds } from './store';

// ── used by reports ──
export { cooperativeNamesByIds, enterpriseNamesByIds } from './store';
