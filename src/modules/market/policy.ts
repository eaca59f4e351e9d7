/**
 * Row scope of market regulation (SPEC §9): ENTERPRISE and COOPERATIVE see only the records whose
 * subject is their own organisation (and no shops: none is theirs); every other agency sees all
 * rows, with fields cut by the matrix.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { orgOf, type Viewer } from '../../authz/agencies';
import { dishonestListEntriesTable, inspectionsTable, supervisionActionsTable } from './table';

const NOTHING = sql`false`;

type SubjectTable = typeof inspectionsTable | typeof supervisionActionsTable | typeof dishonestListEntriesTable;

export function subjectScope(v: Viewer, t: SubjectTable): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return and(eq(t.subjectType, 'ENTERPRISE'), eq(t.subjectId, orgOf(v)));
  if (v.agency === 'COOPERATIVE') return and(eq(t.subjectType, 'COOPERATIVE'), eq(t.subjectId, orgOf(v)));
  return undefined;
}

export function shopScope(v: Viewer): SQL | undefined {
  return v.agency === 'ENTERPRISE' || v.agency === 'COOPERATIVE' ? NOTHING : undefined;
}
