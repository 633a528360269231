import { addDays, localParts, zonedToUtc } from '../calendar/index.ts';
import type { CallingWindows } from './outbound-types.ts';

// When a citizen may be called: pure arithmetic on the centre's wall clock (Asia/Tehran by default),
// so the rule is the same on every node and testable without a clock.

/** OUTBOUND_WINDOWS day names, in the Iranian week's order (Saturday first). */
const DAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;
/** JavaScript's getUTCDay() of each name (0 = Sunday). */
const JS_DAY: Record<(typeof DAYS)[number], number> = { sat: 6, sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5 };

export const DEFAULT_WINDOWS = 'sat-thu 08:00-21:00';

function dayIndex(name: string, spec: string): number {
  const i = DAYS.indexOf(name.toLowerCase() as (typeof DAYS)[number]);
  if (i < 0) throw new Error(`OUTBOUND_WINDOWS: unknown day "${name}" in "${spec}" (use sat sun mon tue wed thu fri)`);
  return i;
}

/** `sat-thu`, `fri`, `sat,mon,wed` or `thu-sat` (wraps over the week) → JS weekdays. */
function parseDays(part: string, spec: string): number[] {
  const out: number[] = [];
  for (const item of part.split(',')) {
    const [a, b] = item.split('-');
    const from = dayIndex(a!, spec);
    const to = b === undefined ? from : dayIndex(b, spec);
    for (let i = from; ; i = (i + 1) % 7) {
      out.push(JS_DAY[DAYS[i]!]);
      if (i === to) break;
    }
  }
  return out;
}

function parseClock(s: string, spec: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`OUTBOUND_WINDOWS: bad time "${s}" in "${spec}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * OUTBOUND_WINDOWS: `;`-separated entries `<days> <HH:MM-HH:MM>[,<HH:MM-HH:MM>…]` or `<days> none`,
 * e.g. `sat-wed 08:00-21:00; thu 08:00-13:00`. A day named by no entry has no window; a later entry
 * replaces an earlier one for the days it names.
 */
export function parseWindows(spec: string): CallingWindows['byWeekday'] {
  const byWeekday: CallingWindows['byWeekday'] = [[], [], [], [], [], [], []];
  for (const entry of spec.split(';').map((e) => e.trim())) {
    if (!entry) continue;
    const [days, ranges, extra] = entry.split(/\s+/);
    if (!days || !ranges || extra) throw new Error(`OUTBOUND_WINDOWS: "${entry}" is not "<days> <HH:MM-HH:MM>"`);
    const list =
      ranges.toLowerCase() === 'none'
        ? []
        : ranges.split(',').map((r) => {
            const [f, t] = r.split('-');
            const from = parseClock(f ?? '', spec);
            const to = parseClock(t ?? '', spec);
            if (to <= from) throw new Error(`OUTBOUND_WINDOWS: "${r}" ends before it starts`);
            return { from, to };
          });
    for (const d of parseDays(days, spec)) byWeekday[d] = [...list].sort((x, y) => x.from - y.from);
  }
  return byWeekday;
}

/** OUTBOUND_HOLIDAYS: comma list of YYYY-MM-DD. */
export function parseHolidays(spec: string): string[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((d) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`OUTBOUND_HOLIDAYS: "${d}" is not YYYY-MM-DD`);
      return d;
    });
}

const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/** How many days ahead to look before saying "never" (a year covers any sensible holiday list). */
const HORIZON_DAYS = 370;

/**
 * The first instant ≥ from inside a window, on no holiday, on a local day whose count of calls to
 * this number is under the limit. `callsOn(date)` gives the calls already placed to the number on
 * that local date. Null: no window in the next year (e.g. every day has `none`).
 */
export function nextWindowOpening(w: CallingWindows, from: number, callsOn: (date: string) => number): number | null {
  if (w.dailyLimitPerNumber <= 0) return null;
  const start = localParts(from, w.timeZone);
  const holidays = new Set(w.holidays);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const date = addDays(start.date, i);
    if (holidays.has(date) || callsOn(date) >= w.dailyLimitPerNumber) continue;
    for (const r of w.byWeekday[weekdayOf(date)] ?? []) {
      const opens = zonedToUtc(date, r.from, w.timeZone);
      const closes = zonedToUtc(date, r.to, w.timeZone);
      if (closes <= from) continue;
      return Math.max(opens, from);
    }
  }
  return null;
}

/** The local date of an instant in the centre's zone (for the per-number daily count). */
export const localDate = (at: number, timeZone: string): string => localParts(at, timeZone).date;

/** The wait after failed attempt n: base × 2^(n-1), e.g. 30, 60, 120 minutes. */
export function retryDelayMs(baseMs: number, attempt: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}
