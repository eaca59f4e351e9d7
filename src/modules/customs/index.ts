/** The customs module's public surface: the only file other modules import. */
export { declarationsImport } from './import';

// ── used by market ──
export { declaredOnOrAfter, lastDeclaredOnSince } from './store';
