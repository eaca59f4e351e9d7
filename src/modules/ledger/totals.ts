/**
 * Ledger totals (SPEC §6, §7) as exact decimal strings, and the processing statistics derived from
 * them. Pure: the sums are read by store.ts (one implementation, `sums`), parsed here by totalsOfRow.
 */
import { aboveDeclared, DEFAULT_VALUE_ADD_THRESHOLD, lossRate, meetsThreshold, valueAddRate } from './rules';
import type { ProcessingStats } from './types';

/** Exact totals of one enterprise over a range: kg with 3 decimals, yuan with 2, as strings. */
export interface LedgerTotals {
  rawInKg: string; rawInYuan: string;
  rawConsumedKg: string; rawConsumedYuan: string;
  productOutputKg: string; productOutputYuan: string;
  productSoldKg: string; productSoldYuan: string;
  rawSoldKg: string; rawSoldYuan: string;
  lossKg: string; lossYuan: string;
  entryCount: number;
}

/** Ledger kinds and the total names they sum into. */
export const LEDGER_TOTAL_KINDS = [
  ['RAW_IN', 'rawIn'], ['RAW_CONSUMED', 'rawConsumed'], ['PRODUCT_OUTPUT', 'productOutput'],
  ['PRODUCT_SOLD', 'productSold'], ['RAW_SOLD', 'rawSold'], ['LOSS', 'loss'],
] as const;

export const ZERO_TOTALS: LedgerTotals = {
  rawInKg: '0.000', rawInYuan: '0.00', rawConsumedKg: '0.000', rawConsumedYuan: '0.00', productOutputKg: '0.000',
  productOutputYuan: '0.00', productSoldKg: '0.000', productSoldYuan: '0.00', rawSoldKg: '0.000', rawSoldYuan: '0.00',
  lossKg: '0.000', lossYuan: '0.00', entryCount: 0,
};

/** Every total's column name and its zero, computed once (not two template strings per kind per row). */
const TOTAL_COLUMNS = LEDGER_TOTAL_KINDS.flatMap(([, name]) => [[`${name}Kg`, '0.000'], [`${name}Yuan`, '0.00']] as const);

/**
 * A row of the sums (store.ts) as LedgerTotals; missing sums are zero. `only`: the row carries just
 * those sums (the statement computed no others): the rest stay undefined, so a figure read from
 * them by mistake fails as a null in a non-null field instead of answering zero.
 */
export function totalsOfRow(r: Record<string, unknown>, only?: readonly (keyof LedgerTotals)[] | null): LedgerTotals {
  if (only) {
    const t = {} as Record<string, unknown>;
    for (const column of only) t[column] = column === 'entryCount' ? Number(r.entryCount ?? 0) : String(r[column] ?? ZERO_TOTALS[column]);
    return t as unknown as LedgerTotals;
  }
  const t = { ...ZERO_TOTALS } as LedgerTotals & Record<string, unknown>;
  for (const [column, zero] of TOTAL_COLUMNS) t[column] = String(r[column] ?? zero);
  t.entryCount = Number(r.entryCount ?? 0);
  return t;
}

/**
 * The totals as output fields: kg as numbers, yuan as exact strings. The kg sums are numeric with
 * three decimals, so Number() gives the same double as rounding them (no decimal.js per row).
 */
export const figuresOf = (t: LedgerTotals) => ({
  rawInKg: Number(t.rawInKg), rawInYuan: t.rawInYuan,
  rawConsumedKg: Number(t.rawConsumedKg), rawConsumedYuan: t.rawConsumedYuan,
  productOutputKg: Number(t.productOutputKg), productOutputYuan: t.productOutputYuan,
  productSoldKg: Number(t.productSoldKg), productSoldYuan: t.productSoldYuan,
  rawSoldKg: Number(t.rawSoldKg), rawSoldYuan: t.rawSoldYuan,
  lossKg: Number(t.lossKg), lossYuan: t.lossYuan,
});

/** ProcessingStats from exact totals, the year's threshold and the declared loss rate (SPEC §7). */
export function statsOf(
  enterpriseId: string, from: string, to: string, t: LedgerTotals, threshold: string | null, declaredLossRate: string | null,
): ProcessingStats {
  const vr = valueAddRate(t.productOutputYuan, t.rawConsumedYuan);
  const lr = lossRate(t.lossKg, t.rawInKg);
  const th = threshold ?? DEFAULT_VALUE_ADD_THRESHOLD;
  return {
    enterpriseId, from, to,
    ...figuresOf(t),
    valueAddRate: vr, lossRate: lr,
    valueAddThreshold: Number(th),
    meetsValueAddThreshold: meetsThreshold(vr, th),
    lossAboveDeclared: aboveDeclared(lr, declaredLossRate),
  };
}
