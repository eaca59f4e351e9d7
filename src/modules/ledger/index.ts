/** The ledger module's public surface: the only file other modules import. */
export { ledgerImport, ledgerFromRecord } from './import';
export { ledgerResolvers } from './resolvers';
export { createLedgerLoaders, type LedgerLoaders } from './loaders';
export * from './types';
export {
  aboveDeclared, calendarOf, DEFAULT_VALUE_ADD_THRESHOLD, differs, discrepancies, DISCREPANCY_TOLERANCE, isReportLate, isWorkingDay,
  annualReportDueDate, calendarWarnings, lossRate, meetsThreshold, nextMonthStart, PERIOD_RE, periodRange, QUARTER_RE, quarterLastPeriod, quarterlyReportDueDate,
  reportDueDate, valueAddRate,
  type Discrepancy as DiscrepancyValue, type WorkCalendar,
} from './rules';
export {
  calendarWarningsOn, ensureCalendarDays, HOLIDAYS_FILE, loadDueDateCalendar, loadWorkCalendar, parseHolidaysMarkdown, type CalendarDayData, type CalendarKind,
} from './calendar';
export {
  checkLedgerRange, holidaysOfYear, ledgerEntries, ledgerSummaries, monthlyReports, quarterlyReports, setCalendarDays,
  submitAnnualReport, submitLedgerEntries, submitMonthlyReport, submitQuarterlyReport, writeOffOf, writeOffStatement, type LedgerContext,
} from './service';
export { LEDGER_KINDS, normalizeLedgerEntry, type LedgerEntryFields, type LedgerKindName } from './validate';
export { statsOf, totalsOfRow, ZERO_TOTALS, type LedgerTotals } from './totals';
export {
  hasLedgerEntrySql, ledgerTotalsByEnterpriseSql, monthlyReportSubmissionsSql, totalsFor,
  type AnnualReportRow, type CalendarDayRow, type KeyedTotals, type LedgerEntryRow, type MonthlyReportRow, type QuarterlyReportRow, type StatsKey,
} from './store';

// ── used by feed ──
export { feedVisibleIds as ledgerFeedVisibleIds } from './store';

// ── used by custody (SPEC §13) ──
export { bookedByDeclarationSql, bookingsOfDeclarations, ledgerDailySql, monthlyReportsSql, type WriteOffRow } from './store';
export { BOOKING_TOLERANCE, bookAgainst } from './rules';
