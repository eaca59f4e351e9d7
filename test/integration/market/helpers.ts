/** Market test helpers: GraphQL documents and dated declaration fixtures. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/db/client';
import { customsDeclarationsTable } from '../../../src/modules/customs/table';
import { borderResidentsTable, cooperativesTable } from '../../../src/modules/registry/table';
import { addDays, beijingDayStart, beijingToday } from '../../../src/shared/time';

export const RECORD_NON_COMPLIANCE = `mutation($input: NonComplianceInput!) {
  recordNonCompliance(input: $input) { id subjectType subjectId reason action decidedOn statusAfter decidedBy { sub agency } }
}`;

export const ENTERPRISE_STATUS = 'query($id: ID) { enterprise(id: $id) { status contracts { id validFrom validTo terminatedOn } } }';
export const COOPERATIVE_STATUS = 'query($id: ID) { cooperative(id: $id) { status contracts { id validFrom validTo terminatedOn } } }';

export const today = () => beijingToday();
export const daysAgo = (n: number) => addDays(beijingToday(), -n);

let seq = 0;
/**
 * A declaration fixture written straight into the table (setup only: dormancy needs declarations a
 * year old), dated on a Beijing date, by the cooperative's first member.
 */
export async function insertDeclaration(db: Db, c: { id: string; memberIds: string[] }, declaredOn: string, opts: { enterpriseId?: string } = {}) {
  const [resident] = await db.select({ id: borderResidentsTable.id }).from(borderResidentsTable).where(eq(borderResidentsTable.idNumber, c.memberIds[0]!));
  const declarationNo = `MKT-${process.pid}-${Date.now()}-${++seq}`;
  await db.insert(customsDeclarationsTable).values({
    declarationNo,
    declaredAt: new Date(beijingDayStart(declaredOn).getTime() + 10 * 3600_000),
    declaredOn,
    declarantId: resident!.id,
    cooperativeId: c.id,
    purpose: opts.enterpriseId ? 'LANDING_PROCESSING' : 'MARKET_SALE',
    destinationEnterpriseId: opts.enterpriseId ?? null,
    valueYuan: '1000.00',
    quantityKg: '100.000',
    contentHash: createHash('sha256').update(declarationNo).digest('hex'),
    source: 'CUSTOMS',
  });
  return declarationNo;
}

/**
 * Backdates a cooperative's approval to `days` Beijing days ago, 10:00 (setup only: dormancy needs
 * cooperatives approved a year ago; approveCooperative stamps now).
 */
export async function approvedDaysAgo(db: Db, cooperativeId: string, days: number) {
  const at = new Date(beijingDayStart(daysAgo(days)).getTime() + 10 * 3600_000);
  await db.update(cooperativesTable).set({ filedAt: at, createdAt: at }).where(eq(cooperativesTable.id, cooperativeId));
}
