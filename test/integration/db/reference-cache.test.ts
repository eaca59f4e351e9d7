/** Reference data cached in memory (issue 15 item 4, src/db/reference-cache.ts). */
import { sql } from 'drizzle-orm';
import { referenceCache } from '../../../src/db/reference-cache';
import { describe, expect, test } from '../../support/fixtures';

const CAL = `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) { date } }`;

describe('reference cache', () => {
  test('built once per version; a write by any path (API, SQL by hand) is seen by the next read; a transaction never fills it', async ({ db, as }) => {
    let builds = 0;
    const days = referenceCache({
      table: 'calendar_days',
      rows: sql`select date::text as date, name from calendar_days where date between '2031-01-01' and '2031-12-31'`,
      build: (r: { date: string; name: string }[]) => { builds++; return r.map((x) => `${x.date} ${x.name}`).sort(); },
    });
    const first = await days.get(db);
    expect(first).toEqual([]);
    expect(await days.get(db)).toBe(first);
    expect(builds).toBe(1);

    // Through the API (COMMERCE): the trigger bumps the version with the write.
    await as('COMMERCE').gql(CAL, { input: [{ date: '2031-01-02', kind: 'HOLIDAY', name: 'test day' }] });
    const second = await days.get(db);
    expect(second).toEqual(['2031-01-02 test day']);
    expect(await days.get(db)).toBe(second);
    expect(builds).toBe(2);

    // SQL by hand, as another instance or a script would write.
    await db.execute(sql`update calendar_days set name = 'renamed' where date = '2031-01-02'`);
    expect(await days.get(db)).toEqual(['2031-01-02 renamed']);
    expect(builds).toBe(3);

    // Inside a transaction the uncommitted change is read but never cached.
    await expect(db.transaction(async (tx) => {
      await tx.execute(sql`delete from calendar_days where date = '2031-01-02'`);
      expect(await days.get(tx)).toEqual([]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await days.get(db)).toEqual(['2031-01-02 renamed']);
    await db.execute(sql`delete from calendar_days where date = '2031-01-02'`);
    expect(await days.get(db)).toEqual([]);
  });
});
