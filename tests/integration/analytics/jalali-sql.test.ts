import { afterAll, beforeAll, expect, it } from 'vitest';
import { jalaliPeriodOf } from '../../../src/calendar/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

// The month roll-up of migration 028 files each local day under its Jalali month by
// jalali_month_start() in SQL: it must name the same month as src/calendar, Esfand of leap years
// and the break years of the 33-year cycle included.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

it('finds the Jalali month of every day from 1990 to 2060 in SQL as src/calendar does', async () => {
  const { rows } = await db.pool.query<{ d: string; m: string }>(
    `SELECT to_char(d, 'YYYY-MM-DD') d, to_char(jalali_month_start(d::date), 'YYYY-MM-DD') m
       FROM generate_series('1990-01-01'::date, '2060-12-31'::date, interval '1 day') d`,
  );
  expect(rows.length).toBe(25_933);
  expect(rows.filter((x) => jalaliPeriodOf(x.d, 'month').start !== x.m)).toEqual([]);
  // 1 Farvardin 1403 was 20 March 2024; 30 Esfand 1403 does not exist (1403 is not leap), 1 Farvardin 1404 is 21 March 2025.
  expect(rows.find((x) => x.d === '2024-03-20')?.m).toBe('2024-03-20');
  expect(rows.find((x) => x.d === '2025-03-20')?.m).toBe('2025-02-19');
  expect(rows.find((x) => x.d === '2025-03-21')?.m).toBe('2025-03-21');
});
