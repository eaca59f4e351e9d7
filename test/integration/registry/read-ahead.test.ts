/**
 * `enterprises { edges { node { contracts } } }` reads the contracts in the page's own statement
 * and primes the request's contractsByEnterpriseId loader (issue 15, the customs processor query);
 * enterprises, contracts, cooperatives and members asked only the fields of the SLIM_* sets are read with
 * those columns only. The answer — data, denials, masks — must be the one the loaders give, for every
 * agency and row scope, and the statements must drop. A named fragment under `node` is not read
 * ahead (selection.ts selectsPath), so the same question through one is the loaders' path.
 */
import { eq, inArray } from 'drizzle-orm';
import { AGENCIES, type Agency, type Viewer } from '../../../src/authz/agencies';
import * as store from '../../../src/modules/registry/store';
import { cooperativesTable, enterprisesTable, supplyContractsTable } from '../../../src/modules/registry/table';
import { EnterpriseStatus, type EnterpriseFilter } from '../../../src/modules/registry/types';
import { addDays, beijingToday } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { describe, expect, it } from '../../support/fixtures';

const CONTRACT = `id createdAt updatedAt source hsCodes validFrom validTo terminatedOn enterprise { id name }
  cooperative { id createdAt updatedAt source filingNo name kind village township postalCode phone totalCapitalYuan commodities licenseNo status filedAt head { name mobile } }`;
const NODE = `id name uscc contracts { ${CONTRACT} } cooperatives { id name phone totalCapitalYuan }`;
const AHEAD = `{ enterprises(first: 500) { edges { node { ${NODE} } } } }`;
const THROUGH_LOADERS = `{ enterprises(first: 500) { edges { node { ...E } } } } fragment E on Enterprise { ${NODE} }`;

/** Errors compared as a set (the order of resolution differs between the two paths). */
const errorsOf = (body: any) => (body.errors ?? []).map((e: any) => `${e.path.join('.')} ${e.extensions?.code}`).sort();

