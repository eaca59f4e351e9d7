/**
 * The tax pull asks the working-day calendar's version in its own statement (reference-cache.ts
 * `columns`/`probe`): one statement per pull instead of two, and a calendar change made by any
 * path — here SQL by hand, as another instance or a script would write — is seen by the next pull.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, test } from '../../support/fixtures';

const PULL = `query($ids: [ID!]) { ledgerSummaries(period: "2025-03", enterpriseIds: $ids) { enterpriseId reportDueDate } }`;

describe('ledgerSummaries and the working-day calendar', () => {
  test('one statement per pull; a holiday added or removed by SQL moves the due date on the next pull', async ({ as, seed, db }) => {
    const e = await seed.enterprise();
    const due = async (ids: string[] | null) => {
      const r = await as('TAX').gql(PULL, { ids });
      expect(r.errors).toBeUndefined();
      expect(r.statements).toBe(1);
      return r.data.ledgerSummaries.find((s: { enterpriseId: string }) => s.enterpriseId === e.id).reportDueDate;
    };
    // Thursday 10 April 2025 is a working day; with the id list and without (the statement built once).
    expect(await due([e.id])).toBe('2025-04-10');
    expect(await due(null)).toBe('2025-04-10');
    await db.execute(sql`insert into calendar_days (date, kind, name) values ('2025-04-10', 'HOLIDAY', '测试')`);
    expect(await due(null)).toBe('2025-04-11');
    expect(await due([e.id])).toBe('2025-04-11');
    await db.execute(sql`delete from calendar_days where date = '2025-04-10'`);
    expect(await due(null)).toBe('2025-04-10');
    expect(await due([e.id])).toBe('2025-04-10');
  });

  test('no enterprise, no row: an empty answer without the calendar', async ({ as }) => {
    const r = await as('TAX').gql(PULL, { ids: ['00000000-0000-0000-0000-000000000001'] });
    expect(r.errors).toBeUndefined();
    expect(r.data.ledgerSummaries).toEqual([]);
    expect(r.statements).toBe(1);
  });
});
