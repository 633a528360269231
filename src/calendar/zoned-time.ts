// Wall-clock time in the centre's zone (Asia/Tehran by default). One cached Intl formatter per
// zone serves every domain: Intl.DateTimeFormat is costly to build and calls arrive in bursts.

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
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
    formatters.set(tz, f);
  }
  return f;
}

function numericParts(at: number, tz: string): Record<string, number> {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(at)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return p;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Every time-zone offset is a whole number of minutes, so one answer serves a whole minute; calls
// arrive in time order, so remembering the last minute per zone saves nearly every Intl call.
const lastMinute = new Map<string, { minute: number; parts: LocalParts }>();

export interface LocalParts {
  /** The local date, YYYY-MM-DD. */
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
}

/** The local date and minute of the day of an instant in the zone. */
export function localParts(at: number, tz: string): LocalParts {
  const minute = Math.floor(at / 60_000);
  const last = lastMinute.get(tz);
  if (last && last.minute === minute) return last.parts;
  const p = numericParts(at, tz);
  const parts = { date: `${pad(p.year!, 4)}-${pad(p.month!)}-${pad(p.day!)}`, minutes: p.hour! * 60 + p.minute! };
  lastMinute.set(tz, { minute, parts });
  return parts;
}

/** The zone's offset from UTC at an instant, in ms (Tehran: +3:30 → 12_600_000). */
function offsetMs(at: number, tz: string): number {
  const p = numericParts(at, tz);
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

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
