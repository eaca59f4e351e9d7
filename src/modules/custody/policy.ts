/**
 * Who reads which discrepancies (SPEC §13): COMMERCE, PREFECTURE_COMMERCE and MARKET_REGULATION
 * all kinds; CUSTOMS the four declaration-side kinds; TAX the five enterprise-side kinds; an
 * ENTERPRISE its own of every kind; ANALYST counts only (all kinds, no subjects). Who resolves:
 * COMMERCE and MARKET_REGULATION any, CUSTOMS the declaration-side kinds.
 */
import type { Viewer } from '../../authz/agencies';
import { forbidden } from '../../shared/errors';
import { DECLARATION_SIDE_KINDS, DISCREPANCY_KINDS, ENTERPRISE_SIDE_KINDS, type DiscrepancyKindName } from './rules';

export interface DiscrepancyScope { kinds: readonly DiscrepancyKindName[]; enterpriseId: string | null }

const NO_ORG = '00000000-0000-0000-0000-000000000000';

/** The kinds and rows a viewer may read as discrepancies (subjects included). */
export function discrepancyScope(v: Viewer): DiscrepancyScope {
  switch (v.agency) {
    case 'COMMERCE': case 'PREFECTURE_COMMERCE': case 'MARKET_REGULATION': return { kinds: DISCREPANCY_KINDS, enterpriseId: null };
    case 'CUSTOMS': return { kinds: DECLARATION_SIDE_KINDS, enterpriseId: null };
    case 'TAX': return { kinds: ENTERPRISE_SIDE_KINDS, enterpriseId: null };
    case 'ENTERPRISE': return { kinds: DISCREPANCY_KINDS, enterpriseId: v.org ?? NO_ORG };
    default: return { kinds: [], enterpriseId: null };
  }
}

/** The kinds and rows a viewer may count (discrepancyCounts): the analyst counts every kind. */
export function countScope(v: Viewer): DiscrepancyScope {
  if (v.agency === 'ANALYST') return { kinds: DISCREPANCY_KINDS, enterpriseId: null };
  return discrepancyScope(v);
}

/** resolveDiscrepancy: refuses a kind the viewer may not close. */
export function checkMayResolve(v: Viewer, kind: DiscrepancyKindName): void {
  if (v.agency === 'COMMERCE' || v.agency === 'MARKET_REGULATION') return;
  if (v.agency === 'CUSTOMS' && DECLARATION_SIDE_KINDS.includes(kind)) return;
  throw forbidden(`此类差异不由本机关核销 / ${v.agency} may not resolve a ${kind} discrepancy (SPEC §13: COMMERCE, MARKET_REGULATION; CUSTOMS the declaration-side kinds).`);
}
