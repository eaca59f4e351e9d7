/** Relay connections of the registry (SPEC §3): page size, cursors, updatedSince, totalCount, filters. */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cooperativesTable, enterprisesTable } from '../../../src/modules/registry/table';
import { encodeCursor } from '../../../src/shared/pagination';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

let tagN = 0;
const tag = () => `T${Date.now().toString(36)}${++tagN}X`;
const LIST = `query($first: Int, $after: String, $filter: EnterpriseFilter) {
  enterprises(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id name updatedAt } } pageInfo { hasNextPage endCursor } } }`;
const list = (vars: Record<string, unknown>) => hub.as('COMMERCE').gql(LIST, vars);

async function pageThrough(filter: Record<string, unknown>, first: number) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const r = await list({ first, after, filter });
    expect(r.errors).toBeUndefined();
    const c = r.data.enterprises;
    seen.push(...c.edges.map((x: any) => x.node.id));
    if (c.edges.length) expect(c.pageInfo.endCursor).toBe(c.edges.at(-1).cursor);
    if (!c.pageInfo.hasNextPage) return seen;
    after = c.pageInfo.endCursor;
  }
  throw new Error('did not finish');
}

describe('page size', () => {
  it('is 50 by default', async () => {
    const t = tag();
    await f.bulkRegistry(hub.db, { enterprises: 55, name: (i) => `${t}企业${i}` });
    const r = await list({ filter: { nameContains: t } });
    expect(r.data.enterprises.edges).toHaveLength(50);
    expect(r.data.enterprises.pageInfo.hasNextPage).toBe(true);
    expect(r.data.enterprises.totalCount).toBe(55);
  });

  it('allows 500 and refuses 501 and negative sizes with PAGE_SIZE', async () => {
    expect((await list({ first: 500 })).errors).toBeUndefined();
    for (const first of [501, -1, 100000]) {
      const r = await list({ first });
      expect(r.errors?.[0]?.extensions, String(first)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE', field: 'first' });
    }
    const c = await hub.as('COMMERCE').gql('{ cooperatives(first: 501) { totalCount } }');
    expect(c.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE' });
  });

  it('answers first: 0 with no edges, and hasNextPage when rows exist', async () => {
    const t = tag();
    await f.bulkRegistry(hub.db, { enterprises: 2, name: (i) => `${t}-${i}` });
    const r = await list({ first: 0, filter: { nameContains: t } });
    expect(r.data.enterprises).toMatchObject({ edges: [], totalCount: 2, pageInfo: { hasNextPage: true, endCursor: null } });
  });
});

describe('cursors', () => {
  it('page through rows that share one updatedAt without gaps or repeats', async () => {
    const t = tag();
    const same = new Date('2025-03-01T00:00:00.000Z');
    const { enterpriseIds } = await f.bulkRegistry(hub.db, { enterprises: 23, name: (i) => `${t}-${i}`, over: { updatedAt: same } });
    const seen = await pageThrough({ nameContains: t }, 5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual([...enterpriseIds].sort());
    expect(seen).toEqual([...enterpriseIds].sort()); // same updatedAt: ordered by id
  });

  it('order by updatedAt then id across different times', async () => {
    const t = tag();
    const a = await f.bulkRegistry(hub.db, { enterprises: 4, name: (i) => `${t}-b${i}`, over: { updatedAt: new Date('2025-03-02T00:00:00Z') } });
    const b = await f.bulkRegistry(hub.db, { enterprises: 4, name: (i) => `${t}-a${i}`, over: { updatedAt: new Date('2025-03-01T00:00:00Z') } });
    const seen = await pageThrough({ nameContains: t }, 3);
    expect(seen).toEqual([...[...b.enterpriseIds].sort(), ...[...a.enterpriseIds].sort()]);
  });

  it('keep their place when an earlier row changes during paging (incremental sync never repeats)', async () => {
    const t = tag();
    const { enterpriseIds } = await f.bulkRegistry(hub.db, { enterprises: 6, name: (i) => `${t}-${i}`, over: { updatedAt: new Date('2025-01-01T00:00:00Z') } });
    const p1 = await list({ first: 3, filter: { nameContains: t } });
    // The first row is updated now: it moves to the end of the order and is seen once more, at the end.
    await hub.db.update(enterprisesTable).set({ processingMethod: '新方法' }).where(eq(enterprisesTable.id, p1.data.enterprises.edges[0].node.id));
    const p2 = await list({ first: 10, after: p1.data.enterprises.pageInfo.endCursor, filter: { nameContains: t } });
    const ids2 = p2.data.enterprises.edges.map((x: any) => x.node.id);
    expect(ids2).toHaveLength(4);
    expect(ids2.at(-1)).toBe(p1.data.enterprises.edges[0].node.id);
    expect(new Set([...p1.data.enterprises.edges.map((x: any) => x.node.id), ...ids2])).toEqual(new Set(enterpriseIds));
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor with a non-UUID id', Buffer.from(JSON.stringify(['2025-01-01T00:00:00.000Z', 'x'])).toString('base64url')],
    ['a cursor with a bad time', Buffer.from(JSON.stringify(['soon', '0f8fad5b-d9cb-469f-a165-70867728950e'])).toString('base64url')],
  ])('refuses %s with INVALID_CURSOR', async (_what, after) => {
    const r = await list({ after });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' });
    const c = await hub.as('COMMERCE').gql('query($a: String) { cooperatives(after: $a) { totalCount } }', { a: after });
    expect(c.errors?.[0]?.extensions).toMatchObject({ reason: 'INVALID_CURSOR' });
  });

  it('accepts a well-formed cursor of a row that no longer exists', async () => {
    const r = await list({ after: encodeCursor(new Date('2099-01-01T00:00:00Z'), '0f8fad5b-d9cb-469f-a165-70867728950e') });
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprises.edges).toEqual([]);
  });
});

describe('updatedSince', () => {
  it('returns rows updated at or after the instant (inclusive) and counts them', async () => {
    const t = tag();
    const old = await f.bulkRegistry(hub.db, { enterprises: 2, name: (i) => `${t}-o${i}`, over: { updatedAt: new Date('2025-03-01T09:59:59.999Z') } });
    const edge = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}-e`, over: { updatedAt: new Date('2025-03-01T10:00:00.000Z') } });
    const late = await f.bulkRegistry(hub.db, { enterprises: 2, name: (i) => `${t}-l${i}`, over: { updatedAt: new Date('2025-03-01T12:00:00.000Z') } });
    const r = await list({ filter: { nameContains: t, updatedSince: '2025-03-01T18:00:00+08:00' } });
    const got = r.data.enterprises.edges.map((x: any) => x.node.id);
    expect(got).toEqual([...edge.enterpriseIds, ...[...late.enterpriseIds].sort()]);
    expect(got).not.toContain(old.enterpriseIds[0]);
    expect(r.data.enterprises.totalCount).toBe(3);
  });

  it('filters cooperatives by updatedSince too', async () => {
    const c = await f.cooperative(hub.db);
    await hub.db.update(cooperativesTable).set({ updatedAt: new Date('2030-01-01T00:00:00Z') }).where(eq(cooperativesTable.id, c.id));
    const r = await hub.as('COMMERCE').gql('{ cooperatives(filter: { updatedSince: "2030-01-01T08:00:00+08:00" }) { edges { node { id } } } }');
    expect(r.data.cooperatives.edges.map((x: any) => x.node.id)).toEqual([c.id]);
  });

  it('sees a write as updated', async () => {
    const e = await f.enterprise(hub.db, { approve: false });
    const since = new Date(Date.now() - 1).toISOString();
    await hub.as('COMMERCE').gql('mutation($id: ID!) { approveEnterprise(id: $id) { id } }', { id: e.id });
    const r = await list({ filter: { updatedSince: since } });
    expect(r.data.enterprises.edges.map((x: any) => x.node.id)).toContain(e.id);
  });
});

describe('filters', () => {
  it('filter enterprises by status, county, hsCode and nameContains, and totalCount follows the filter', async () => {
    const t = tag();
    const a = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}甲`, over: { status: 'FILED', county: '652702', rawMaterials: ['0802'] } });
    const b = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}乙`, over: { status: 'PENDING', county: '652701', rawMaterials: ['1206'] } });
    const c = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}丙`, over: { status: 'WARNED', county: '652702', rawMaterials: ['120190'] } });
    const got = async (filter: Record<string, unknown>) => {
      const r = await list({ filter: { nameContains: t, ...filter } });
      expect(r.errors).toBeUndefined();
      expect(r.data.enterprises.totalCount).toBe(r.data.enterprises.edges.length);
      return r.data.enterprises.edges.map((x: any) => x.node.id).sort();
    };
    const [A, B, C] = [a.enterpriseIds[0], b.enterpriseIds[0], c.enterpriseIds[0]];
    expect(await got({})).toEqual([A, B, C].sort());
    expect(await got({ status: ['FILED', 'WARNED'] })).toEqual([A, C].sort());
    expect(await got({ status: ['PENDING'] })).toEqual([B]);
    expect(await got({ county: '652701' })).toEqual([B]);
    expect(await got({ hsCode: '08021100' })).toEqual([A]); // a prefix of the code is a raw material
    expect(await got({ hsCode: '12' })).toEqual([B, C].sort()); // the code is a prefix of raw materials
    expect(await got({ hsCode: '1201' })).toEqual([C]);
    expect(await got({ nameContains: `${t}乙` })).toEqual([B]);
  });

  it('finds an enterprise by hsCode through its contracts as well', async () => {
    const t = tag();
    const e = await f.enterprise(hub.db, { rawMaterials: ['0806'], name: `${t}合同` });
    await f.contract(hub.db, e, await f.cooperative(hub.db), { hsCodes: ['0813'] });
    expect((await list({ filter: { nameContains: t, hsCode: '081310' } })).data.enterprises.edges.map((x: any) => x.node.id)).toEqual([e.id]);
  });

  it('matches nameContains case-insensitively and treats % and _ literally', async () => {
    const t = tag();
    const pct = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}打折50%公司` });
    const under = await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}a_b公司` });
    await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}打折50元公司` });
    await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}axb公司` });
    await f.bulkRegistry(hub.db, { enterprises: 1, name: () => `${t}back\\slash` });
    const ids = async (s: string) => (await list({ filter: { nameContains: s } })).data.enterprises.edges.map((x: any) => x.node.id);
    expect(await ids(`${t}打折50%`)).toEqual(pct.enterpriseIds);
    expect(await ids(`${t}a_b`)).toEqual(under.enterpriseIds);
    expect(await ids(`${t}%`)).toEqual([]);
    expect(await ids(`${t.toLowerCase()}A_B`)).toEqual(under.enterpriseIds);
    expect(await ids(`${t}back\\`)).toHaveLength(1);
  });

  it('refuses an hsCode filter that is not 2–10 digits', async () => {
    const r = await list({ filter: { hsCode: '12ab' } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_HS_CODE', field: 'filter.hsCode' });
  });

  it('filter cooperatives by status, township and nameContains', async () => {
    const a = await f.cooperative(hub.db);
    const b = await f.cooperative(hub.db, { approve: false });
    await hub.db.update(cooperativesTable).set({ township: '博格达尔镇', name: '温泉县博格达尔边民互助组%' }).where(eq(cooperativesTable.id, b.id));
    const q = (filter: Record<string, unknown>) => hub.as('COMMERCE')
      .gql('query($f: CooperativeFilter) { cooperatives(filter: $f, first: 500) { totalCount edges { node { id } } } }', { f: filter })
      .then((r) => r.data.cooperatives.edges.map((x: any) => x.node.id) as string[]);
    expect(await q({ township: '博格达尔镇' })).toEqual([b.id]);
    expect(await q({ status: ['PENDING'], township: '博格达尔镇' })).toEqual([b.id]);
    expect(await q({ status: ['FILED'] })).toContain(a.id);
    expect(await q({ status: ['FILED'] })).not.toContain(b.id);
    expect(await q({ nameContains: '互助组%' })).toEqual([b.id]);
    const all = await hub.db.select({ id: cooperativesTable.id }).from(cooperativesTable).where(inArray(cooperativesTable.id, [a.id, b.id]));
    expect(all).toHaveLength(2);
  });
});
