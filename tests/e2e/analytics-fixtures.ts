// Seed of the analytics browser test: requests over the previous and the current Jalali month in
// three neighbourhoods (two of District 5, one of District 9), referred to their units, one of
// them overdue now, three potholes at one spot (a place that keeps coming back), a citizen with a
// name and a phone on one of them. The demo council member council1 speaks for the two District 5 ones.
import { jalaliPeriodOf, previousJalaliPeriod, addDays } from '../../src/calendar/index.ts';
import type { TestApp } from '../helpers/app.ts';

export const COUNCIL_USER = 'council1';
export const CITIZEN_NAME = 'بهرام نیک‌سیرت';
export const CITIZEN_PHONE = '09127654321';

export interface AnalyticsSeed {
  ids: Record<'pothole' | 'garbage' | 'roads5' | 'waste5' | 'roads9' | 'n5' | 'n5b' | 'n9', number>;
  /** The overdue pothole's tracking code (roads5, Jalaliyeh, this month). */
  overdueCode: string;
  /** How many requests each neighbourhood got, by neighbourhood id. */
  perHood: Record<number, number>;
  /** The council member's neighbourhoods. */
  councilHoods: number[];
}

const tehranToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());

export async function seedAnalytics(app: TestApp): Promise<AnalyticsSeed> {
  const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
  const idOf = async (sql: string, p: unknown[]) => Number((await q<{ id: number }>(sql, p))[0]!.id);
  const cat = (c: string) => idOf(`SELECT id FROM categories WHERE code = $1`, [c]);
  const unit = (c: string) => idOf(`SELECT id FROM units WHERE code = $1`, [c]);
  const hood = (n: string) => idOf(`SELECT id FROM neighbourhoods WHERE name_en = $1`, [n]);
  const ids = {
    pothole: await cat('pothole'),
    garbage: await cat('garbage-collection'),
    roads5: await unit('district-5-roads'),
    waste5: await unit('district-5-waste'),
    roads9: await unit('district-9-roads'),
    n5: await hood('Jalaliyeh'),
    n5b: await hood('Rezaiyeh'),
    n9: await hood('Qasemabad'),
  };
  const month = jalaliPeriodOf(tehranToday(), 'month');
  const lastMonth = addDays(previousJalaliPeriod(month).start, 5);
  // This month's requests an hour or more before now (on the 1st just after midnight: a minute ago).
  const thisMonth = new Date(Math.min(Date.parse(`${month.start}T10:00:00+03:30`), Date.now() - 60_000));
  const at = (day: string) => new Date(`${day}T10:00:00+03:30`);
  const citizen = await idOf(`INSERT INTO citizens (phone_e164, name) VALUES ($1, $2) RETURNING id`, [
    `+98${CITIZEN_PHONE.slice(1)}`,
    CITIZEN_NAME,
  ]);
  let code = 31000000;
  const perHood: Record<number, number> = {};
  async function request(o: {
    category: number;
    hood: number;
    unit: number;
    created: Date;
    deadlineHours: number;
    doneAfterHours?: number;
    point?: [number, number];
    citizen?: number;
  }): Promise<string> {
    code += 1;
    // Never later than now for a short deadline: the overdue pothole is overdue whenever the test runs.
    const due = o.created.getTime() + o.deadlineHours * 3_600_000;
    const deadline = new Date(o.deadlineHours < 1 ? Math.min(due, Date.now() - 1000) : due);
    const done = o.doneAfterHours === undefined ? null : new Date(o.created.getTime() + o.doneAfterHours * 3_600_000);
    const [r] = await q<{ id: string }>(
      `INSERT INTO requests (tracking_code, category_id, neighbourhood_id, unit_id, description, status, created_at,
                             referred_at, deadline_at, lat, lng, citizen_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING id::text`,
      [
        String(code),
        o.category,
        o.hood,
        o.unit,
        `چاله بزرگ، تماس با ${CITIZEN_PHONE}`,
        done ? 'done' : 'referred',
        o.created,
        deadline,
        o.point?.[0] ?? null,
        o.point?.[1] ?? null,
        o.citizen ?? null,
      ],
    );
    await q(
      `INSERT INTO referrals (request_id, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis, done_at,
                              ended_at, outcome)
       VALUES ($1, $2, $3, $4, $5, 'working', $6, $6, $7)`,
      [r!.id, o.unit, o.created, deadline, Math.max(1, Math.round(o.deadlineHours)), done, done ? 'done' : null],
    );
    perHood[o.hood] = (perHood[o.hood] ?? 0) + 1;
    return String(code);
  }
  const spot: [number, number] = [36.3102, 59.5521];
  // Last month: three potholes at one spot in Jalaliyeh, done on time; two garbage calls in Qasemabad.
  for (let i = 0; i < 3; i++)
    await request({
      category: ids.pothole,
      hood: ids.n5,
      unit: ids.roads5,
      created: at(addDays(lastMonth, i)),
      deadlineHours: 48,
      doneAfterHours: 20,
      point: [spot[0] + i * 0.0001, spot[1]],
      citizen: i === 0 ? citizen : undefined,
    });
  for (let i = 0; i < 2; i++)
    await request({ category: ids.garbage, hood: ids.n9, unit: ids.roads9, created: at(lastMonth), deadlineHours: 24 });
  // This month: a pothole overdue now in Jalaliyeh, two garbage calls in Rezaiyeh still in time.
  const overdueCode = await request({
    category: ids.pothole,
    hood: ids.n5,
    unit: ids.roads5,
    created: thisMonth,
    deadlineHours: 0.5,
  });
  for (let i = 0; i < 2; i++)
    await request({
      category: ids.garbage,
      hood: ids.n5b,
      unit: ids.waste5,
      created: thisMonth,
      deadlineHours: 24 * 60,
    });
  // The demo council member (src/auth/demo-users.ts) speaks for Jalaliyeh, Rezaiyeh and Mehrabad.
  const councilHoods = (
    await q<{ id: number }>(
      `SELECT c.neighbourhood_id AS id FROM council_neighbourhoods c JOIN users u ON u.id = c.user_id
        WHERE u.username = $1 ORDER BY 1`,
      [COUNCIL_USER],
    )
  ).map((r) => Number(r.id));
  return { ids, overdueCode, perHood, councilHoods };
}
