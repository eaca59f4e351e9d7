/** The tax module's public surface: the only file other modules import. */
export { taxRecordsImport } from './import';
