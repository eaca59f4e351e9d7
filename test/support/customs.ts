/** Customs fixtures: a landing-processing chain (enterprise, cooperative with members, contract) and declaration inputs. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client';
import * as f from './factories';
import type { Caller } from './hub';

export const SUBMIT = `mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) {
  accepted duplicates rejected rows { index key status code reason field message } } }`;

export const uniqueNo = (prefix = 'D') => `${prefix}-${randomBytes(6).toString('hex')}`;

export interface Chain { enterpriseId: string; cooperativeId: string; members: string[] }

export async function landingChain(
  db: Db,
  opts: { hsCodes?: string[]; validFrom?: string; validTo?: string; members?: number; memberIds?: string[]; residences?: NonNullable<Parameters<typeof f.cooperative>[1]>['residences'] } = {},
): Promise<Chain> {
  const e = await f.enterprise(db);
  const c = await f.cooperative(db, { members: opts.members ?? 3, memberIds: opts.memberIds, residences: opts.residences });
  await f.contract(db, e, c, { hsCodes: opts.hsCodes ?? ['1206'], validFrom: opts.validFrom, validTo: opts.validTo });
  return { enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds };
}

export function marketSale(over: Record<string, unknown> = {}) {
  return {
    declarationNo: uniqueNo(), declaredAt: '2025-06-10T10:00:00+08:00', declarantIdNumber: f.uniqueIdNumber(), declarantName: '测试边民',
    purpose: 'MARKET_SALE', lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 100, valueYuan: '1000.00' }], ...over,
  };
}

export function landing(chain: Chain, over: Record<string, unknown> = {}) {
  return {
    declarationNo: uniqueNo('L'), declaredAt: '2025-06-10T10:00:00+08:00', declarantIdNumber: chain.members[0], purpose: 'LANDING_PROCESSING',
    cooperativeId: chain.cooperativeId, destinationEnterpriseId: chain.enterpriseId,
    lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 500.5, valueYuan: '2000.00' }], ...over,
  };
}

export async function submit(caller: Caller, input: unknown[]) {
  const r = await caller.gql(SUBMIT, { input });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.submitDeclarations as { accepted: number; duplicates: number; rejected: number; rows: { status: string; reason: string | null; field: string | null; code: string | null; message: string | null }[] };
}

/** The reason of a single-row batch (null when accepted). */
export async function reasonOfRow(caller: Caller, input: unknown) {
  const r = await submit(caller, [input]);
  return r.rows[0]!.status === 'REJECTED' ? r.rows[0]!.reason : r.rows[0]!.status;
}
