// The centre's three shifts (24/7): which shift an instant belongs to and where a shift begins and
// ends. The one shift calendar of cti137: calls, operator intervals, scores, the hand-over and the
// wallboard all ask it, so they always agree.
import { addDays, localParts, zonedToUtc } from './zoned-time.ts';

export interface ShiftDef {
  name: string;
  /** Minutes after local midnight. */
  start: number;
  /** Minutes after local midnight; at or before `start` when the shift runs past midnight. */
  end: number;
}

export interface ShiftRef {
  name: string;
  /** The local date (YYYY-MM-DD) on which the shift started: a night shift 23:00–07:00 belongs to the evening it began. */
  date: string;
}

/** The shift an instant belongs to, computed in the centre's time zone. */
export function shiftOf(at: Date | number, shifts: ShiftDef[], tz: string): ShiftRef {
  const { date, minutes } = localParts(typeof at === 'number' ? at : at.getTime(), tz);
  for (const s of shifts) {
    const wraps = s.end <= s.start;
    if (!wraps && minutes >= s.start && minutes < s.end) return { name: s.name, date };
    if (wraps && minutes >= s.start) return { name: s.name, date };
    if (wraps && minutes < s.end) return { name: s.name, date: addDays(date, -1) };
  }
  // parseShifts guarantees full coverage; keep a defined answer anyway.
  return { name: shifts[0]?.name ?? 'day', date };
}

/** Where a shift begins and ends in UTC: the series axis and the "current shift" window. */
export function shiftWindow(ref: ShiftRef, shifts: ShiftDef[], tz: string): { from: number; to: number } {
  const def = shifts.find((s) => s.name === ref.name) ?? { name: ref.name, start: 0, end: 24 * 60 };
  const from = zonedToUtc(ref.date, def.start, tz);
  const endDate = def.end <= def.start ? addDays(ref.date, 1) : ref.date;
  return { from, to: zonedToUtc(endDate, def.end, tz) };
}

/** `morning=07:00-15:00,evening=15:00-23:00,night=23:00-07:00`; problems are appended, not thrown. */
export function parseShifts(spec: string, problems: string[]): ShiftDef[] {
  const out: ShiftDef[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    if (!part) continue;
    const m = /^([a-z0-9_-]+)=(\d{2}):(\d{2})-(\d{2}):(\d{2})$/i.exec(part);
    if (!m) {
      problems.push(`SHIFTS: "${part}" is not name=HH:MM-HH:MM`);
      continue;
    }
    const [, name, h1, m1, h2, m2] = m;
    out.push({ name: name!, start: Number(h1) * 60 + Number(m1), end: Number(h2) * 60 + Number(m2) });
  }
  // The shifts must cover the whole day exactly once: a call always belongs to one shift.
  const covered = new Array<number>(24 * 60).fill(0);
  for (const s of out) {
    for (let t = s.start; t !== s.end; t = (t + 1) % (24 * 60)) covered[t]!++;
  }
  if (out.length && covered.some((c) => c !== 1)) problems.push('SHIFTS must cover the 24 hours exactly once');
  return out;
}

/** The shifts of one centre in its time zone: built once from the config and handed to every domain. */
export class ShiftCalendar {
  readonly names: readonly string[];

  constructor(
    private readonly shifts: readonly ShiftDef[],
    readonly timeZone: string,
  ) {
    this.names = shifts.map((s) => s.name);
  }

  /** The shift an instant (ms or Date) belongs to. */
  shiftAt(at: number | Date): ShiftRef {
    return shiftOf(at, this.shifts as ShiftDef[], this.timeZone);
  }

  /** The shift now. */
  current(now = Date.now()): ShiftRef {
    return this.shiftAt(now);
  }

  /** Its start and end as UTC instants (ms). */
  window(ref: ShiftRef): { from: number; to: number } {
    return shiftWindow(ref, this.shifts as ShiftDef[], this.timeZone);
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** Minutes after local midnight at which the named shift starts (0 for an unknown name). */
  startMinutes(name: string): number {
    return this.shifts.find((s) => s.name === name)?.start ?? 0;
  }

  /** The local date (YYYY-MM-DD) of an instant in the centre's zone. */
  localDate(at: number): string {
    return localParts(at, this.timeZone).date;
  }
}
