import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { CallTracker, CtiBus, toTelephonyEvent, type LiveCall } from '../../../src/cti/index.ts';

function replay(file: string, keep: (m: AmiMessage) => boolean = () => true) {
  const msgs: AmiMessage[] = [];
  const p = new AmiParser({ message: (m) => keep(m) && msgs.push(m) }, { expectBanner: true });
  p.push(readFileSync(new URL(`../../fixtures/asterisk/${file}`, import.meta.url)));
  const bus = new CtiBus();
  const log: string[] = [];
  const ended: LiveCall[] = [];
  bus.on('call:started', (c) => log.push(`started ${c.callerNum}`));
  bus.on('call:queued', (c) => log.push(`queued ${c.queue}`));
  bus.on('call:ringing', (_c, r) => log.push(`ringing ${r.interface}`));
  bus.on('call:ring-ended', (_c, r) => log.push(`ring-ended ${r.interface} ${r.outcome}`));
  bus.on('call:answered', (c) => log.push(`answered ${c.memberInterface}`));
  bus.on('call:agent-completed', (_c, i) => log.push(`agent-completed ${i.reason}`));
  bus.on('call:ended', (c) => {
    log.push(`ended ${c.endReason}`);
    ended.push(structuredClone(c));
  });
  // The captures dialled 137/138/140: all three are service numbers here.
  const tracker = new CallTracker(bus, { serviceNumbers: ['137', '138', '140'] });
  for (const m of msgs) {
    const e = toTelephonyEvent(m, 'pbx1');
    if (e) tracker.handle(e);
  }
  return { log, ended, tracker };
}

describe('CallTracker on real Asterisk captures', () => {
  it('follows the main queue call: ring, answer, agent hangs up, caller ends after the survey', () => {
    const { log, ended, tracker } = replay('ami-queue-call.server.raw');
    expect(log).toEqual([
      'started +15551230137',
      'queued q137',
      'ringing PJSIP/agent1001',
      'answered PJSIP/agent1001',
      'agent-completed agent',
      'ended agent-hangup',
    ]);
    const c = ended[0]!;
    expect(c.linkedid).toBe('1795329939.0');
    expect(c.memberName).toBe('Agent 1001');
    expect(c.waitSeconds).toBe(2);
    expect(c.talkSeconds).toBeGreaterThanOrEqual(7);
    expect(c.rings.map((r) => r.outcome)).toEqual(['answered']);
    expect(tracker.active()).toHaveLength(0);
  });

  it('records a ring-no-answer before the second operator answers', () => {
    const { log, ended } = replay('ami-queue-ringnoanswer.server.raw');
    expect(log).toContain('ring-ended PJSIP/agent1001 no-answer');
    expect(log.filter((l) => l.startsWith('answered'))).toEqual(['answered PJSIP/agent1002']);
    expect(ended[0]!.rings.map((r) => `${r.interface}:${r.outcome}`)).toEqual([
      'PJSIP/agent1001:no-answer',
      'PJSIP/agent1002:answered',
    ]);
  });

  it('marks a caller who hangs up in the queue as abandoned', () => {
    const { log, ended } = replay('ami-queue-abandon.server.raw');
    expect(log.at(-1)).toBe('ended abandoned');
    expect(ended[0]!.answeredAt).toBeNull();
    expect(ended[0]!.waitSeconds).toBe(7); // HoldTime in the capture (the 9 s include the greeting)
  });

  it('marks a caller whose Queue() timed out (QueueCallerAbandon with no hangup request before it) as timeout', () => {
    // app_queue's record_abandoned runs on QUEUE_TIMEOUT too, so a timeout gives the same
    // QueueCallerAbandon + QueueCallerLeave; what differs is that nobody asked the caller's
    // channel to hang up first (the dialplan's Hangup() comes after, as SoftHangupRequest).
    // The abandon capture without the caller's BYE (HangupRequest) has exactly that shape.
    const { log, ended } = replay('ami-queue-abandon.server.raw', (m) => m.event !== 'HangupRequest');
    expect(log.at(-1)).toBe('ended timeout');
    expect(ended[0]!.answeredAt).toBeNull();
    expect(ended[0]!.waitSeconds).toBe(7);
  });
});

describe('an Asterisk restart', () => {
  const base = { serverId: 'pbx1', callerNum: '09121234567', callerName: '' };
  const caller = (id: string) => ({ ...base, channel: `PJSIP/trunk-${id}`, uniqueid: id, linkedid: id });

  it('ends the calls it lost as pbx-restart (talk up to the restart) and keeps calls begun on the new Asterisk', () => {
    const bus = new CtiBus();
    const ended: LiveCall[] = [];
    bus.on('call:ended', (c) => ended.push(structuredClone(c)));
    const t = new CallTracker(bus, { serviceNumbers: ['137'] });
    t.handle({ ...caller('100.1'), type: 'queue-join', at: 1_000, queue: 'q137', position: 1, count: 1 });
    t.handle({
      ...caller('100.1'),
      type: 'agent-connect',
      at: 4_000,
      queue: 'q137',
      interface: 'PJSIP/1001',
      memberName: 'Op 1',
      destChannel: 'PJSIP/1001-01',
      destUniqueid: '100.2',
      holdTime: 3,
      ringTime: 1,
    });
    t.handle({ ...caller('100.3'), type: 'queue-join', at: 2_000, queue: 'q137', position: 2, count: 2 });
    const before = new Set(t.active().map((c) => c.key));
    t.handle({ ...caller('200.1'), type: 'queue-join', at: 40_000, queue: 'q137', position: 1, count: 1 });

    const gone = t.dropServer('pbx1', 34_000, (c) => before.has(c.key));
    expect(gone.map((c) => c.linkedid).sort()).toEqual(['100.1', '100.3']);
    expect(ended.map((c) => [c.linkedid, c.endReason, c.talkSeconds, c.waitSeconds])).toEqual([
      ['100.1', 'pbx-restart', 30, 3],
      ['100.3', 'pbx-restart', null, 32],
    ]);
    expect(t.active().map((c) => c.linkedid)).toEqual(['200.1']);
  });
});
