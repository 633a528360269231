// The export's instants are formatted from a per-day cache of the zone's offset: across a
// daylight-saving change (New York, spring and autumn 2025) and in Tehran, every minute of the
// day must read as Intl itself reads it, in both calendars' cells.
import { describe, expect, it } from 'vitest';
import { createInstantFormatter } from '../../../src/exports/export-time.ts';

function intlIso(s: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(s * 1000);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

describe('export instants', () => {
  it.each([
    ['America/New_York', '2025-03-09T00:00:00Z'],
    ['America/New_York', '2025-11-02T00:00:00Z'],
    ['Asia/Tehran', '2026-03-20T00:00:00Z'],
  ])('%s around %s: every minute and a half as Intl has it', (zone, start) => {
    const time = createInstantFormatter(zone);
    const from = Date.parse(start) / 1000;
    for (let s = from; s < from + 2 * 86_400; s += 97) {
      const [jalali, iso] = time.csvCells(s).split(',');
      expect(iso).toBe(intlIso(s, zone));
      expect(jalali).toMatch(/^1[34]\d\d\/\d\d\/\d\d \d\d:\d\d$/);
      expect(jalali!.slice(-5)).toBe(iso!.slice(11, 16));
      expect(time.zoned(s).iso).toBe(iso);
    }
    expect(time.csvCells(null)).toBe(',');
  });
});
