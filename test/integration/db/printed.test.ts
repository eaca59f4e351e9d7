/** Rows read for output without drizzle's mapping (src/db/printed.ts) print exactly as mapped rows do. */
import { sql } from 'drizzle-orm';
import { rows } from '../../../src/db/client';
import { printedColumns, printedJsonColumns } from '../../../src/db/printed';
import { borderResidentsTable, cooperativesTable, supplyContractsTable } from '../../../src/modules/registry/table';
import { DateTimeScalar } from '../../../src/shared/scalars';
import { describe, expect, test } from '../../support/fixtures';

const printed = (v: unknown) => (v instanceof Date ? DateTimeScalar.serialize(v) : v);

describe('printedColumns', () => {
  test('every column under its property name, the same values as drizzle, timestamps as DateTimeScalar prints them', async ({ db, seed }) => {
    const e = await seed.enterprise({ approve: true });
    const c = await seed.cooperative({ members: 3, approve: true });
    await seed.contract(e, c);
    // A timestamp whose milliseconds and Beijing date differ from UTC's (16:xx UTC is the next day in Beijing).
    await db.execute(sql`update cooperatives set filed_at = '2025-02-28T16:07:08.009Z' where id = ${c.id}`);
    for (const table of [cooperativesTable, supplyContractsTable, borderResidentsTable]) {
      const mapped = await db.select().from(table);
      const raw = await rows<Record<string, unknown>>(db, sql`select ${printedColumns(table)} from ${table}`);
      expect(mapped.length).toBeGreaterThan(0);
      const byId = new Map(raw.map((r) => [r.id, r]));
      for (const m of mapped) {
        expect(byId.get(m.id)).toEqual(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, printed(v)])));
      }
    }
    const [coop] = await rows<{ filedAt: string }>(db, sql`select ${printedColumns(cooperativesTable)} from ${cooperativesTable} where id = ${c.id}`);
    expect(coop!.filedAt).toBe('2025-03-01T00:07:08.009+08:00');
  });

  test('printedJsonColumns: a row nested as JSON comes back equal to the printed row (numerics stay strings)', async ({ db, seed }) => {
    const c = await seed.cooperative({ members: 1, approve: true });
    // A numeric a float would not keep; a null timestamp.
    await db.execute(sql`update cooperatives set total_capital_yuan = '9999999999999999.99', filed_at = null, village = null where id = ${c.id}`);
    const [row] = await rows<Record<string, unknown>>(db, sql`select ${printedColumns(cooperativesTable)} from ${cooperativesTable} where id = ${c.id}`);
    const [nested] = await rows<{ j: unknown[] }>(db, sql`select json_agg(x) as j from (select ${printedJsonColumns(cooperativesTable)} from ${cooperativesTable} where id = ${c.id}) x`);
    expect(nested!.j[0]).toStrictEqual({ ...row });
    expect(row!.totalCapitalYuan).toBe('9999999999999999.99');
  });
});
