/** Pure rules of the change feed and push delivery (SPEC §16). */
import { createHmac } from 'node:crypto';
import type { Viewer } from '../../authz/agencies';
import { READ, accessLevel } from '../../authz/matrix';

/** ChangeEntity values (SPEC §16), in the order the SPEC lists them. */
export const CHANGE_ENTITIES = [
  'ENTERPRISE', 'COOPERATIVE', 'BORDER_RESIDENT', 'SUPPLY_CONTRACT', 'CUSTOMS_DECLARATION', 'FACTORY_ENTRY',
  'LEDGER_ENTRY', 'MONTHLY_REPORT', 'QUARTERLY_REPORT', 'TAX_RECORD', 'SHOP', 'INSPECTION', 'SUPERVISION_ACTION',
  'DISHONEST_LIST_ENTRY', 'ANNUAL_PLAN', 'EARLY_WARNING',
] as const;
export type ChangeEntityName = (typeof CHANGE_ENTITIES)[number];

/**
 * Who may follow an entity's changes: whoever the matrix lets read that entity (its list or lookup
 * root field), so the feed never announces a record its reader could not fetch.
 */
export const ENTITY_READ_COORDINATE: Record<ChangeEntityName, string> = {
  ENTERPRISE: 'Query.enterprises',
  COOPERATIVE: 'Query.cooperatives',
  // Residents are read through rosters (Query.resident is an identity lookup for CUSTOMS only).
  BORDER_RESIDENT: 'BorderResident.name',
  SUPPLY_CONTRACT: 'SupplyContract.*',
  CUSTOMS_DECLARATION: 'Query.declarations',
  FACTORY_ENTRY: 'Query.factoryEntries',
  LEDGER_ENTRY: 'Query.ledgerEntries',
  MONTHLY_REPORT: 'Query.monthlyReports',
  QUARTERLY_REPORT: 'Query.quarterlyReports',
  TAX_RECORD: 'Query.taxRecords',
  SHOP: 'Query.shops',
  INSPECTION: 'Query.inspections',
  SUPERVISION_ACTION: 'Query.supervisionActions',
  DISHONEST_LIST_ENTRY: 'Query.dishonestList',
  ANNUAL_PLAN: 'Query.annualPlan',
  EARLY_WARNING: 'Query.earlyWarnings',
};

/** Entities an organisation follows for its own rows (OWN in the matrix: a cooperative's members). */
const OWN_FOLLOWERS: Partial<Record<ChangeEntityName, Viewer['agency'][]>> = { BORDER_RESIDENT: ['COOPERATIVE'] };

export const mayFollow = (viewer: Viewer, entity: ChangeEntityName): boolean =>
  accessLevel(READ[ENTITY_READ_COORDINATE[entity]], viewer, 'Query', null) !== 'none'
  || (OWN_FOLLOWERS[entity]?.includes(viewer.agency) ?? false);

export const followable = (viewer: Viewer): ChangeEntityName[] => CHANGE_ENTITIES.filter((e) => mayFollow(viewer, e));

export const DEFAULT_FEED_PAGE = 100;
export const MAX_FEED_PAGE = 1000;
/** SPEC §16: a push request carries at most 500 changes. */
export const PUSH_BATCH = 500;
/** SPEC §16: a failing receiver is retried with exponential backoff for 24 hours. */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;

/** The feed cursor: an opaque wrapper of seq ("f" + seq, base64url), so it can change shape later. */
export function encodeFeedCursor(seq: number | string): string {
  return Buffer.from(`f${seq}`).toString('base64url');
}

/** The seq of a cursor, or null when the string is not a feed cursor. */
export function decodeFeedCursor(cursor: string): number | null {
  if (cursor.length > 40) return null;
  const m = /^f(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m && Number.isSafeInteger(Number(m[1])) ? Number(m[1]) : null;
}

/** X-Hub-Signature-256 (the GitHub convention): HMAC-SHA256 of the exact body bytes, hex. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Why a webhook URL is refused, or null: http(s) only, absolute, no credentials in it. */
export function webhookUrlProblem(url: string): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return '地址无效 / not an absolute URL'; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '仅支持 http(s) / only http and https URLs';
  if (u.username || u.password) return '地址中不得包含凭据 / no credentials in the URL';
  if (url.length > 2000) return '地址过长 / URL longer than 2000 characters';
  return null;
}

/** Whether a failing webhook is still inside its retry window. */
export const withinRetryWindow = (failingSince: Date | null, now: Date): boolean =>
  failingSince == null || now.getTime() - failingSince.getTime() < RETRY_WINDOW_MS;
