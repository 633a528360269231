import type { ShiftDef } from '../config/config.ts';
import type { ShiftRef } from '../cti/shifts.ts';

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Tehran: +3:30 → 12_600_000). */
function offsetMs(at: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of fmt(tz).formatToParts(new Date(at)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** A local wall-clock time (date + minutes after midnight) in the zone, as a UTC instant. */
export function zonedToUtc(date: string, minutes: number, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // Twice: the offset at the guess may differ from the offset at the answer around a DST change.
  const first = naive - offsetMs(naive, tz);
  return naive - offsetMs(first, tz);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Where a shift begins and ends in UTC: the series axis and the "current shift" window. */
export function shiftWindow(ref: ShiftRef, shifts: ShiftDef[], tz: string): { from: number; to: number } {
  const def = shifts.find((s) => s.name === ref.name) ?? { name: ref.name, start: 0, end: 24 * 60 };
  const from = zonedToUtc(ref.date, def.start, tz);
  const endDate = def.end <= def.start ? addDays(ref.date, 1) : ref.date;
  return { from, to: zonedToUtc(endDate, def.end, tz) };
}