describe('enterprises with contracts read ahead', () => {
  it('answers as the loaders do, for every agency and row scope, in fewer statements', async ({ as, seed, db }) => {
    const [e1, e2] = [await seed.enterprise(), await seed.enterprise()];
    await seed.enterprise(); // no contracts: an empty list, not a missing key
    const [c1, c2] = [await seed.cooperative(), await seed.cooperative()];
    // A numeric a float would not keep, a cooperative without village, licence or filing time.
    await db.update(cooperativesTable).set({ totalCapitalYuan: '9999999999999999.99', licenseNo: 'LIC-1' }).where(eq(cooperativesTable.id, c1.id));
    await db.update(cooperativesTable).set({ village: null, filedAt: null }).where(eq(cooperativesTable.id, c2.id));
    // e1: the later-signed contract starts first (order by validFrom, id, not by insertion); one terminated.
    await seed.contract(e1, c1, { validFrom: '2025-06-01', hsCodes: ['1206', '120600'] });
    const early = await seed.contract(e1, c2, { validFrom: '2025-02-01' });
    await db.update(supplyContractsTable).set({ terminatedOn: '2025-09-01' }).where(eq(supplyContractsTable.id, early.id));
    await seed.contract(e2, c1);

    const viewers: [Agency, string | null][] = [
      ...AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE').map((a) => [a, null] as [Agency, null]),
      ['ENTERPRISE', e1.id], ['ENTERPRISE', e2.id], ['COOPERATIVE', c1.id], ['COOPERATIVE', c2.id],
    ];
    for (const [agency, org] of viewers) {
      const ahead = await as(agency, org).gql(AHEAD);
      const loaders = await as(agency, org).gql(THROUGH_LOADERS);
      const who = `${agency} ${org ?? ''}`;
      expect(ahead.data, who).toEqual(loaders.data);
      expect(errorsOf(ahead.body), who).toEqual(errorsOf(loaders.body));
      const nodes = ahead.data.enterprises.edges.map((x: any) => x.node);
      if (nodes.some((n: any) => n.contracts.length)) {
        // contractsByEnterpriseId no longer goes to the database.
        expect(ahead.statements, who).toBe(loaders.statements - 1);
      }
    }
    // The cases above were there to be compared: e1's contracts in validFrom order, the terminated one first.
    const commerce = await as('COMMERCE').gql(AHEAD);
    const n1 = commerce.data.enterprises.edges.find((x: any) => x.node.id === e1.id).node;
    expect(n1.contracts.map((c: any) => [c.validFrom, c.terminatedOn, c.cooperative.id])).toEqual([['2025-02-01', '2025-09-01', c2.id], ['2025-06-01', null, c1.id]]);
    expect(n1.contracts[1].cooperative.totalCapitalYuan).toBe('9999999999999999.99');
    // Row scope: a COOPERATIVE sees only its own contracts of a shared enterprise.
    const asC2 = await as('COOPERATIVE', c2.id).gql(AHEAD);
    expect(asC2.data.enterprises.edges.map((x: any) => x.node.contracts.map((c: any) => c.cooperative.id))).toEqual([[c2.id]]);
  });

  it('answers slim as it answers whole, for every agency and row scope (denials, row scope and members included)', async ({ as, seed }) => {
    const [e1, e2] = [await seed.enterprise(), await seed.enterprise()];
    const [c1, c2] = [await seed.cooperative({ members: 2 }), await seed.cooperative({ members: 1 })];
    await seed.contract(e1, c1, { validFrom: '2025-02-01' });
    await seed.contract(e1, c2, { validFrom: '2025-04-01' });
    await seed.contract(e2, c2);
    // Every field of the four slim sets; the same through fragments at each level reads whole rows.
    const RESIDENT = 'id name idNumber township county residenceBasis residencePresumed eligible cooperative { id } memberships { joinedOn }';
    const viewers: [Agency, string | null][] = [
      ...AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE').map((a) => [a, null] as [Agency, null]),
      ['ENTERPRISE', e1.id], ['ENTERPRISE', e2.id], ['COOPERATIVE', c1.id], ['COOPERATIVE', c2.id],
    ];
    let compared = 0;
    // With memberCount the contracts' cooperatives come through their loader; without it (and with
    // only some of their columns), with the page.
    for (const COOP of [`id name filingNo kind township village status memberCount members { ${RESIDENT} } contracts { id }`,
      `id name filingNo kind township village status members { ${RESIDENT} } contracts { id }`, 'status name', 'id']) {
      const CONTRACT = `id hsCodes validFrom validTo terminatedOn enterprise { id } cooperative { ${COOP} }`;
      const NODE = `id name uscc status county filingNo contracts { ${CONTRACT} } cooperatives { id name }`;
      const slim = `{ enterprises(first: 500) { edges { node { ${NODE} } } } }`;
      const whole = `{ enterprises(first: 500) { edges { node { ...E } } } } fragment E on Enterprise {
        id name uscc status county filingNo contracts { ...K } cooperatives { id name } }
        fragment K on SupplyContract { id hsCodes validFrom validTo terminatedOn enterprise { id } cooperative { ...C } }
        fragment C on Cooperative { ${COOP.replace(`{ ${RESIDENT} }`, '{ ...R }')} }
        ${COOP.includes(RESIDENT) ? `fragment R on BorderResident { ${RESIDENT} }` : ''}`;
      for (const [agency, org] of viewers) {
        const who = `${agency} ${org ?? ''} ${COOP.slice(0, 40)}`;
        const [a, b] = [await as(agency, org).gql(slim), await as(agency, org).gql(whole)];
        expect(a.data, who).toEqual(b.data);
        expect(errorsOf(a.body), who).toEqual(errorsOf(b.body));
        compared += a.data?.enterprises.edges.flatMap((x: any) => x.node.contracts).length ?? 0;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('reads the page as listEnterprises does, for every filter, cursor and row scope (one statement text per shape)', async ({ seed, db }) => {
    const e1 = await seed.enterprise({ name: '阿拉山口100%_加工' });
    const e2 = await seed.enterprise({ rawMaterials: ['0802'] });
    const e3 = await seed.enterprise();
    const [c1, c2] = [await seed.cooperative(), await seed.cooperative()];
    await seed.contract(e1, c1, { hsCodes: ['120600'] });
    await seed.contract(e2, c1, { hsCodes: ['0801'] });
    await seed.contract(e3, c2);
    await db.update(enterprisesTable).set({ status: 'PENDING' }).where(eq(enterprisesTable.id, e3.id));
    // Two enterprises updated in the same instant: the cursor's tie on updatedAt is broken by id.
    const same = new Date('2025-05-05T05:05:05.123Z');
    await db.update(enterprisesTable).set({ updatedAt: same }).where(inArray(enterprisesTable.id, [e2.id, e3.id]));
    // updatedSince is inclusive: e1 was updated exactly then.
    const since = new Date('2025-06-06T06:06:06.456Z');
    await db.update(enterprisesTable).set({ updatedAt: since }).where(eq(enterprisesTable.id, e1.id));
    const filters: EnterpriseFilter[] = [
      {}, { status: [EnterpriseStatus.FILED] }, { status: [EnterpriseStatus.PENDING, EnterpriseStatus.WARNED] },
      { county: e1.county }, { county: '无此县' }, { nameContains: '100%_' }, { nameContains: '%' }, { nameContains: '_' },
      { hsCode: '1206' }, { hsCode: '0801' }, { updatedSince: since }, { status: [EnterpriseStatus.FILED], hsCode: '12' },
    ];
    const viewers: Viewer[] = [
      { agency: 'CUSTOMS', org: null, sub: 't' }, { agency: 'ENTERPRISE', org: e2.id, sub: 't' },
      { agency: 'COOPERATIVE', org: c1.id, sub: 't' }, { agency: 'COOPERATIVE', org: c2.id, sub: 't' },
    ];
    let compared = 0;
    for (const viewer of viewers) {
      for (const f of filters) {
        for (const first of [1, 2, 500]) {
          let after: string | null = null;
          for (let pages = 0; pages < 5; pages++) {
            const who = `${viewer.agency} ${viewer.org} ${JSON.stringify(f)} first ${first} after ${after}`;
            const plain = await store.listEnterprises(db, viewer, f, { first, after });
            const { connection, extras } = await store.listEnterprisesWith(db, viewer, f, { first, after }, { contracts: true, more: [] });
            expect(connection.edges, who).toStrictEqual(plain.edges);
            expect(connection.pageInfo, who).toStrictEqual(plain.pageInfo);
            expect(await connection.totalCount, who).toBe(await plain.totalCount);
            expect(extras, who).toHaveLength(plain.edges.length);
            // Slim (store.SLIM_ENTERPRISE_FIELDS asked only): the same rows, cursors and order, those columns only.
            const slim = await store.listEnterprisesWith(db, viewer, f, { first, after }, { contracts: true, more: [], slim: true });
            const cut = (e: Record<string, unknown>) => ({ id: e.id, updatedAt: e.updatedAt, name: e.name, uscc: e.uscc, status: e.status, county: e.county, filingNo: e.filingNo });
            expect(slim.connection.edges.map((x) => x.node), who).toStrictEqual(plain.edges.map((x) => cut(x.node)));
            expect(slim.connection.edges.map((x) => x.cursor), who).toStrictEqual(plain.edges.map((x) => x.cursor));
            expect(slim.connection.pageInfo, who).toStrictEqual(plain.pageInfo);
            compared += plain.edges.length;
            if (!plain.pageInfo.hasNextPage) break;
            after = plain.pageInfo.endCursor;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('primes the loader with rows equal to its own, value for value and type for type', async ({ seed, db }) => {
    const e = await seed.enterprise();
    const [c1, c2] = [await seed.cooperative(), await seed.cooperative()];
    await db.update(cooperativesTable).set({ totalCapitalYuan: '12345678901234.56', village: null, filedAt: null }).where(eq(cooperativesTable.id, c1.id));
    await seed.contract(e, c1, { validFrom: '2025-05-01' });
    await seed.contract(e, c2, { validFrom: '2025-03-01', hsCodes: ['1205', '120600'] });
    await seed.contract(e, c2, { validFrom: '2025-03-01' });
    const viewers: Viewer[] = [
      { agency: 'CUSTOMS', org: null, sub: 't' }, { agency: 'ENTERPRISE', org: e.id, sub: 't' },
      { agency: 'COOPERATIVE', org: c2.id, sub: 't' }, { agency: 'COOPERATIVE', org: c1.id, sub: 't' },
    ];
    for (const viewer of viewers) {
      const { connection, extras } = await store.listEnterprisesWith(db, viewer, {}, { first: 500 }, { contracts: true, more: [] });
      const i = connection.edges.findIndex((x) => x.node.id === e.id);
      if (i < 0) continue; // outside this viewer's row scope
      const contracts = await store.contractsByEnterpriseIds(db, viewer, [e.id]);
      expect(extras[i]!.contracts, viewer.agency).toStrictEqual([...contracts]); // the driver's result is an Array subclass
      // Slim contracts: the loader's slim rows, which are the whole rows' SLIM_CONTRACT_COLUMNS.
      const slim = await store.listEnterprisesWith(db, viewer, {}, { first: 500 }, { contracts: true, slimContracts: true, more: [] });
      const slimRows = await store.contractsByEnterpriseIds(db, viewer, [e.id], true);
      expect(slim.extras[i]!.contracts, viewer.agency).toStrictEqual([...slimRows]);
      const cut = (c: Record<string, unknown>) => ({ id: c.id, enterpriseId: c.enterpriseId, cooperativeId: c.cooperativeId, hsCodes: c.hsCodes, validFrom: c.validFrom, validTo: c.validTo, terminatedOn: c.terminatedOn });
      expect([...slimRows], viewer.agency).toStrictEqual(contracts.map(cut));
    }
  });

  it('the processor query reads enterprises, contracts and the contracts\' cooperatives in one statement', async ({ as, seed }) => {
    await seed.bulkRegistry({ enterprises: 5, contractsPer: 2 });
    const q = (node: string) => `{ enterprises(filter: { status: [FILED, WARNED] }, first: 100) { edges { node ${node} } } }`;
    const ahead = await as('CUSTOMS').gql(q('{ id name uscc contracts { hsCodes validFrom validTo cooperative { name filingNo } } }'));
    const loaders = await as('CUSTOMS').gql(`${q('{ ...E }')} fragment E on Enterprise { id name uscc contracts { hsCodes validFrom validTo cooperative { name filingNo } } }`);
    expect(ahead.errors).toBeUndefined();
    expect(ahead.data).toEqual(loaders.data);
    expect(ahead.data.enterprises.edges.flatMap((x: any) => x.node.contracts).length).toBeGreaterThanOrEqual(10);
    expect(ahead.statements).toBe(1);
    expect(loaders.statements).toBe(3);
    expect((await as('CUSTOMS').gql(q('{ id contracts { hsCodes } }'))).statements).toBe(1);
    // Enterprise.cooperatives reads the contracts (ahead), then their cooperatives.
    expect((await as('CUSTOMS').gql(q('{ id cooperatives { name } }'))).statements).toBe(2);
  });

  it('reads only the columns asked when nothing else of the rows is asked, and every column otherwise, fragments included', async ({ as, seed, hub }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    await seed.contract(e, c);
    const page = (edges: string, rest = '') => `{ enterprises(first: 500) { totalCount pageInfo { endCursor } edges { ${edges} } } } ${rest}`;
    const slim = await hub.countStatements(() => as('CUSTOMS').gql(page('cursor node { id name uscc status county filingNo contracts { id } }')));
    expect(slim.result.errors).toBeUndefined();
    expect(slim.statements.find((s) => s.includes('legal_rep_name'))).toBeUndefined();
    const node = slim.result.data.enterprises.edges.find((x: any) => x.node.id === e.id).node;
    expect(node).toMatchObject({ name: e.name, uscc: e.uscc, contracts: [{ id: expect.any(String) }] });
    // Any other field, at any depth of the page or behind a fragment, reads whole rows.
    const others = [
      page('node { id capacityTonnesPerYear legalRepresentative { name } contracts { id } }'),
      page('node { id contracts { id } } ...X', 'fragment X on EnterpriseEdge { node { capacityTonnesPerYear legalRepresentative { name } } }'),
      page('node { id contracts { id } ... on Enterprise { capacityTonnesPerYear legalRepresentative { name } } }'),
      `{ enterprises(first: 500) { ...C } } fragment C on EnterpriseConnection { edges { node { id capacityTonnesPerYear legalRepresentative { name } } } }`,
    ];
    for (const q of others) {
      const r = await as('CUSTOMS').gql(q);
      expect(r.errors, q).toBeUndefined();
      const n = r.data.enterprises.edges.find((x: any) => x.node.id === e.id).node;
      expect(n.capacityTonnesPerYear, q).toBe(5000); // the factory's
      expect(n.legalRepresentative.name, q).toBeTruthy();
    }
  });

  it('contracts asked only slim fields are read with those columns, whole rows otherwise, and asking both costs one statement', async ({ as, seed, hub, db }) => {
    const e = await seed.enterprise();
    const [c1, c2] = [await seed.cooperative(), await seed.cooperative()];
    const k = await seed.contract(e, c1, { validFrom: '2025-02-01', hsCodes: ['1206', '120600'] });
    await db.update(supplyContractsTable).set({ terminatedOn: '2025-09-01' }).where(eq(supplyContractsTable.id, k.id));
    await seed.contract(e, c2, { validFrom: '2025-03-01' });
    const q = (node: string, rest = '') => `query($id: ID) { enterprise(id: $id) ${node} } ${rest}`;
    const contractStatements = (statements: string[]) => statements.filter((s) => /from "supply_contracts"/.test(s) && !/"enterprises"/.test(s));
    const SLIM = '{ contracts { id hsCodes validFrom validTo terminatedOn cooperative { id } enterprise { id } } }';
    const slim = await hub.countStatements(() => as('COMMERCE').gql(q(SLIM), { id: e.id }));
    expect(slim.result.errors).toBeUndefined();
    expect(contractStatements(slim.statements)).toHaveLength(1);
    expect(contractStatements(slim.statements)[0]).not.toContain('created_at');
    const whole = await hub.countStatements(() => as('COMMERCE').gql(q('{ contracts { ...K } }', 'fragment K on SupplyContract { id hsCodes validFrom validTo terminatedOn cooperative { id } enterprise { id } }'), { id: e.id }));
    expect(contractStatements(whole.statements)[0]).toContain('created_at');
    expect(slim.result.data).toEqual(whole.result.data);
    expect(slim.result.data.enterprise.contracts.map((c: any) => [c.hsCodes, c.validFrom, c.terminatedOn, c.cooperative.id]))
      .toEqual([[['1206', '120600'], '2025-02-01', '2025-09-01', c1.id], [expect.any(Array), '2025-03-01', null, c2.id]]);
    // Any other field: whole rows; with Enterprise.cooperatives (slim) beside whole contracts, still one contracts statement.
    for (const node of ['{ contracts { id createdAt source } cooperatives { id } }', '{ contracts { id ... on SupplyContract { updatedAt } } cooperatives { id } }']) {
      const r = await hub.countStatements(() => as('COMMERCE').gql(q(node), { id: e.id }));
      expect(r.result.errors, node).toBeUndefined();
      expect(r.result.data.enterprise.contracts.every((c: any) => typeof (c.createdAt ?? c.updatedAt) === 'string' && /\+08:00$/.test(c.createdAt ?? c.updatedAt)), node).toBe(true);
      expect(contractStatements(r.statements), node).toHaveLength(1);
      expect(r.result.data.enterprise.cooperatives.map((c: any) => c.id).sort(), node).toEqual([c1.id, c2.id].sort());
    }
  });

  it('a contract\'s cooperative asked only plain columns and members is read with those columns; anything else, fragments included, reads whole rows', async ({ as, seed, hub }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ members: 2 });
    await seed.contract(e, c);
    const q = (coop: string, rest = '') => `query($id: ID) { enterprise(id: $id) { contracts { cooperative ${coop} } } } ${rest}`;
    const SLIM = '{ id name filingNo kind township village status members { name } }';
    const slim = await hub.countStatements(() => as('CUSTOMS').gql(q(SLIM), { id: e.id }));
    expect(slim.result.errors).toBeUndefined();
    expect(slim.statements.some((s) => s.includes('"cooperatives"') && s.includes('head_mobile'))).toBe(false);
    // The same values as the whole row gives (asked through a fragment: whole rows).
    const whole = await hub.countStatements(() => as('CUSTOMS').gql(q('{ ...K }', `fragment K on Cooperative ${SLIM}`), { id: e.id }));
    expect(whole.statements.some((s) => s.includes('"cooperatives"') && s.includes('head_mobile'))).toBe(true);
    expect(slim.result.data).toEqual(whole.result.data);
    expect(slim.result.data.enterprise.contracts[0].cooperative).toMatchObject({ id: c.id, name: c.name, filingNo: expect.any(String), kind: expect.any(String), township: expect.any(String), village: '东村', status: expect.any(String), members: [{ name: expect.any(String) }, { name: expect.any(String) }] });
    // With its memberCount: slim, the count in the same statement; with another field, whole rows and the count.
    const counted = await hub.countStatements(() => as('COMMERCE').gql(q('{ name memberCount }'), { id: e.id }));
    expect(counted.result.data.enterprise.contracts[0].cooperative).toEqual({ name: c.name, memberCount: 2 });
    expect(counted.statements.some((s) => s.includes('"cooperatives"') && s.includes('head_mobile'))).toBe(false);
    const countedWhole = await as('COMMERCE').gql(q('{ phone memberCount }'), { id: e.id });
    expect(countedWhole.data.enterprise.contracts[0].cooperative).toEqual({ phone: expect.any(String), memberCount: 2 });
    for (const coop of ['{ name phone createdAt head { name } }', '{ name ... on Cooperative { phone createdAt head { name } } }']) {
      const r = await as('COMMERCE').gql(q(coop), { id: e.id });
      expect(r.errors, coop).toBeUndefined();
      const k = r.data.enterprise.contracts[0].cooperative;
      expect(k.phone, coop).toBeTruthy();
      expect(k.createdAt, coop).toMatch(/\+08:00$/);
      expect(k.head.name, coop).toBeTruthy();
    }
  });

  it('members asked only slim fields are read without the timestamps; any other field or a fragment reads whole rows', async ({ as, seed, hub }) => {
    const c = await seed.cooperative({ members: 3 });
    const q = (members: string, rest = '') => `query($id: ID!) { cooperative(id: $id) { members ${members} } } ${rest}`;
    const SLIM = '{ id name idNumber township county residenceBasis residencePresumed eligible cooperative { id } memberships { leftOn } }';
    const rosterStatements = (statements: string[]) => statements.filter((s) => s.includes('"cooperative_memberships"') && s.includes('"id_number"'));
    const slim = await hub.countStatements(() => as('COMMERCE').gql(q(SLIM), { id: c.id }));
    expect(slim.result.errors).toBeUndefined();
    expect(rosterStatements(slim.statements)).toHaveLength(1);
    expect(rosterStatements(slim.statements)[0]).not.toContain('"created_at"');
    const whole = await hub.countStatements(() => as('COMMERCE').gql(q('{ ...R }', `fragment R on BorderResident ${SLIM}`), { id: c.id }));
    expect(rosterStatements(whole.statements)[0]).toContain('"created_at"');
    expect(slim.result.data).toEqual(whole.result.data);
    expect(slim.result.data.cooperative.members).toHaveLength(3);
    expect(slim.result.data.cooperative.members[0]).toMatchObject({ id: expect.any(String), idNumber: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/), county: expect.any(String), cooperative: { id: c.id } });
    for (const members of ['{ name createdAt updatedAt source }', '{ name ... on BorderResident { createdAt updatedAt source } }']) {
      const r = await as('COMMERCE').gql(q(members), { id: c.id });
      expect(r.errors, members).toBeUndefined();
      for (const m of r.data.cooperative.members) {
        expect(m.createdAt, members).toMatch(/\+08:00$/);
        expect(m.updatedAt, members).toMatch(/\+08:00$/);
        expect(m.source, members).toBeTruthy();
      }
    }
  });

  it('a contract\'s cooperative asked with its memberCount comes with the count in the same statement, the count of Cooperative.memberCount', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const [c1, c2] = [await seed.cooperative({ members: 3 }), await seed.cooperative({ members: 1 })];
    await seed.contract(e, c1);
    await seed.contract(e, c2);
    // Today's roster only: one of c1's members left today (leftOn is the first day not a member),
    // and one joins tomorrow.
    const REMOVE = 'mutation($c: ID!, $n: String!, $d: Date!) { removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { id } }';
    expect((await as('COMMERCE').gql(REMOVE, { c: c1.id, n: c1.memberIds[0], d: beijingToday() })).errors).toBeUndefined();
    const ADD = 'mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) { addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { id } }';
    expect((await as('COMMERCE').gql(ADD, { c: c2.id, m: [{ name: '明日成员', idNumber: f.uniqueIdNumber() }], d: addDays(beijingToday(), 1) })).errors).toBeUndefined();

    const q = `query($id: ID) { enterprise(id: $id) { contracts { cooperative { id name memberCount } } } }`;
    const withCount = await as('COMMERCE').gql(q, { id: e.id });
    expect(withCount.errors).toBeUndefined();
    const counts = Object.fromEntries(withCount.data.enterprise.contracts.map((c: any) => [c.cooperative.id, c.cooperative.memberCount]));
    expect(counts).toEqual({ [c1.id]: 2, [c2.id]: 1 });
    for (const c of [c1, c2]) {
      const direct = await as('COMMERCE').gql('query($id: ID) { cooperative(id: $id) { memberCount } }', { id: c.id });
      expect(direct.data.cooperative.memberCount).toBe(counts[c.id]);
    }
    // enterprise, contracts, cooperatives with their counts: three statements; without the count the same three.
    const without = await as('COMMERCE').gql(`query($id: ID) { enterprise(id: $id) { contracts { cooperative { id name } } } }`, { id: e.id });
    expect(withCount.statements).toBe(without.statements);
  });
});
