import { describe, expect, it } from 'vitest';
import { addDays, shiftWindow, zonedToUtc } from '../../../src/calendar/index.ts';

const SHIFTS = [
  { name: 'morning', start: 7 * 60, end: 15 * 60 },
  { name: 'evening', start: 15 * 60, end: 23 * 60 },
  { name: 'night', start: 23 * 60, end: 7 * 60 },
];

describe('shift windows in the centre time zone', () => {
  it('turns Tehran wall-clock times into UTC (+03:30)', () => {
    expect(new Date(zonedToUtc('2025-03-21', 7 * 60, 'Asia/Tehran')).toISOString()).toBe('2025-03-21T03:30:00.000Z');
  });

  it('gives a night shift its morning end on the next day', () => {
    const w = shiftWindow({ name: 'night', date: '2025-12-31' }, SHIFTS, 'Asia/Tehran');
    expect(new Date(w.from).toISOString()).toBe('2025-12-31T19:30:00.000Z');
    expect(new Date(w.to).toISOString()).toBe('2026-01-01T03:30:00.000Z');
  });

  it('follows daylight saving where the zone has it', () => {
    // Berlin: +01:00 in winter, +02:00 in summer.
    expect(new Date(zonedToUtc('2025-01-15', 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2025-01-15T08:00:00.000Z');
    expect(new Date(zonedToUtc('2025-07-15', 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2025-07-15T07:00:00.000Z');
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2025-03-01', -7)).toBe('2025-02-22');
    expect(addDays('2024-12-28', 7)).toBe('2025-01-04');
  });
});
