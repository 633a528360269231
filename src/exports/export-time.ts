// Instants as the centre reads them: the Jalali date and time (text, Latin digits so that a
// spreadsheet sorts and filters them), the Gregorian wall-clock time with its offset (ISO 8601), and
// that wall-clock time as a zoneless date for a spreadsheet's date cell. Built for a million rows:
// two Intl calls per UTC day, the rest cached per day or plain arithmetic (src/calendar).
import { toJalali } from '../calendar/index.ts';

export interface ZonedInstant {
  /** 1405/09/15 14:30 */
  jalali: string;
  /** 2026-12-06T14:30:00+03:30 */
  iso: string;
  /** The wall-clock time as if it were UTC: what a spreadsheet shows (its date cells have no zone). */
  wall: Date;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** 00 … 59: the hours, minutes and seconds of a million rows without a padStart each. */
const TWO = Array.from({ length: 60 }, (_, i) => pad(i));

export interface InstantFormatter {
  format(at: Date): ZonedInstant;
  /** `seconds` (since the epoch) in the zone. */
  zoned(seconds: number): ZonedInstant;
  /** The export's two CSV cells of an instant, `jalali,iso` (just `,` for none): no quoting needed. */
  csvCells(seconds: number | null): string;
}

/** The zone's offset at an instant (seconds since the epoch), in seconds. */
function zoneOffsets(timeZone: string): (s: number) => number {
  const gregorian = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  /** The zone's offset at an instant, in seconds: one Intl call. */
  const intlOffset = (s: number): number => {
    const p: Record<string, number> = {};
    for (const part of gregorian.formatToParts(s * 1000))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) / 1000 - s;
  };
  // A zone's offset changes at most once a day, and only on a quarter hour of UTC (every zone's
  // transitions fall on one). So a UTC day whose first and last second have the same offset has it
  // throughout (two Intl calls a day: five years of rows, ~3,600 calls); a day with a change is
  // looked up per quarter hour.
  const days = new Map<number, number | null>();
  const quarters = new Map<number, number>();
  return (s: number): number => {
    const day = Math.floor(s / 86_400);
    let off = days.get(day);
    if (off === undefined) {
      const first = intlOffset(day * 86_400);
      off = first === intlOffset(day * 86_400 + 86_399) ? first : null;
      if (days.size > 50_000) days.clear();
      days.set(day, off);
    }
    if (off !== null) return off;
    const quarter = Math.floor(s / 900);
    let q = quarters.get(quarter);
    if (q === undefined) quarters.set(quarter, (q = intlOffset(quarter * 900)));
    return q;
  };
}

export function createInstantFormatter(timeZone: string): InstantFormatter {
  const offsetAt = zoneOffsets(timeZone);
  // The wall-clock day's Gregorian and Jalali dates (by the calendar's arithmetic), once per day.
  const wallDays = new Map<number, { date: string; jalali: string }>();
  const wallDay = (day: number) => {
    let d = wallDays.get(day);
    if (d === undefined) {
      const w = new Date(day * 86_400_000);
      const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
      const j = toJalali(date);
      d = { date, jalali: `${j.jy}/${pad(j.jm)}/${pad(j.jd)}` };
      if (wallDays.size > 50_000) wallDays.clear();
      wallDays.set(day, d);
    }
    return d;
  };
  const offsetTexts = new Map<number, string>();
  const offsetText = (off: number): string => {
    let t = offsetTexts.get(off);
    if (t === undefined) {
      const min = Math.round(off / 60);
      const abs = Math.abs(min);
      offsetTexts.set(off, (t = `${min < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`));
    }
    return t;
  };
  /** The parts of an instant in the zone: its wall-clock day and time of day. */
  const parts = (s: number) => {
    const off = offsetAt(s);
    const wall = s + off;
    const day = Math.floor(wall / 86_400);
    const sod = wall - day * 86_400;
    const hm = `${TWO[Math.floor(sod / 3600)]}:${TWO[Math.floor((sod % 3600) / 60)]}`;
    return { off, wall, d: wallDay(day), hm, ss: TWO[sod % 60]! };
  };
  const zoned = (s: number): ZonedInstant => {
    const { off, wall, d, hm, ss } = parts(s);
    return { jalali: `${d.jalali} ${hm}`, iso: `${d.date}T${hm}:${ss}${offsetText(off)}`, wall: new Date(wall * 1000) };
  };
  return {
    zoned,
    format: (at) => zoned(Math.floor(at.getTime() / 1000)),
    csvCells(s) {
      if (s === null) return ',';
      const { off, d, hm, ss } = parts(s);
      return `${d.jalali} ${hm},${d.date}T${hm}:${ss}${offsetText(off)}`;
    },
  };
}

/** Today's Jalali date in the zone, for a file name: 1405-09-15. */
export function jalaliToday(timeZone: string, now = new Date()): string {
  return createInstantFormatter(timeZone).format(now).jalali.slice(0, 10).replace(/\//g, '-');
}
