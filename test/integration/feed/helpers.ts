/** Shared by the feed tests: follow the feed through the API, and write rows of the simplest entity. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/db/client';
import type { Caller } from '../../support/hub';

export const CHANGES = `query($after: String, $first: Int, $entities: [ChangeEntity!]) {
  changes(after: $after, first: $first, entities: $entities) {
    edges { cursor node { seq entity id op at } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface SeenChange { cursor: string; seq: string; entity: string; id: string; op: string; at: string }

/** Pages with after until hasNextPage is false: every change after `after`, and the cursor to keep. */
export async function drain(caller: Caller, after: string | null, entities?: string[], first = 100): Promise<{ changes: SeenChange[]; cursor: string | null }> {
  const changes: SeenChange[] = [];
  let cursor = after;
  for (;;) {
    const r = await caller.gql(CHANGES, { after: cursor, first, entities });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    const c = r.data.changes;
    changes.push(...c.edges.map((e: any) => ({ cursor: e.cursor, ...e.node })));
    cursor = c.pageInfo.endCursor;
    if (!c.pageInfo.hasNextPage) return { changes, cursor };
  }
}

let nextYear = 2100 + Math.floor(Math.random() * 1000) * 5;
/** A fresh year for an annual plan (annual_plans.year is unique). */
export const freshYear = () => nextYear++;

/** Inserts an annual plan (the smallest shared entity) and returns its id. */
export async function insertPlan(db: Db, year = freshYear()): Promise<string> {
  const res = (await db.execute(sql`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
    values (${year}, 1000, 500, 'COMMERCE') returning id`)) as unknown;
  const rows = Array.isArray(res) ? res : (res as { rows: { id: string }[] }).rows;
  return (rows[0] as { id: string }).id;
}
