/** The tax module's public surface: the only file other modules import. */
export { taxRecordsImport, taxFromRecord } from './import';
export { taxResolvers } from './resolvers';
export * from './types';
export { normalizeTaxRecord, submitTaxRecords, taxRecordKey, taxRecords, type TaxContext } from './service';
export type { TaxRecordRow } from './store';
