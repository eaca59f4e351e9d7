/**
 * The dishonest list's effects on the registry and on customs (SPEC §14 Credit; 附件4 四; 综保区条例
 * 第二十六条 失信联合惩戒). The list is market regulation's; market depends on the registry (and on
 * customs), so neither may import market: the lookup is registered by the composition root
 * (src/modules/wiring.ts) and reached through here, as customs reaches quota through
 * onDeclarationsAccepted. Unwired, a check fails loudly instead of letting a listed subject through.
 */
import type { DbOrTx } from '../../db/client';
import { badInput, type DomainError } from '../../shared/errors';

/** A LISTED entry, as a SUBJECT_DISHONEST message names it. */
export interface DishonestListing { id: string; subjectKey: string; basis: string; noticeOn: string; listedOn: string }

/** The LISTED entries among these keys (credit codes, hub ids), by key: one statement. */
export type DishonestLookup = (db: DbOrTx, keys: readonly string[]) => Promise<ReadonlyMap<string, DishonestListing>>;

let lookup: DishonestLookup | null = null;

/** Registers the dishonest-list lookup (market's store); returns its removal. */
export function useDishonestLookup(fn: DishonestLookup): () => void {
  lookup = fn;
  return () => { if (lookup === fn) lookup = null; };
}

/** The LISTED entries among `keys` (empty keys are ignored). */
export async function listedByKeys(db: DbOrTx, keys: readonly (string | null | undefined)[]): Promise<ReadonlyMap<string, DishonestListing>> {
  const wanted = [...new Set(keys.filter((k): k is string => !!k))];
  if (!wanted.length) return new Map();
  if (!lookup) throw new Error('the dishonest-list lookup is not wired (import src/modules/wiring.ts)');
  return lookup(db, wanted);
}

/**
 * The keys a registry party is listed under (SPEC §14): its credit code — an enterprise's USCC, a
 * cooperative's licence number — and its hub id (an entry made while it had no credit code).
 */
export function partyKeys(p: { id: string; uscc?: string | null; licenseNo?: string | null }): string[] {
  return [p.uscc, p.licenseNo, p.id].filter((k): k is string => !!k);
}

/** The first listing that names one of the party's keys. */
export function listingOf(listed: ReadonlyMap<string, DishonestListing>, p: { id: string; uscc?: string | null; licenseNo?: string | null }): DishonestListing | undefined {
  for (const k of partyKeys(p)) {
    const hit = listed.get(k);
    if (hit) return hit;
  }
  return undefined;
}

/** A phrase in both languages: the subject (企业 X / enterprise X) or what it is refused (不能备案 / cannot be filed). */
export interface Bilingual { zh: string; en: string }

/** How a SUBJECT_DISHONEST message names the subject. */
export const subjectNamed = {
  enterprise: (ref: string): Bilingual => ({ zh: `企业 ${ref}`, en: `Enterprise ${ref}` }),
  cooperative: (ref: string): Bilingual => ({ zh: `合作社 ${ref}`, en: `Cooperative ${ref}` }),
  uscc: (code: string): Bilingual => ({ zh: `统一社会信用代码 ${code}`, en: `The holder of credit code ${code}` }),
};

/** SUBJECT_DISHONEST, naming the entry's basis and notice date (bilingual, Chinese first). */
export function subjectDishonest(field: string, subject: Bilingual, entry: DishonestListing, refusal: Bilingual): DomainError {
  return badInput(field, 'SUBJECT_DISHONEST',
    `${subject.zh} 已列入失信名单（依据：${entry.basis}；告知日期：${entry.noticeOn}），${refusal.zh} / `
    + `${subject.en} is on the dishonest list (basis: ${entry.basis}; notified on ${entry.noticeOn}) and ${refusal.en} while listed (SPEC §14).`);
}

/** Throws SUBJECT_DISHONEST when the party is listed. */
export async function assertNotListed(db: DbOrTx, field: string, subject: Bilingual, p: { id: string; uscc?: string | null; licenseNo?: string | null }, refusal: Bilingual): Promise<void> {
  const hit = listingOf(await listedByKeys(db, partyKeys(p)), p);
  if (hit) throw subjectDishonest(field, subject, hit, refusal);
}
