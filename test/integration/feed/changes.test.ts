/** SPEC §16: the change feed — commit order, exactly once, tombstones, field and row rights. */
import { eq, sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { enterprisesTable } from '../../../src/modules/registry/table';
import { describe, expect, test } from '../../support/fixtures';
import { withDatabase } from '../../support/global-setup';
import { codeOf, reasonOf } from '../../support/hub';
import { CHANGES, drain, freshYear, insertPlan } from './helpers';

const onPostgres = inject('testDb').kind === 'postgres';

describe('changes', () => {
  test('announces an insert, an update and a delete, in commit order, with a tombstone', async ({ as, seed, db }) => {
    const commerce = as('COMMERCE');
    const start = (await drain(commerce, null, ['ENTERPRISE'])).cursor;
    const e = await seed.enterprise({ approve: true });
    await db.delete(enterprisesTable).where(eq(enterprisesTable.id, e.id));
    const { changes } = await drain(commerce, start, ['ENTERPRISE']);
    const mine = changes.filter((c) => c.id === e.id);
    expect(mine.map((c) => c.op)).toEqual([...Array(mine.length - 1).fill('UPSERT'), 'DELETE']);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const seqs = changes.map((c) => BigInt(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    expect(mine[0]!.entity).toBe('ENTERPRISE');
    expect(mine[0]!.at).toMatch(/\+08:00$/);
  });

  test('a statement inserting several rows announces each once, in the order it inserted them (capture per statement)', async ({ as, db }) => {
    const { cursor } = await drain(as('COMMERCE'), null, ['ANNUAL_PLAN']);
    const years = [freshYear(), freshYear(), freshYear()];
    const res = (await db.execute(sql`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
      values (${years[0]!}, 1000, 500, 'COMMERCE'), (${years[1]!}, 1000, 500, 'COMMERCE'), (${years[2]!}, 1000, 500, 'COMMERCE') returning id`)) as unknown;
    const ids = (Array.isArray(res) ? res : (res as { rows: { id: string }[] }).rows).map((r: { id: string }) => r.id);
    const { changes } = await drain(as('COMMERCE'), cursor, ['ANNUAL_PLAN']);
    expect(changes.map((c) => [c.id, c.op, c.entity])).toEqual(ids.map((id) => [id, 'UPSERT', 'ANNUAL_PLAN']));
    // An insert that inserts nothing announces nothing.
    await db.execute(sql`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
      select ${years[0]!}, 1, 1, 'COMMERCE' on conflict do nothing`);
    expect((await drain(as('COMMERCE'), (await drain(as('COMMERCE'), cursor, ['ANNUAL_PLAN'])).cursor, ['ANNUAL_PLAN'])).changes).toEqual([]);
  });

  test('every shared table captures its inserts per statement, its updates and deletes per row', async ({ db }) => {
    const res = (await db.execute(sql`select c.relname as tbl, t.tgname as name, (t.tgtype & 1) = 1 as per_row, t.tgnewtable is not null as with_rows
      from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname like 'feed_capture%' order by 1, 2`)) as unknown;
    const found = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { tbl: string; name: string; per_row: boolean; with_rows: boolean }[];
    const tables = [...new Set(found.map((r) => r.tbl))];
    expect(tables).toHaveLength(16);
    for (const tbl of tables) {
      expect(found.filter((r) => r.tbl === tbl).map((r) => [r.name, r.per_row, r.with_rows]), tbl).toEqual([
        ['feed_capture_delete', true, false], ['feed_capture_insert', false, true], ['feed_capture_update', true, false],
      ]);
    }
  });

  test('an update that changes nothing announces nothing', async ({ as, db }) => {
    const id = await insertPlan(db);
    const { cursor } = await drain(as('COMMERCE'), null, ['ANNUAL_PLAN']);
    await db.execute(sql`update annual_plans set year = year where id = ${id}`);
    expect((await drain(as('COMMERCE'), cursor, ['ANNUAL_PLAN'])).changes).toEqual([]);
  });

  test('first is 0–1000 and the cursor must be one the feed issued', async ({ as }) => {
    expect(reasonOf(await as('COMMERCE').gql(CHANGES, { first: 1001 }))).toBe('PAGE_SIZE');
    expect(reasonOf(await as('COMMERCE').gql(CHANGES, { after: 'bm90LWEtY3Vyc29y' }))).toBe('INVALID_CURSOR');
    const r = await as('COMMERCE').gql(CHANGES, { first: 1000 });
    expect(r.errors).toBeUndefined();
  });

  test('asking for an entity the agency may not read is FORBIDDEN', async ({ as }) => {
    expect(codeOf(await as('TAX').gql(CHANGES, { entities: ['CUSTOMS_DECLARATION'] }))).toBe('FORBIDDEN');
    expect(codeOf(await as('ANALYST').gql(CHANGES, { entities: ['BORDER_RESIDENT'] }))).toBe('FORBIDDEN');
    expect(codeOf(await as('CUSTOMS').gql(CHANGES, { entities: ['ENTERPRISE', 'TAX_RECORD'] }))).toBe('FORBIDDEN');
    expect((await as('TAX').gql(CHANGES, { entities: ['TAX_RECORD', 'ENTERPRISE'] })).errors).toBeUndefined();
  });

  test('without entities, an agency gets only the entities it may read', async ({ as, seed }) => {
    await seed.landingChain();
    const seen = new Set((await drain(as('TAX'), null, undefined, 1000)).changes.map((c) => c.entity));
    expect(seen.has('ENTERPRISE')).toBe(true);
    expect(seen.has('BORDER_RESIDENT')).toBe(false);
    expect(seen.has('COOPERATIVE')).toBe(true);
  });

  test('an enterprise sees its own rows and tombstones, never another enterprise\'s', async ({ as, seed, db }) => {
    const mine = await seed.enterprise();
    const other = await seed.enterprise();
    const me = as('ENTERPRISE', mine.id);
    const start = (await drain(me, null)).cursor;
    const commerceStart = (await drain(as('COMMERCE'), null, ['ENTERPRISE'])).cursor;
    await db.update(enterprisesTable).set({ capacityTonnesPerYear: '123.000' }).where(eq(enterprisesTable.id, mine.id));
    await db.update(enterprisesTable).set({ capacityTonnesPerYear: '124.000' }).where(eq(enterprisesTable.id, other.id));
    await db.delete(enterprisesTable).where(eq(enterprisesTable.id, mine.id));
    await db.delete(enterprisesTable).where(eq(enterprisesTable.id, other.id));
    const { changes } = await drain(me, start);
    expect(changes.some((c) => c.id === other.id)).toBe(false);
    expect(changes.filter((c) => c.id === mine.id).map((c) => c.op)).toEqual(['DELETE']);
    // The update of the own row is not announced once the row is gone (upserts are checked against the
    // row as it is now); a full-scope agency sees both.
    const before = await as('COMMERCE').gql(CHANGES, { after: commerceStart, entities: ['ENTERPRISE'], first: 1000 });
    expect(before.data.changes.edges.filter((e: any) => e.node.id === other.id).map((e: any) => e.node.op)).toEqual(['UPSERT', 'DELETE']);
  });

  test('a resident who moves to another cooperative is announced to both (the first still sees a former member, SPEC §14)', async ({ as, seed }) => {
    const from = await seed.cooperative();
    const to = await seed.cooperative();
    const idNumber = from.memberIds[0]!;
    const other = await seed.cooperative();
    const member = (await as('CUSTOMS').gql('query($n: String!) { resident(idNumber: $n) { id } }', { n: idNumber })).data.resident;
    const cursors = {
      from: (await drain(as('COOPERATIVE', from.id), null, ['BORDER_RESIDENT'])).cursor,
      to: (await drain(as('COOPERATIVE', to.id), null, ['BORDER_RESIDENT'])).cursor,
      commerce: (await drain(as('COMMERCE'), null, ['BORDER_RESIDENT'])).cursor,
      other: (await drain(as('COOPERATIVE', other.id), null, ['BORDER_RESIDENT'])).cursor,
    };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const removed = await as('COMMERCE').gql(`mutation($c: ID!, $n: String!, $d: Date!) { removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { id } }`, { c: from.id, n: idNumber, d: today });
    expect(removed.errors).toBeUndefined();
    const added = await as('COMMERCE').gql(`mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) { addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { id } }`, { c: to.id, m: [{ name: '边民0', idNumber }], d: today });
    expect(added.errors).toBeUndefined();
    const ops = async (caller: ReturnType<typeof as>, after: string | null) =>
      (await drain(caller, after, ['BORDER_RESIDENT'])).changes.filter((c) => c.id === member.id).map((c) => c.op);
    expect((await ops(as('COOPERATIVE', from.id), cursors.from)).every((op) => op === 'UPSERT')).toBe(true);
    expect(await ops(as('COOPERATIVE', from.id), cursors.from)).not.toEqual([]);
    expect(await ops(as('COOPERATIVE', to.id), cursors.to)).not.toEqual([]);
    expect(await ops(as('COMMERCE'), cursors.commerce)).not.toEqual([]);
    expect(await ops(as('COOPERATIVE', other.id), cursors.other)).toEqual([]);
  });

  test('a cooperative sees its own cooperative but not the enterprises\' ledgers', async ({ as, seed }) => {
    const c = await seed.cooperative();
    const other = await seed.cooperative();
    const { changes } = await drain(as('COOPERATIVE', c.id), null, ['COOPERATIVE']);
    expect(changes.some((x) => x.id === c.id)).toBe(true);
    expect(changes.some((x) => x.id === other.id)).toBe(false);
    expect(codeOf(await as('COOPERATIVE', c.id).gql(CHANGES, { entities: ['LEDGER_ENTRY'] }))).toBe('FORBIDDEN');
  });
});

describe.runIf(onPostgres)('changes on PostgreSQL, under concurrency', () => {
  test('a transaction that starts first and commits last is not skipped', async ({ hub, as, db }) => {
    const commerce = as('COMMERCE');
    const start = (await drain(commerce, null, ['ANNUAL_PLAN'])).cursor;
    const r = await (hub.database.raw as any).reserve();
    try {
      await r`begin`;
      const [late] = await r`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
        values (${freshYear()}, 1, 1, 'COMMERCE') returning id`;
      const early = await insertPlan(db); // starts after, commits first
      const first = await drain(commerce, start, ['ANNUAL_PLAN']);
      expect(first.changes.map((c) => c.id)).toEqual([early]);
      await r`commit`;
      const second = await drain(commerce, first.cursor, ['ANNUAL_PLAN']);
      expect(second.changes.map((c) => c.id)).toEqual([late.id]);
    } finally {
      r.release();
    }
  });

  test('a reader paging while 16 writers commit sees every change exactly once', async ({ hub, as }) => {
    const { default: postgres } = await import('postgres');
    const raw = hub.database.raw as any;
    const t = inject('testDb');
    if (t.kind !== 'postgres') return;
    const writers = postgres(withDatabase(t.url, raw.options.database), { max: 16, onnotice: () => {} });
    const commerce = as('COMMERCE');
    let cursor = (await drain(commerce, null, ['ANNUAL_PLAN'])).cursor;
    const seen: string[] = [];
    const written: string[] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const page = await drain(commerce, cursor, ['ANNUAL_PLAN'], 7);
        seen.push(...page.changes.map((c) => c.id));
        cursor = page.cursor;
      }
    })();
    try {
      await Promise.all(Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; i < 8; i++) {
          // Transactions of uneven length, so commit order differs from start order.
          const ids = await writers.begin(async (tx) => {
            const [a] = await tx`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
              values (${10_000 + w * 100 + i * 2}, 1, 1, 'COMMERCE') returning id`;
            await tx`select pg_sleep(${(((w * 7 + i * 13) % 5) * 0.01)})`;
            const [b] = await tx`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
              values (${10_000 + w * 100 + i * 2 + 1}, 1, 1, 'COMMERCE') returning id`;
            return [a.id, b.id];
          });
          written.push(...ids);
        }
      }));
    } finally {
      done = true;
      await reader;
      await writers.end();
    }
    seen.push(...(await drain(commerce, cursor, ['ANNUAL_PLAN'])).changes.map((c) => c.id));
    expect(written).toHaveLength(256);
    expect(seen).toHaveLength(256);
    expect(new Set(seen)).toEqual(new Set(written));
  });
});
