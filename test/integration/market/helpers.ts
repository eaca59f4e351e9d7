/** Market test helpers: GraphQL documents, direct declaration inserts, the customs contract lookup. */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../src/db/client';
import { rows } from '../../../src/db/client';
import { customsDeclarationsTable } from '../../../src/modules/customs/table';
import { borderResidentsTable } from '../../../src/modules/registry/table';
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
 * A declaration inserted directly (customs mutations live on another branch): dated on a Beijing
 * date, by the cooperative's first member.
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

/** Contracts valid on `date` by their dates alone: the customs rule validFrom ≤ date ≤ validTo (SPEC §4). */
export async function contractsValidOn(db: Db, enterpriseId: string, cooperativeId: string, date: string, hsCode = '120600') {
  return rows<{ id: string }>(db, sql`
    select sc.id from supply_contracts sc
    where sc.enterprise_id = ${enterpriseId} and sc.cooperative_id = ${cooperativeId}
      and sc.valid_from <= ${date}::date and sc.valid_to >= ${date}::date
      and exists (select 1 from unnest(sc.hs_codes) p where ${hsCode} like p || '%')`);
}

/**
 * The full landing-processing lookup customs makes (SPEC §5): destination FILED or WARNED,
 * cooperative not EXITED, and a contract valid on the date covering the HS code.
 */
export async function landingContractFor(db: Db, enterpriseId: string, cooperativeId: string, date: string, hsCode = '120600') {
  return rows<{ id: string }>(db, sql`
    select sc.id from supply_contracts sc
    join enterprises e on e.id = sc.enterprise_id
    join cooperatives c on c.id = sc.cooperative_id
    where sc.enterprise_id = ${enterpriseId} and sc.cooperative_id = ${cooperativeId}
      and e.status in ('FILED', 'WARNED') and c.status <> 'EXITED'
      and sc.valid_from <= ${date}::date and sc.valid_to >= ${date}::date
      and exists (select 1 from unnest(sc.hs_codes) p where ${hsCode} like p || '%')`);
}
