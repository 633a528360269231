// The Jalali (Solar Hijri) calendar, pure arithmetic: the break-year algorithm of Borkowski as used
// by jalaali-js (valid for Jalali years -61 … 3177), and Jalali periods for reports: day,
// Saturday-first week, month, season, year. Dates on the Gregorian side are YYYY-MM-DD strings.

export interface JalaliDate {
  jy: number;
  jm: number;
  jd: number;
}

// Years in which the 33-year leap cycle shifts.
const BREAKS = [
  -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
];

const div = (a: number, b: number) => Math.trunc(a / b);
const mod = (a: number, b: number) => a - Math.trunc(a / b) * b;

/** The Gregorian year starting in the Jalali year, the March day of Nowruz, and the leap position (0 = leap). */
function jalCal(jy: number): { gy: number; march: number; leap: number } {
  if (jy < BREAKS[0]! || jy >= BREAKS[BREAKS.length - 1]!) throw new RangeError(`Jalali year ${jy} out of range`);
  const gy = jy + 621;
  let leapJ = -14;
  let jp = BREAKS[0]!;
  let jump = 0;
  for (let i = 1; i < BREAKS.length; i += 1) {
    const jm = BREAKS[i]!;
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { gy, march, leap };
}

/** Julian day number of a Gregorian date. */
function g2d(gy: number, gm: number, gd: number): number {
  const d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
  return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
}

function d2g(jdn: number): { gy: number; gm: number; gd: number } {
  let j = 4 * jdn + 139361631;
  j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
  const i = div(mod(j, 1461), 4) * 5 + 308;
  const gd = div(mod(i, 153), 5) + 1;
  const gm = mod(div(i, 153), 12) + 1;
  const gy = div(j, 1461) - 100100 + div(8 - gm, 6);
  return { gy, gm, gd };
}

function j2d(jy: number, jm: number, jd: number): number {
  const r = jalCal(jy);
  return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
}

function d2j(jdn: number): JalaliDate {
  const gy = d2g(jdn).gy;
  let jy = gy - 621;
  const r = jalCal(jy);
  let k = jdn - g2d(gy, 3, r.march);
  if (k >= 0) {
    if (k <= 185) return { jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 };
    k -= 186;
  } else {
    jy -= 1;
    k += 179;
    if (r.leap === 1) k += 1;
  }
  return { jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function parseDate(date: string): { gy: number; gm: number; gd: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { gy: Number(m[1]), gm: Number(m[2]), gd: Number(m[3]) };
}

function formatJdn(jdn: number): string {
  const g = d2g(jdn);
  return `${pad(g.gy, 4)}-${pad(g.gm)}-${pad(g.gd)}`;
}

const dayNumber = (date: string) => {
  const g = parseDate(date);
  return g2d(g.gy, g.gm, g.gd);
};

/** The Jalali date of a Gregorian day (YYYY-MM-DD). */
export function toJalali(date: string): JalaliDate {
  return d2j(dayNumber(date));
}

/** The Gregorian day (YYYY-MM-DD) of a Jalali date. */
export function fromJalali(jy: number, jm: number, jd: number): string {
  return formatJdn(j2d(jy, jm, jd));
}

export function isJalaliLeapYear(jy: number): boolean {
  return jalCal(jy).leap === 0;
}

export function jalaliMonthLength(jy: number, jm: number): number {
  if (jm <= 6) return 31;
  if (jm <= 11) return 30;
  return isJalaliLeapYear(jy) ? 30 : 29;
}

/** A Gregorian day moved by n days. */
export function shiftDate(date: string, days: number): string {
  return formatJdn(dayNumber(date) + days);
}

/** The weekday, 0 = Saturday … 6 = Friday (the Iranian week). */
export function jalaliWeekday(date: string): number {
  // Julian day numbers: jdn mod 7 is 0 on Monday, so Saturday is 5.
  return mod(dayNumber(date) + 2, 7);
}
