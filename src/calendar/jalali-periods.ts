// Jalali periods for reports: each Gregorian day falls in one day, Saturday-first week, month,
// season (spring = months 1–3 …) and year, each with a stable key, its Gregorian range and labels.
import { toPersianDigits } from '../shared/index.ts';
import { fromJalali, jalaliMonthLength, jalaliWeekday, shiftDate, toJalali } from './jalali.ts';

export const JALALI_PERIODS = ['day', 'week', 'month', 'season', 'year'] as const;
export type JalaliPeriodKind = (typeof JALALI_PERIODS)[number];

export const JALALI_MONTHS_FA = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;
export const JALALI_MONTHS_EN = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
] as const;
export const SEASONS_FA = ['بهار', 'تابستان', 'پاییز', 'زمستان'] as const;
export const SEASONS_EN = ['Spring', 'Summer', 'Autumn', 'Winter'] as const;

export interface JalaliPeriod {
  kind: JalaliPeriodKind;
  /** day 1403-01-01, week 1402-W12-26 (its Saturday), month 1403-01, season 1403-S1, year 1403. */
  key: string;
  /** First and last Gregorian day, inclusive (YYYY-MM-DD). */
  start: string;
  end: string;
  labelFa: string;
  labelEn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const fa = (n: number) => toPersianDigits(n);
const dayFa = (jy: number, jm: number, jd: number) => `${fa(jd)} ${JALALI_MONTHS_FA[jm - 1]} ${fa(jy)}`;
const dayEn = (jy: number, jm: number, jd: number) => `${jd} ${JALALI_MONTHS_EN[jm - 1]} ${jy}`;

/** The period of a kind that holds a Gregorian day. */
export function jalaliPeriodOf(date: string, kind: JalaliPeriodKind): JalaliPeriod {
  const { jy, jm, jd } = toJalali(date);
  switch (kind) {
    case 'day':
      return {
        kind,
        key: `${jy}-${pad(jm)}-${pad(jd)}`,
        start: date,
        end: date,
        labelFa: dayFa(jy, jm, jd),
        labelEn: dayEn(jy, jm, jd),
      };
    case 'week': {
      const start = shiftDate(date, -jalaliWeekday(date));
      const s = toJalali(start);
      return {
        kind,
        key: `${s.jy}-W${pad(s.jm)}-${pad(s.jd)}`,
        start,
        end: shiftDate(start, 6),
        labelFa: `هفتهٔ ${dayFa(s.jy, s.jm, s.jd)}`,
        labelEn: `Week of ${dayEn(s.jy, s.jm, s.jd)}`,
      };
    }
    case 'month':
      return {
        kind,
        key: `${jy}-${pad(jm)}`,
        start: fromJalali(jy, jm, 1),
        end: fromJalali(jy, jm, jalaliMonthLength(jy, jm)),
        labelFa: `${JALALI_MONTHS_FA[jm - 1]} ${fa(jy)}`,
        labelEn: `${JALALI_MONTHS_EN[jm - 1]} ${jy}`,
      };
    case 'season': {
      const s = Math.ceil(jm / 3);
      return {
        kind,
        key: `${jy}-S${s}`,
        start: fromJalali(jy, s * 3 - 2, 1),
        end: fromJalali(jy, s * 3, jalaliMonthLength(jy, s * 3)),
        labelFa: `${SEASONS_FA[s - 1]} ${fa(jy)}`,
        labelEn: `${SEASONS_EN[s - 1]} ${jy}`,
      };
    }
    case 'year':
      return {
        kind,
        key: String(jy),
        start: fromJalali(jy, 1, 1),
        end: fromJalali(jy, 12, jalaliMonthLength(jy, 12)),
        labelFa: fa(jy),
        labelEn: String(jy),
      };
  }
}

/** The period just before. */
export function previousJalaliPeriod(p: JalaliPeriod): JalaliPeriod {
  return jalaliPeriodOf(shiftDate(p.start, -1), p.kind);
}

/**
 * The same period a year before: the period holding the same Jalali date one year earlier (30
 * Esfand of a leap year maps to 29 Esfand). A week maps to the week holding its Saturday's date.
 */
export function lastYearJalaliPeriod(p: JalaliPeriod): JalaliPeriod {
  const { jy, jm, jd } = toJalali(p.start);
  const day = Math.min(jd, jalaliMonthLength(jy - 1, jm));
  return jalaliPeriodOf(fromJalali(jy - 1, jm, day), p.kind);
}

/** The periods from the one holding `from` to the one holding `to`, in order (both YYYY-MM-DD). */
export function jalaliPeriodsBetween(from: string, to: string, kind: JalaliPeriodKind): JalaliPeriod[] {
  const out: JalaliPeriod[] = [];
  for (let p = jalaliPeriodOf(from, kind); p.start <= to; p = jalaliPeriodOf(shiftDate(p.end, 1), kind)) out.push(p);
  return out;
}
