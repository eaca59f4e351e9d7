/** The ledger module's public surface: the only file other modules import. */
export { ledgerImport } from './import';
