import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessLog } from '../../../src/modules/audit/service';
import * as f from '../../support/factories';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const LOG = `query Log($sub: String) { auditLog(filter: { sub: $sub }, first: 100) { totalCount edges { node { sub agency operationName outcome variables personalRecordIds documentHash prevHash hash } } } }`;

describe('access log (SPEC §10)', () => {
  it('writes one row per request with operation, outcome and redacted variables', async () => {
    const sub = `log-${Date.now()}`;
    await hub.as('CUSTOMS', null, sub).gql('query Who($id: String!) { me { agency } resident(idNumber: $id) { county } }', { id: '652702199001010011' });
    await hub.as('CUSTOMS', null, sub).gql('{ auditLog { totalCount } }');
    const r = await hub.as('AUDITOR').gql(LOG, { sub });
    const rows = r.data.auditLog.edges.map((e: any) => e.node);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ sub, agency: 'CUSTOMS', operationName: 'Who', outcome: 'OK' });
    expect(JSON.parse(rows[0].variables)).toEqual({ id: '[REDACTED]' });
    expect(rows[1].outcome).toBe('FORBIDDEN');
    expect(rows[1].prevHash).toBe(rows[0].hash);
  });

  it('records the ids of records whose contact or identity fields were returned', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db, { members: 1 });
    const sub = `pii-${Date.now()}`;
    await hub.as('COMMERCE', null, sub).gql('query($e: ID, $c: ID) { enterprise(id: $e) { legalRepresentative { phone } } cooperative(id: $c) { name members { idNumber } } }', { e: e.id, c: c.id });
    await hub.as('COMMERCE', null, sub).gql('query($e: ID) { enterprise(id: $e) { name } }', { e: e.id });
    const rows = (await hub.as('AUDITOR').gql(LOG, { sub })).data.auditLog.edges.map((x: any) => x.node);
    const resident = await hub.db.execute(sql`select resident_id as id from cooperative_memberships where cooperative_id = ${c.id}`);
    const residentId = ((resident as any).rows ?? resident)[0].id;
    expect(rows[0].personalRecordIds.sort()).toEqual([e.id, residentId].sort());
    expect(rows[1].personalRecordIds).toEqual([]);
  });

  it('keeps one intact chain under concurrent requests', async () => {
    const sub = `burst-${Date.now()}`;
    await Promise.all(Array.from({ length: 30 }, () => hub.as('OPERATOR', null, sub).gql('{ me { agency } }')));
    const r = await hub.as('AUDITOR').gql('query($sub: String) { auditLog(filter: { sub: $sub }) { totalCount } }', { sub });
    expect(r.data.auditLog.totalCount).toBe(30);
    await hub.app.accessLog.flush();
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });

  it('is readable by AUDITOR only', async () => {
    for (const agency of ['COMMERCE', 'CUSTOMS', 'ANALYST', 'TAX'] as const) {
      const r = await hub.as(agency).gql('{ auditLog { totalCount } }');
      expect(codeOf(r), agency).toBe('FORBIDDEN');
      expect(r.data.auditLog).toBeNull();
    }
  });

  it('verification detects an edited row and a deleted row', async () => {
    await hub.as('TAX').gql('{ me { agency } }');
    await hub.as('TAX').gql('{ me { sub } }');
    await hub.as('TAX').gql('{ me { org } }');
    await hub.app.accessLog.flush();
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
    const [{ seq }] = (await hub.db.execute(sql`select max(seq) - 1 as seq from access_log`) as any).rows ?? await hub.db.execute(sql`select max(seq) - 1 as seq from access_log`);
    await hub.db.execute(sql`update access_log set outcome = 'OK', sub = 'someone-else' where seq = ${seq}`);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([{ seq: Number(seq), problem: 'EDITED' }]);
    await hub.db.execute(sql`delete from access_log where seq = ${seq}`);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([{ seq: Number(seq) + 1, problem: 'MISSING_PREDECESSOR' }]);
  });
});
