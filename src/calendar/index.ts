// The centre's clock: shifts and wall-clock time in its zone. Depends on nothing but the platform.
export { ShiftCalendar, shiftOf, shiftWindow, parseShifts, type ShiftDef, type ShiftRef } from './shift-calendar.ts';
export { addDays, zonedToUtc, localParts, type LocalParts } from './zoned-time.ts';
