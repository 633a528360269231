import { addDays, localParts, zonedToUtc } from '../calendar/index.ts';
import type { DeadlineBasis, WorkingHours } from './units-types.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A deadline further than this many days ahead means the hours cannot be spent (a guard, not a rule). */
const MAX_DAYS = 20_000;

/** 'HH:MM' (or 'HH:MM:SS') → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(hhmm);
  if (!m) throw new RangeError(`"${hhmm}" is not a time of day (HH:MM)`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60 || Number(m[2]) > 59) throw new RangeError(`"${hhmm}" is not a time of day (HH:MM)`);
  return minutes;
}

/** The weekday (0 = Sunday) of a calendar date: a date names the same weekday in every zone. */
const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/**
 * The moment `hours` after `from`. 'calendar' counts plain clock hours (a hazard is dangerous at
 * night too); 'working' counts only the unit's working hours on its working days, in the centre's
 * zone: a request arriving Wednesday evening with 2 working hours is due Saturday morning, not at
 * midnight. A unit with no working window at all falls back to clock hours, so nothing is due never.
 */
export function computeDeadline(
  from: Date,
  hours: number,
  basis: DeadlineBasis,
  wh: WorkingHours,
  timeZone: string,
): Date {
  const t0 = from.getTime();
  if (!Number.isFinite(t0)) throw new RangeError('computeDeadline: "from" is not a valid date');
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`computeDeadline: ${hours} is not a number of hours`);
  const start = minutesOf(wh.workStart) * MINUTE_MS;
  const end = minutesOf(wh.workEnd) * MINUTE_MS;
  const days = new Set(wh.workDays.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6));
  if (basis === 'calendar' || days.size === 0 || end <= start || hours === 0) return new Date(t0 + hours * HOUR_MS);

  let remaining = hours * HOUR_MS;
  const here = localParts(t0, timeZone);
  let date = here.date;
  // Position within the local day in ms (zone offsets are whole minutes, so the seconds carry over).
  let pos = here.minutes * MINUTE_MS + (((t0 % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  for (let i = 0; i < MAX_DAYS; i++) {
    if (days.has(weekdayOf(date))) {
      const at = Math.max(pos, start);
      const available = end - at;
      if (available > 0 && remaining <= available) {
        const due = at + remaining;
        return new Date(zonedToUtc(date, Math.floor(due / MINUTE_MS), timeZone) + (due % MINUTE_MS));
      }
      if (available > 0) remaining -= available;
    }
    date = addDays(date, 1);
    pos = 0;
  }
  throw new RangeError(`computeDeadline: ${hours} working hours do not fit in ${MAX_DAYS} days`);
}
