/** The reports module's public surface: the only file other modules import. */
export { reportsResolvers } from './resolvers';
export { reportsRouter } from './http';
export * from './types';
export { assessmentCompleted, landingProcessingRatio } from './rules';
export {
  checkRange, enterpriseAssessments, monthlyReturn, quotaOverview, setAssessmentTarget, tradeStats, tradeStatsQuery,
  type AssessmentTargetArgs, type AssessmentValue, type MonthlyReturnValue, type QuotaOverview, type ReportsContext,
  type TradeStatsArgs, type TradeStatValue,
} from './service';
export {
  buildReport, mayRead, parseGroupBy, renderReport, reportCsv, reportXlsx, REPORT_NAMES, wan,
  type Report, type ReportFormat, type ReportName, type ReportParams,
} from './export';
export type { AssessmentTargetRow } from './store';
export { CHAIN_QUERY } from './chain-page';
