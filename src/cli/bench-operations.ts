/** The operations of SPEC §11, each as a hub request and as its hand-written SQL floor. */
import type postgres from 'postgres';
import type { Agency } from '../authz/agencies';

export interface BenchContext {
  sql: postgres.Sql;
  token(agency: Agency, org?: string): Promise<string>;
  endpoint: string;
}

export interface PreparedOperation {
  /** One hub request; resolves with the statements the hub reported. */
  hub(i: number): Promise<{ statements?: number }>;
  floor(i: number): Promise<unknown>;
}

export interface BenchOperation {
  name: string;
  prepare(ctx: BenchContext): Promise<PreparedOperation>;
}

export async function gqlRequest(ctx: BenchContext, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(ctx.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`bench query failed: ${body.errors[0]!.message}`);
  return { statements: Number(res.headers.get('x-sql-statements') ?? NaN) };
}

export const BENCH_OPERATIONS: BenchOperation[] = [
  {
    name: 'registry: enterprises → contracts → cooperative',
    async prepare(ctx) {
      const token = await ctx.token('COMMERCE');
      const q = `{ enterprises(first: 100) { edges { node { id name contracts { hsCodes cooperative { name memberCount } } } } } }`;
      return {
        hub: () => gqlRequest(ctx, token, q),
        floor: () => ctx.sql`
          select e.id, e.name, sc.hs_codes, c.name as cooperative, (select count(*) from border_residents r where r.cooperative_id = c.id) as members
          from (select * from enterprises order by updated_at, id limit 100) e
          left join supply_contracts sc on sc.enterprise_id = e.id
          left join cooperatives c on c.id = sc.cooperative_id`,
      };
    },
  },
];
