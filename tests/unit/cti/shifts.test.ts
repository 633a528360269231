import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { shiftOf } from '../../../src/calendar/index.ts';

const { shifts, timezone } = loadConfig({});

describe('shiftOf (Asia/Tehran, UTC+03:30)', () => {
  it('puts 07:00 local in the morning shift and 06:59 in the night shift of the day before', () => {
    expect(shiftOf(new Date('2026-11-22T03:30:00Z'), shifts, timezone)).toEqual({
      name: 'morning',
      date: '2026-11-22',
    });
    expect(shiftOf(new Date('2026-11-22T03:29:00Z'), shifts, timezone)).toEqual({ name: 'night', date: '2026-11-21' });
  });
  it('handles evening and the night shift after midnight', () => {
    expect(shiftOf(new Date('2026-11-22T11:30:00Z'), shifts, timezone)).toEqual({
      name: 'evening',
      date: '2026-11-22',
    });
    expect(shiftOf(new Date('2026-11-22T19:30:00Z'), shifts, timezone)).toEqual({ name: 'night', date: '2026-11-22' });
    expect(shiftOf(new Date('2026-11-22T21:00:00Z'), shifts, timezone)).toEqual({ name: 'night', date: '2026-11-22' });
  });
});

describe('config', () => {
  it('refuses shifts that leave a gap, with a clear message', () => {
    expect(() => loadConfig({ SHIFTS: 'a=07:00-15:00,b=15:00-22:00' })).toThrow(/cover the 24 hours/);
  });
  it('refuses a bad port and a half-configured Asterisk', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ ASTERISK_AMI_URL: 'ami://a:b@h:5038' })).toThrow(/ASTERISK_ARI_URL/);
  });
  it('parses several Asterisk servers', () => {
    const c = loadConfig({
      ASTERISK_AMI_URL: 'ami://cti:s1@pbx-a:5038,ami://cti:s2@pbx-b:5038',
      ASTERISK_ARI_URL: 'http://cti:p1@pbx-a:8088,http://cti:p2@pbx-b:8088',
    });
    expect(c.asterisk?.map((s) => [s.id, s.ami.host, s.ari.url])).toEqual([
      ['pbx1', 'pbx-a', 'http://pbx-a:8088'],
      ['pbx2', 'pbx-b', 'http://pbx-b:8088'],
    ]);
  });
});
