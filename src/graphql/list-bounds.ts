/**
 * How many items an unpaged list field can return, for the cost limit (SPEC §10). A connection
 * counts its page (`first`); a plain list counts its real bound: fixed by the spec where there is
 * one (20 lines a declaration, 1,000 rows a batch), otherwise the largest fan-out in the data
 * (most members of any cooperative, most contracts of any enterprise …), read by the owning
 * module's store at most once a minute. An unpaged list nested in itself, such as
 * cooperatives → members → cooperative → members, is then priced at what it could really return.
 */
import { errorFields, log } from '../observability/logger';

export type Fanouts = Record<string, number>;

/** Bounds the spec fixes, by schema coordinate. */
export const FIXED_BOUNDS: Fanouts = {
  'CustomsDeclaration.lines': 20,
  'BatchResult.rows': 1000,
  'Query.holidays': 366,
  'MonthlyReport.discrepancies': 20,
  'Query.earlyWarnings': 12,
};

export interface ListBounds {
  /** The bound of `Type.field` when it is an unpaged list, else undefined. */
  get(coordinate: string): number | undefined;
  /** Re-reads the data's fan-outs when older than maxAgeMs (cheap when fresh). */
  refresh(): Promise<void>;
}

export function listBounds(read?: () => Promise<Fanouts>, maxAgeMs = 60_000): ListBounds {
  let measured: Fanouts = {};
  let at = 0;
  let ever = false;
  let pending: Promise<void> | null = null;
  const reread = () => {
    pending ??= read!()
      .then((f) => { measured = f; ever = true; at = Date.now(); })
      // A failed read keeps the last bounds (or none) and is retried in 5 s: the cost limit must not
      // turn a database hiccup into a refused request.
      .catch((e) => { at = Date.now() - maxAgeMs + 5_000; log().warn(errorFields(e), 'list bounds: read failed'); })
      .finally(() => { pending = null; });
    return pending;
  };
  return {
    get: (coordinate) => FIXED_BOUNDS[coordinate] ?? measured[coordinate],
    async refresh() {
      if (!read || Date.now() - at < maxAgeMs) return;
      // The first measure is awaited; later ones run beside the request that noticed they were due.
      if (!ever) await reread();
      else void reread();
    },
  };
}
