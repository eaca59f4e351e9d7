/**
 * SPEC §9, registry data classes × all ten agencies, over HTTP. A denied field is null with a
 * FORBIDDEN error at its path and the rest of the answer is returned; a masked field is a string.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES, type Agency } from '../../../src/authz/agencies';
import * as f from '../../support/factories';
import { startHub, type GqlResult, type TestHub } from '../../support/hub';

let hub: TestHub;
let e: Awaited<ReturnType<typeof f.enterprise>>;
let c: Awaited<ReturnType<typeof f.cooperative>>;
beforeAll(async () => {
  hub = await startHub();
  e = await f.enterprise(hub.db);
  c = await f.cooperative(hub.db, { members: 2 });
  await f.contract(hub.db, e, c);
});
afterAll(async () => { await hub?.close(); });

/** ENTERPRISE and COOPERATIVE callers are the parties themselves (own rows). */
const caller = (a: Agency) => hub.as(a, a === 'ENTERPRISE' ? e.id : a === 'COOPERATIVE' ? c.id : null);
const mask = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
const forbiddenPaths = (r: GqlResult) => (r.errors ?? []).map((x) => {
  expect(x.extensions.code, JSON.stringify(x)).toBe('FORBIDDEN');
  return x.path!.join('.');
}).sort();

const CONTACT_FULL: Agency[] = ['COMMERCE', 'MARKET_REGULATION', 'ENTERPRISE'];
const HEAD_FULL: Agency[] = ['COMMERCE', 'MARKET_REGULATION', 'COOPERATIVE'];
const ID_FULL: Agency[] = ['CUSTOMS', 'COOPERATIVE'];
const ID_MASKED: Agency[] = ['COMMERCE', 'MARKET_REGULATION'];

describe.each(AGENCIES)('%s', (agency) => {
  it('reads the registry fields of enterprises and cooperatives', async () => {
    const r = await caller(agency).gql(`query($e: ID, $c: ID) {
      enterprise(id: $e) { id name uscc filingNo status county rawMaterials capacityTonnesPerYear declaredValueAddRate declaredLossRate
        importScaleYuan processingMethod taxpayerType inBondedZone filedAt source createdAt updatedAt contracts { hsCodes validFrom validTo } }
      cooperative(id: $c) { id name filingNo kind status township village postalCode commodities memberCount licenseNo totalCapitalYuan
        contracts { hsCodes enterprise { id } cooperative { id } } } }`, { e: e.id, c: c.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprise).toMatchObject({
      id: e.id, name: e.name, uscc: e.uscc, filingNo: e.filingNo, status: 'FILED', county: '652702', rawMaterials: ['1206', '1205'],
      capacityTonnesPerYear: 5000, declaredValueAddRate: 0.25, declaredLossRate: 0.02, contracts: [{ hsCodes: ['1206'] }],
    });
    expect(r.data.cooperative).toMatchObject({
      id: c.id, filingNo: c.filingNo, status: 'FILED', commodities: ['1206'], memberCount: 2,
      contracts: [{ hsCodes: ['1206'], enterprise: { id: e.id }, cooperative: { id: c.id } }],
    });
  });

  it('reads enterprise contact data as §9 says (full, name only, or FORBIDDEN at the path)', async () => {
    const r = await caller(agency).gql('query($e: ID) { enterprise(id: $e) { name legalRepresentative { name phone address } } }', { e: e.id });
    expect(r.data.enterprise.name).toBe(e.name);
    if (CONTACT_FULL.includes(agency)) {
      expect(r.errors).toBeUndefined();
      expect(r.data.enterprise.legalRepresentative).toEqual({ name: '王建国', phone: '13912345678', address: '阿拉山口市友谊路1号' });
    } else if (agency === 'CUSTOMS') {
      expect(r.data.enterprise.legalRepresentative).toEqual({ name: '王建国', phone: null, address: null });
      expect(forbiddenPaths(r)).toEqual(['enterprise.legalRepresentative.address', 'enterprise.legalRepresentative.phone']);
    } else {
      expect(r.data.enterprise.legalRepresentative).toBeNull();
      expect(forbiddenPaths(r)).toEqual(['enterprise.legalRepresentative']);
    }
  });

  it('reads cooperative contact data (head, phone) as §9 says', async () => {
    const r = await caller(agency).gql('query($c: ID) { cooperative(id: $c) { name phone head { name mobile } } }', { c: c.id });
    expect(r.data.cooperative.name).toBe(c.name);
    if (HEAD_FULL.includes(agency)) {
      expect(r.errors).toBeUndefined();
      expect(r.data.cooperative).toMatchObject({ phone: '0909-6991234', head: { name: '阿依古丽', mobile: '13812345678' } });
    } else if (agency === 'CUSTOMS') {
      expect(r.data.cooperative).toMatchObject({ phone: null, head: { name: '阿依古丽', mobile: null } });
      expect(forbiddenPaths(r)).toEqual(['cooperative.head.mobile', 'cooperative.phone']);
    } else {
      expect(r.data.cooperative).toMatchObject({ phone: null, head: null });
      expect(forbiddenPaths(r)).toEqual(['cooperative.head', 'cooperative.phone']);
    }
  });

  it('looks a resident up by ID number only with full identity rights (§9; masked agencies cannot complete a masked number)', async () => {
    const id = c.memberIds[0]!;
    const r = await caller(agency).gql('query($id: String!) { resident(idNumber: $id) { idNumber name county } }', { id });
    if (ID_FULL.includes(agency)) {
      expect(r.errors).toBeUndefined();
      expect(r.data.resident).toEqual({ idNumber: id, name: '边民0', county: '652702' });
    } else {
      expect(r.data?.resident ?? null).toBeNull();
      expect(forbiddenPaths(r)).toEqual(['resident']);
    }
  });

  it('reads the member roster of a cooperative as §9 says, with the rest of the answer returned', async () => {
    const r = await caller(agency).gql('query($c: ID) { cooperative(id: $c) { name memberCount members { name idNumber } } }', { c: c.id });
    expect(r.data.cooperative).toMatchObject({ name: c.name, memberCount: 2 });
    const members = r.data.cooperative.members as { name: string; idNumber: string }[] | null;
    const want = [...c.memberIds].sort();
    if (ID_FULL.includes(agency)) {
      expect(r.errors).toBeUndefined();
      expect(members!.map((m) => m.idNumber).sort()).toEqual(want);
      expect(members!.map((m) => m.name).sort()).toEqual(['边民0', '边民1']);
    } else if (ID_MASKED.includes(agency)) {
      expect(r.errors).toBeUndefined();
      expect(members!.map((m) => m.idNumber).sort()).toEqual(want.map(mask).sort());
      expect(members!.map((m) => m.name).sort()).toEqual(['边民0', '边民1']);
    } else {
      expect(members).toBeNull();
      expect(forbiddenPaths(r)).toEqual(['cooperative.members']);
    }
  });
});

it('masks an ID number ending in X as the first 6 and last 4 characters', async () => {
  let x = '';
  for (let i = 0; !x && i < 500; i++) { const n = f.uniqueIdNumber(); if (n.endsWith('X')) x = n; }
  const co = await f.cooperative(hub.db, { memberIds: [x] });
  const r = await hub.as('COMMERCE').gql('query($c: ID) { cooperative(id: $c) { members { idNumber } } }', { c: co.id });
  expect(r.data.cooperative.members[0].idNumber).toBe(`${x.slice(0, 6)}********${x.slice(-4)}`);
  expect(r.data.cooperative.members[0].idNumber).toMatch(/^652702\*{8}\d{3}X$/);
});
