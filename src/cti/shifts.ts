import type { ShiftDef } from '../config/config.ts';

export interface ShiftRef {
  name: string;
  /** The local date (YYYY-MM-DD) on which the shift started: a night shift 23:00–07:00 belongs to the evening it began. */
  date: string;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(tz, f);
  }
  return f;
}

// Every time-zone offset is a whole number of minutes, so one answer serves a whole minute; calls
// arrive in time order, so remembering the last minute per zone saves nearly every Intl call.
const lastMinute = new Map<string, { minute: number; parts: { date: string; minutes: number } }>();

function localParts(at: Date, tz: string): { date: string; minutes: number } {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(tz);
  if (last && last.minute === minute) return last.parts;
  const p: Record<string, string> = {};
  for (const part of fmt(tz).formatToParts(at)) p[part.type] = part.value;
  const parts = { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
  lastMinute.set(tz, { minute, parts });
  return parts;
}

function previousDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The shift an instant belongs to, computed in the centre's time zone (Asia/Tehran by default). */
export function shiftOf(at: Date | number, shifts: ShiftDef[], tz: string): ShiftRef {
  const { date, minutes } = localParts(typeof at === 'number' ? new Date(at) : at, tz);
  for (const s of shifts) {
    const wraps = s.end <= s.start;
    if (!wraps && minutes >= s.start && minutes < s.end) return { name: s.name, date };
    if (wraps && minutes >= s.start) return { name: s.name, date };
    if (wraps && minutes < s.end) return { name: s.name, date: previousDay(date) };
  }
  // Config validation guarantees full coverage; keep a defined answer anyway.
  return { name: shifts[0]?.name ?? 'day', date };
}
