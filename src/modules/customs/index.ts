/** The customs module's public surface: the only file other modules import. */

// API: resolvers, per-request loaders, type-graphql classes
export { customsResolvers } from './resolvers';
export { createCustomsLoaders, inboundReadAhead, type CustomsLoaders, type InboundTotals } from './loaders';
export {
  CommodityListEntry, CommodityListEntryInput, CommodityListInput, CommodityListName, CustomsDeclaration, CustomsDeclarationConnection, DeclarationFilter, DeclarationInput, DeclarationLine, DeclarationLineInput,
  DeclarationPurpose, DeclarationStatus, Facilitation, FacilitationInput, FactoryEntry, FactoryEntryConnection, FactoryEntryFilter,
  FactoryEntryInput, InboundDeclarationTotals,
} from './types';

// rules (pure)
export {
  COUNTED_STATUSES, MAX_LINES, PILOT_START, TRANSITIONS, allowanceKey, isPilotCommodity, isValidLineHsCode, negativeListHit, transition, withinAllowance,
  type AllowanceRow, type CommodityList, type DeclarationStatusName,
} from './rules';

// services, the import kind, reference data
export {
  findDeclaration, listDeclarations, listFactoryEntries, recordFactoryEntries, recordInspectionResult, submitDeclarations,
  type CustomsContext, type DeclarationRowInput, type DeclarationsFilterInput, type FactoryEntriesFilterInput, type FactoryEntryRowInput,
} from './service';
export { DECLARATION_CSV_COLUMNS, declarationsFromCsv, declarationsImport } from './import';
export { SAMPLE_CODES, ensureCommodityLists } from './reference';
export { commodityLists, setCommodityList, type CommodityListFields } from './lists';

// what other modules react to (registered by src/modules/wiring.ts)
export { onDeclarationsAccepted, type DeclarationsAccepted } from './events';

// store: reads for other modules, bulk writes for the demo seed
export {
  cooperativeDeclaredSince, declarationRefsByNos, declaredValueBetween, declaredValueBetweenWith, insertDeclarationLines, insertDeclarations, insertFactoryEntries,
  type CommodityListEntryRow, type CustomsDeclarationRow, type DeclarationLineRow, type FactoryEntryRow, type NewDeclaration,
  type NewDeclarationLine, type NewFactoryEntry, type TradeDailyRow,
} from './store';

// ── used by market, ledger and reports ──
export {
  commodityNamesByHsCode, hasLandingImportSql, landingImportsByEnterpriseSql, landingValueByMonth,
  lastDeclaredOnSince, tradeStatsRows, tradeStatsSql,
  type DeclarationScope, type TradeStatsDimension, type TradeStatsSpec,
} from './store';

// ── used by the query cost limit ──
export { declarationsPerFactoryEntry } from './store';

// ── used by feed ──
export { feedVisibleIds as customsFeedVisibleIds } from './store';

// ── used by reports ──
export { latestDeclaredOn } from './store';

// ── used by ledger and custody (SPEC §13) ──
export {
  declaredKgOfFactoryEntries, factoryEntriesOfDeclarations, factoryEntryLinksSql, factoryEntryLotsSql, lockDeclarationsForBooking, lotsSql, unenteredReleasesSql, cooperativeLandingSql,
  type LotScope,
} from './store';
