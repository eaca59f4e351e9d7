/**
 * Relay connections (SPEC §3): `first` (default 50, max 500), opaque `after` cursors, a stable
 * order by (updatedAt, id) so incremental sync never skips or repeats a row.
 */
import { and, asc, count, gt, eq, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { DbOrTx } from '../db/client';
import { badInput } from './errors';
import { isUuid } from './ids';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

@ObjectType({ description: '分页信息 / page information' })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: '每页条数 / page size (default 50, max 500)' })
  first?: number;
  @Field(() => String, { nullable: true, description: '游标 / opaque cursor: the endCursor of the previous page' })
  after?: string;
}

export interface Edge<T> { cursor: string; node: T }
export interface ConnectionValue<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when the client selects totalCount. */
  readonly totalCount: Promise<number>;
}

/** `XConnection` and `XEdge` object types for a node type. */
export function connectionOf<T extends object>(node: ClassType<T>, name: string, label: string) {
  @ObjectType(`${name}Edge`, { description: `${label}（边） / edge` })
  class EdgeType {
    @Field(() => String) cursor!: string;
    @Field(() => node) node!: T;
  }
  @ObjectType(`${name}Connection`, { description: `${label}列表 / connection` })
  class ConnectionType {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    // simple: false — a lazy promise (the getter of connectionOfRows): simple fields are read synchronously.
    @Field(() => Int, { simple: false, description: '总数 / total rows matching the filter' }) totalCount!: number;
  }
  return ConnectionType;
}

export function encodeCursor(updatedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt.toISOString(), id])).toString('base64url');
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  try {
    // A cursor this hub wrote is under 100 characters; do not decode megabytes to find out.
    if (cursor.length > 200) throw new Error();
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) throw new Error();
    const [ts, id] = parsed as [unknown, unknown];
    // Both parts reach SQL as typed parameters: a non-UUID id or a non-ISO time would otherwise
    // surface as a database error (INTERNAL_SERVER_ERROR) instead of telling the client its cursor is bad.
    if (typeof ts !== 'string' || !ISO_RE.test(ts) || !isUuid(id)) throw new Error();
    const updatedAt = new Date(ts);
    if (Number.isNaN(updatedAt.getTime())) throw new Error();
    return { updatedAt, id };
  } catch {
    throw badInput('after', 'INVALID_CURSOR', 'The cursor is not one this hub issued: pass an endCursor from a previous page.');
  }
}

export function pageSize(first: number | undefined | null): number {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) {
    throw badInput('first', 'PAGE_SIZE', `first must be between 0 and ${MAX_PAGE}; page through larger lists with after.`);
  }
  return n;
}

interface Sortable { id: PgColumn; updatedAt: PgColumn }

/**
 * One page of `table` under `where`, in (updatedAt, id) order. Two statements at most: the page,
 * and the count only when the client selects totalCount.
 */
export async function paginate<TRow extends { id: string; updatedAt: Date }>(
  db: DbOrTx,
  table: PgTable & Sortable,
  where: (SQL | undefined)[],
  args: { first?: number | null; after?: string | null },
): Promise<ConnectionValue<TRow>> {
  const limit = pageSize(args.first);
  const filter = and(...where);
  const conds = [filter];
  if (args.after) {
    const c = decodeCursor(args.after);
    conds.push(or(gt(table.updatedAt, c.updatedAt), and(eq(table.updatedAt, c.updatedAt), gt(table.id, c.id))));
  }
  // first: 0 still reads one row, so hasNextPage tells a client whether anything is there.
  const rows = ((await db
    .select()
    .from(table as PgTable)
    .where(and(...conds))
    .orderBy(asc(table.updatedAt), asc(table.id))
    .limit(limit + 1)) as unknown as TRow[]);
  return connectionOfRows(rows.slice(0, limit), rows.length > limit,
    () => db.select({ n: count() }).from(table as PgTable).where(filter).then((r) => Number(r[0]?.n ?? 0)));
}

/** An edge whose cursor is encoded when read: most pages are asked without their edges' cursors. */
class RowEdge<TRow extends { id: string; updatedAt: Date }> {
  constructor(readonly node: TRow) {}
  get cursor(): string {
    return encodeCursor(this.node.updatedAt, this.node.id);
  }
}

/**
 * A connection of the rows of a page read in (updatedAt, id) order (one more row than the page
 * was read to tell `hasNextPage`); `countRows` runs only when the client selects totalCount.
 */
export function connectionOfRows<TRow extends { id: string; updatedAt: Date }>(
  page: TRow[], hasNextPage: boolean, countRows: () => Promise<number>,
): ConnectionValue<TRow> {
  const edges = page.map((node) => new RowEdge(node));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return (counted ??= countRows());
    },
  };
}
