/** The customs module's public surface: the only file other modules import. */
export { declarationsImport } from './import';

// ── used by market ──
export { declaredOnOrAfter, lastDeclaredOnSince } from './store';

// ── used by ledger ──
export { inboundDeclarationsByNo } from './store';

// ── used by reports ──
export { COUNTED_STATUSES } from './rules';
export { DeclarationPurpose } from './types';
export {
  commodityNamesByHsCode, hasLandingImportSql, landingImportsByEnterpriseSql, landingValueByMonth, tradeStatsRows, tradeStatsSql,
  type DeclarationScope, type TradeStatsDimension, type TradeStatsSpec,
} from './store';
