// The small pure helpers behind both clients: backoff, log throttling, action frames.

import { describe, expect, it } from 'vitest';
import { AmiHeaderInjectionError } from '../../../src/asterisk/ami/ami-codec.ts';
import { buildActionFrame } from '../../../src/asterisk/ami/ami-frames.ts';
import { isListAction } from '../../../src/asterisk/ami/ami-message-kind.ts';
import { backoffDelay, reconnectDelay } from '../../../src/shared/backoff.ts';
import { LogThrottle } from '../../../src/shared/log-throttle.ts';

describe('backoffDelay', () => {
  const opts = { minMs: 500, maxMs: 15_000 };
  it('grows exponentially to the cap, jittered between the floor and the ceiling', () => {
    expect(backoffDelay(0, { ...opts, random: () => 1 })).toBe(500);
    expect(backoffDelay(3, { ...opts, random: () => 1 })).toBe(4_000);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffDelay(10_000, { ...opts, random: () => 1 })).toBe(15_000); // endless retries stay finite
  });
  it('a raised floor (after a refused login) never exceeds the cap', () => {
    expect(backoffDelay(0, { ...opts, floorMs: 5_000, random: () => 0 })).toBe(500);
    expect(backoffDelay(5, { ...opts, floorMs: 5_000, random: () => 0 })).toBe(5_000);
    expect(backoffDelay(5, { minMs: 20, maxMs: 100, floorMs: 5_000, random: () => 0 })).toBe(100);
  });
});

describe('reconnectDelay (both clients)', () => {
  it('never waits more than 1 s however long the PBX was away, and is jittered', () => {
    const at = (attempt: number, r: number) => reconnectDelay(attempt, { credentialFailures: 0, random: () => r });
    expect([at(0, 0), at(0, 1)]).toEqual([250, 250]);
    expect([at(1, 0), at(1, 1)]).toEqual([250, 500]);
    expect([at(2, 0), at(2, 0.5), at(2, 1)]).toEqual([250, 625, 1_000]);
    expect(at(10_000, 1)).toBe(1_000);
  });
  it('a refused login or password retries slowly: 2 s, then 5 s at least, up to 30 s', () => {
    const at = (attempt: number, r: number) => reconnectDelay(attempt, { credentialFailures: 1, random: () => r });
    expect(at(0, 0)).toBe(2_000); // 250 · 2^3 is below the floor: the ceiling wins
    expect([at(2, 0), at(2, 1)]).toEqual([5_000, 8_000]);
    expect(at(50, 1)).toBe(30_000);
    expect(reconnectDelay(50, { minMs: 20, maxMs: 100, credentialFailures: 2, random: () => 1 })).toBe(100); // tests' own bounds win
  });
});

describe('LogThrottle', () => {
  it('lets a few lines through per window and counts the rest', () => {
    let now = 0;
    const t = new LogThrottle(1_000, 2, () => now);
    expect([t.take(), t.take(), t.take(), t.take()].map((x) => x.log)).toEqual([true, true, false, false]);
    now = 1_000;
    expect(t.take()).toEqual({ log: true, suppressed: 2 });
  });
});

describe('buildActionFrame', () => {
  it('puts Action and ActionID first, repeats array values and drops a caller-supplied ActionID', () => {
    const frame = buildActionFrame('Originate', 'cti-1-7', {
      ActionID: 'evil',
      Channel: 'Local/200@x',
      Variable: ['A=1', 'B=2'],
      Async: true,
      Skip: undefined,
    });
    expect(frame).toBe(
      'Action: Originate\r\nActionID: cti-1-7\r\nChannel: Local/200@x\r\nVariable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n',
    );
  });
  it('throws on CR or LF anywhere', () => {
    expect(() => buildActionFrame('Ping', 'x', { Note: 'a\rb' })).toThrow(AmiHeaderInjectionError);
    expect(() => buildActionFrame('Ping\n', 'x', {})).toThrow(AmiHeaderInjectionError);
  });
});

describe('isListAction', () => {
  it('knows the list actions a CTI server uses', () => {
    expect(['QueueStatus', 'queuesummary', 'CoreShowChannels', 'Status', 'BridgeList'].every(isListAction)).toBe(true);
    expect(['Ping', 'Originate', 'QueuePause', 'Getvar'].some(isListAction)).toBe(false);
  });
});
