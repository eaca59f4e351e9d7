/**
 * Input validation and normalisation shared by the mutations, the import CLI and the seed. Free of
 * type-graphql decorators so scripts can use it without the metadata polyfill.
 */
import { kgInput, yuanInput } from '../../shared/decimal';
import { contentHash } from '../../shared/hash';
import { badInput } from '../../shared/errors';
import { isValidDate } from '../../shared/time';
import { isValidHsCode } from '../registry';

export const LEDGER_KINDS = ['RAW_IN', 'RAW_CONSUMED', 'PRODUCT_OUTPUT', 'PRODUCT_SOLD', 'RAW_SOLD', 'LOSS'] as const;
export type LedgerKindName = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryFields {
  occurredOn: string; kind: string; hsCode?: string | null; productName?: string | null; quantityKg: number;
  amountYuan: string; externalRef: string; invoiceNo?: string | null; declarationNos?: string[] | null;
}

/** Validates and normalises one entry; the content hash covers everything but the key. */
export function normalizeLedgerEntry(input: LedgerEntryFields, today: string) {
  if (!isValidDate(input.occurredOn ?? '')) throw badInput('occurredOn', 'INVALID_VALUE', 'occurredOn is a date YYYY-MM-DD.');
  if (!(LEDGER_KINDS as readonly string[]).includes(input.kind)) throw badInput('kind', 'INVALID_VALUE', `kind is one of ${LEDGER_KINDS.join(', ')}.`);
  const externalRef = input.externalRef?.trim();
  if (!externalRef) throw badInput('externalRef', 'MISSING_FIELD', 'externalRef (your own reference of the entry) is required: it makes resending safe.');
  if (externalRef.length > 100) throw badInput('externalRef', 'INVALID_VALUE', 'externalRef is at most 100 characters.');
  const hsCode = input.hsCode?.trim() || null;
  const productName = input.productName?.trim() || null;
  if (!hsCode && !productName) throw badInput('hsCode', 'MISSING_FIELD', 'Give hsCode or productName (or both) so the entry says what the goods are.');
  if (hsCode && !isValidHsCode(hsCode)) throw badInput('hsCode', 'INVALID_HS_CODE', `"${hsCode}" is not an HS code of 2–10 digits.`);
  if (input.occurredOn > today) throw badInput('occurredOn', 'INVALID_VALUE', `occurredOn ${input.occurredOn} is in the future (today is ${today}, Beijing time).`);
  const quantityKg = kgInput('quantityKg', input.quantityKg);
  const amountYuan = yuanInput('amountYuan', input.amountYuan);
  // Kept in the order given: a RAW_IN books its kg against them in that order (SPEC §13).
  const declarationNos = [...new Set((input.declarationNos ?? []).map((s) => s.trim()).filter(Boolean))];
  // RAW_IN goods arrive with customs declarations (SPEC §6); other kinds carry none.
  if (input.kind === 'RAW_IN' && declarationNos.length === 0) {
    throw badInput('declarationNos', 'MISSING_FIELD', 'A RAW_IN entry links the customs declaration numbers the goods came with (declarationNos).');
  }
  if (input.kind !== 'RAW_IN' && declarationNos.length > 0) {
    throw badInput('declarationNos', 'INVALID_VALUE', 'Only RAW_IN entries link declaration numbers.');
  }
  const invoiceNo = input.invoiceNo?.trim() || null;
  const content = { occurredOn: input.occurredOn, kind: input.kind as LedgerKindName, hsCode, productName, quantityKg, amountYuan, invoiceNo, declarationNos };
  // The hash keeps the numbers sorted, as before the order mattered: a replay is a DUPLICATE whatever its order.
  return { ...content, externalRef, contentHash: contentHash({ ...content, declarationNos: [...declarationNos].sort() }) };
}

