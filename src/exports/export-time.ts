// Instants as the centre reads them: the Jalali date and time (text, Latin digits so that a
// spreadsheet sorts and filters them), the Gregorian wall-clock time with its offset (ISO 8601), and
// that wall-clock time as a zoneless date for a spreadsheet's date cell. Built for a million rows:
// one Intl call per quarter hour of UTC; the Jalali day is plain arithmetic (src/calendar).
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

export interface InstantFormatter {
  format(at: Date): ZonedInstant;
}

export function createInstantFormatter(timeZone: string): InstantFormatter {
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
  // The Jalali day of the wall-clock day, by the calendar's own arithmetic (no Intl call per row).
  const jalaliDay = (y: number, m: number, d: number): string => {
    const j = toJalali(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
    return `${j.jy}/${pad(j.jm)}/${pad(j.jd)}`;
  };
  // The zone's offset changes only on a quarter hour of UTC (every zone's transitions fall on one),
  // so one Intl call per quarter hour: the rest is arithmetic (a million rows: 5 s of Intl saved).
  const offsets = new Map<number, number>();
  const offsetAt = (secondMs: number): number => {
    const slot = Math.floor(secondMs / 900_000);
    let off = offsets.get(slot);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of gregorian.formatToParts(secondMs))
        if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - secondMs;
      if (offsets.size > 50_000) offsets.clear();
      offsets.set(slot, off);
    }
    return off;
  };
  const days = new Map<string, string>();
  return {
    format(at) {
      const secondMs = Math.floor(at.getTime() / 1000) * 1000;
      const offsetMs = offsetAt(secondMs);
      const w = new Date(secondMs + offsetMs);
      const offsetMin = Math.round(offsetMs / 60_000);
      const sign = offsetMin < 0 ? '-' : '+';
      const abs = Math.abs(offsetMin);
      const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
      const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
      let jalali = days.get(date);
      if (jalali === undefined) {
        jalali = jalaliDay(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate());
        if (days.size > 50_000) days.clear();
        days.set(date, jalali);
      }
      return {
        jalali: `${jalali} ${time}`,
        iso: `${date}T${time}:${pad(w.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
        wall: w,
      };
    },
  };
}

/** Today's Jalali date in the zone, for a file name: 1405-09-15. */
export function jalaliToday(timeZone: string, now = new Date()): string {
  return createInstantFormatter(timeZone).format(now).jalali.slice(0, 10).replace(/\//g, '-');
}
