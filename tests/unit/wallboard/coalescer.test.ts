import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../../src/wallboard/coalescer.ts';

describe('coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (listening = () => true) => {
    const flushes: number[] = [];
    const c = new Coalescer(
      100,
      () => (listening() ? (flushes.push(Date.now()), true) : false),
      () => Date.now(),
    );
    return { c, flushes };
  };

  it('flushes a lone change on the next tick, and a same-tick burst once', () => {
    const { c, flushes } = make();
    for (let i = 0; i < 200; i++) c.mark();
    expect(flushes).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(flushes).toHaveLength(1);
  });

  it('keeps at most one flush per interval under a steady stream, and ends with the last state', () => {
    const { c, flushes } = make();
    const t0 = Date.now();
    for (let ms = 0; ms < 1000; ms += 5) {
      c.mark();
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(200);
    expect(flushes.length).toBeGreaterThanOrEqual(10);
    expect(flushes.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i]! - flushes[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(flushes.at(-1)! - t0).toBeGreaterThanOrEqual(995);
    expect(c.pending).toBe(false);
  });

  it('stays dirty while nobody listens, and flushNow builds for a newcomer', () => {
    let listening = false;
    const { c, flushes } = make(() => listening);
    c.mark();
    vi.advanceTimersByTime(500);
    expect(c.pending).toBe(true);
    listening = true;
    c.flushNow();
    expect(flushes).toHaveLength(1);
    expect(c.pending).toBe(false);
    c.flushNow();
    expect(flushes).toHaveLength(1); // nothing new: nothing to send
  });

  it('does nothing after stop', () => {
    const { c, flushes } = make();
    c.stop();
    c.mark();
    vi.advanceTimersByTime(500);
    expect(flushes).toHaveLength(0);
  });
});
