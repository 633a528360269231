import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { BootWatch } from '../../../src/cti/boot-watch.ts';

// CoreStatus as in the ami-actions capture, with the start and reload times varied.
const core = (startup: string, reload = startup) =>
  new AmiMessage([
    ['Response', 'Success'],
    ['CoreStartupDate', '2026-11-22'],
    ['CoreStartupTime', startup],
    ['CoreReloadDate', '2026-11-22'],
    ['CoreReloadTime', reload],
    ['CoreCurrentCalls', '0'],
  ]);
const booted = (uptime: number) =>
  new AmiMessage([
    ['Event', 'FullyBooted'],
    ['Privilege', 'system,all'],
    ['Uptime', String(uptime)],
    ['LastReload', String(uptime)],
    ['Status', 'Fully Booted'],
  ]);

describe('BootWatch: a restarted Asterisk or just a dropped connection', () => {
  it('by CoreStatus: a new CoreStartupTime is a restart; a new CoreReloadTime alone is a reload', () => {
    const w = new BootWatch();
    expect(w.judge(core('06:45:21'))).toBe('first');
    expect(w.judge(core('06:45:21'))).toBe('same');
    expect(w.judge(core('06:45:21', '07:00:00'))).toBe('reloaded');
    expect(w.judge(core('06:45:21', '07:00:00'))).toBe('same');
    expect(w.judge(core('07:10:02'))).toBe('restarted');
    expect(w.startup).toBe('2026-11-22 07:10:02');
  });

  it("by FullyBooted's Uptime when CoreStatus is not allowed: a start more than 3 s off is a restart", () => {
    const w = new BootWatch();
    const t0 = 1_795_330_000_000;
    w.connected();
    w.fullyBooted(booted(73), t0);
    expect(w.judge(undefined)).toBe('first');
    w.connected();
    w.fullyBooted(booted(73 + 60), t0 + 60_400); // same boot, seen a minute later (rounding, delay)
    expect(w.judge(undefined)).toBe('same');
    w.connected();
    w.fullyBooted(booted(2), t0 + 120_000);
    expect(w.judge(undefined)).toBe('restarted');
    w.connected();
    expect(w.judge(undefined)).toBe('same'); // nothing to compare with: never guess a restart
  });
});
