// The centre's clock: shifts and wall-clock time in its zone. Depends on nothing but the platform.
export { ShiftCalendar, shiftOf, shiftWindow, parseShifts, type ShiftDef, type ShiftRef } from './shift-calendar.ts';
export { addDays, zonedToUtc, localParts, type LocalParts } from './zoned-time.ts';
export {
  toJalali,
  fromJalali,
  isJalaliLeapYear,
  jalaliMonthLength,
  jalaliWeekday,
  shiftDate,
  type JalaliDate,
} from './jalali.ts';
export {
  JALALI_PERIODS,
  JALALI_MONTHS_FA,
  JALALI_MONTHS_EN,
  SEASONS_FA,
  SEASONS_EN,
  jalaliPeriodOf,
  previousJalaliPeriod,
  lastYearJalaliPeriod,
  jalaliPeriodsBetween,
  type JalaliPeriod,
  type JalaliPeriodKind,
} from './jalali-periods.ts';
