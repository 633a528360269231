import { describe, expect, it } from 'vitest';
import { CallTracker, CtiBus, type LiveCall, type TelephonyEvent } from '../../../src/cti/index.ts';

// Hold, transfers and Dial legs on hand-made events (the emulator tests check the frames; the
// integration tests the whole path). Times are seconds from the start of the call.

const CALLER = {
  channel: 'PJSIP/trunk-00000000',
  uniqueid: 'L',
  linkedid: 'L',
  callerNum: '09121234567',
  callerName: '',
};
const s = (sec: number) => 1_800_000_000_000 + sec * 1000;
const member = (n: string) => ({ queue: 'q137', interface: `PJSIP/${n}`, memberName: `Operator ${n}` });

function rig() {
  const bus = new CtiBus();
  const log: string[] = [];
  let ended: LiveCall | undefined;
  bus.on('call:ringing', (_c, r) => log.push(`ringing ${r.interface}`));
  bus.on('call:answered', (c) => log.push(`answered ${c.memberInterface}`));
  bus.on('call:agent-completed', (_c, i) => log.push(`completed ${i.interface} ${i.reason}`));
  bus.on('call:ended', (c) => (ended = structuredClone(c)));
  const t = new CallTracker(bus, { serviceNumbers: ['137'] });
  const feed = (...events: Array<Partial<TelephonyEvent> & { type: TelephonyEvent['type']; at: number }>) => {
    for (const e of events) t.handle({ serverId: 'pbx1', ...CALLER, ...e } as TelephonyEvent);
  };
  const connect = (n: string, sec: number, leg: string) => {
    feed({ type: 'queue-join', at: s(sec - 5), queue: 'q137', position: 1, count: 1 });
    feed({ type: 'agent-called', at: s(sec - 1), ...member(n), destChannel: leg, destUniqueid: `${leg}.id` });
    feed({
      type: 'agent-connect',
      at: s(sec),
      ...member(n),
      destChannel: leg,
      destUniqueid: `${leg}.id`,
      holdTime: 5,
      ringTime: 1,
    });
  };
  return { t, log, feed, connect, call: () => t.get('pbx1', 'L'), ended: () => ended };
}

describe('CallTracker: hold, transfers, Dial legs', () => {
  it('stores talk net of hold: TalkTime 100 s with 30 s on hold is 70 s talk + 30 s hold', () => {
    const r = rig();
    r.feed({ type: 'channel-new', at: s(0), context: 'from-trunk', exten: '137' });
    r.connect('1001', 10, 'PJSIP/1001-01');
    r.feed({ type: 'hold', at: s(20), channel: 'PJSIP/1001-01', uniqueid: 'x' });
    r.feed({ type: 'hold', at: s(25), channel: 'PJSIP/1001-01', uniqueid: 'x' }); // a repeated Hold does not restart the clock
    r.feed({ type: 'unhold', at: s(50), channel: 'PJSIP/1001-01', uniqueid: 'x' });
    expect(r.call()).toMatchObject({ holdSeconds: 30, onHoldSince: null });
    r.feed({
      type: 'agent-complete',
      at: s(110),
      ...member('1001'),
      destChannel: 'PJSIP/1001-01',
      holdTime: 5,
      talkTime: 100,
      reason: 'agent',
    });
    r.feed({ type: 'channel-hangup', at: s(130), cause: 16, causeTxt: 'Normal Clearing' });
    expect(r.ended()).toMatchObject({ talkSeconds: 70, holdSeconds: 30, transfers: 0, endReason: 'agent-hangup' });
  });

  it.each([
    ['AttendedTransfer first', false],
    ['AgentComplete first', true],
  ])('attended transfer (%s): the call follows the colleague, both legs are counted', (_name, completeFirst) => {
    const r = rig();
    r.feed({ type: 'channel-new', at: s(0), context: 'from-trunk', exten: '137' });
    r.connect('1001', 10, 'PJSIP/1001-01');
    r.feed({ type: 'hold', at: s(40), channel: 'PJSIP/1001-01', uniqueid: 'x' });
    const complete = {
      type: 'agent-complete' as const,
      at: s(60),
      ...member('1001'),
      destChannel: 'PJSIP/1001-01',
      holdTime: 5,
      talkTime: 50,
      reason: 'transfer',
    };
    const transfer = {
      type: 'attended-transfer' as const,
      at: s(60),
      result: 'Success',
      origTransfererChannel: 'PJSIP/1001-01',
      origLinkedid: 'L',
      secondLinkedid: 'C',
      transfereeChannel: CALLER.channel,
      transfereeLinkedid: 'L',
      targetChannel: 'PJSIP/1002-03',
      targetCallerName: 'Operator 1002',
    };
    r.feed(...(completeFirst ? [complete, transfer] : [transfer, complete]));
    expect(r.call()).toMatchObject({
      phase: 'talking',
      memberInterface: 'PJSIP/1002',
      agentChannel: 'PJSIP/1002-03',
      transfers: 1,
      endReason: null,
      onHoldSince: null,
      holdSeconds: 20,
    });
    // The colleague's leg ends with its channel: no AgentComplete comes for it.
    r.feed({ type: 'channel-hangup', at: s(100), channel: 'PJSIP/1002-03', uniqueid: 'T', cause: 16, causeTxt: '' });
    expect(r.call()).toMatchObject({ phase: 'after-agent', endReason: 'agent-hangup' });
    r.feed({ type: 'channel-hangup', at: s(120), cause: 16, causeTxt: '' });
    // 1001: TalkTime 50 − 20 held = 30; 1002: 40 s from the hand-over to its hangup.
    expect(r.ended()).toMatchObject({ talkSeconds: 70, holdSeconds: 20, transfers: 1, memberInterface: 'PJSIP/1002' });
    expect(r.ended()!.rings.map((x) => `${x.interface}:${x.outcome}:${x.via}`)).toEqual([
      'PJSIP/1001:answered:queue',
      'PJSIP/1002:answered:transfer',
    ]);
    expect(r.log.filter((l) => l.startsWith('completed'))).toEqual([
      'completed PJSIP/1001 transfer',
      'completed PJSIP/1002 agent',
    ]);
  });

  it('a blind transfer to a phone shows as Dial from the caller; a failed transfer changes nothing', () => {
    const r = rig();
    r.feed({ type: 'channel-new', at: s(0), context: 'from-trunk', exten: '137' });
    r.connect('1001', 10, 'PJSIP/1001-01');
    const blind = {
      type: 'blind-transfer' as const,
      at: s(30),
      transfererChannel: 'PJSIP/1001-01',
      linkedid: 'L',
      transfereeLinkedid: 'L',
      extension: '1002',
      context: 'cti137-transfer',
    };
    r.feed({ ...blind, result: 'Fail' });
    expect(r.call()).toMatchObject({ transfers: 0, endReason: null });
    r.feed({ ...blind, result: 'Success' });
    r.feed({
      type: 'agent-complete',
      at: s(30),
      ...member('1001'),
      destChannel: 'PJSIP/1001-01',
      holdTime: 5,
      talkTime: 20,
      reason: 'transfer',
    });
    expect(r.call()).toMatchObject({ phase: 'after-agent', endReason: 'transferred', transfers: 1 });
    r.feed({
      type: 'dial-begin',
      at: s(31),
      destChannel: 'PJSIP/1002-02',
      destUniqueid: 'D',
      destCallerName: 'Operator 1002',
    });
    expect(r.call()!.phase).toBe('ringing');
    r.feed({
      type: 'dial-end',
      at: s(35),
      destChannel: 'PJSIP/1002-02',
      destCallerName: 'Operator 1002',
      status: 'ANSWER',
    });
    expect(r.call()).toMatchObject({ phase: 'talking', memberInterface: 'PJSIP/1002', endReason: null });
    // The caller hangs up on the colleague: that leg's talk ends with the call.
    r.feed({ type: 'channel-hangup', at: s(65), cause: 16, causeTxt: '' });
    expect(r.ended()).toMatchObject({ talkSeconds: 50, endReason: 'caller-hangup', memberInterface: 'PJSIP/1002' });
    expect(r.log).toEqual([
      'ringing PJSIP/1001',
      'answered PJSIP/1001',
      'completed PJSIP/1001 transfer',
      'ringing PJSIP/1002',
      'answered PJSIP/1002',
    ]);
  });

  it("queue members' own DialBegin/DialEnd are not taken for a second leg", () => {
    const r = rig();
    r.feed({ type: 'channel-new', at: s(0), context: 'from-trunk', exten: '137' });
    r.feed({ type: 'queue-join', at: s(1), queue: 'q137', position: 1, count: 1 });
    r.feed({ type: 'agent-called', at: s(2), ...member('1001'), destChannel: 'PJSIP/1001-01', destUniqueid: 'A' });
    r.feed({
      type: 'dial-begin',
      at: s(2),
      destChannel: 'PJSIP/1001-01',
      destUniqueid: 'A',
      destCallerName: 'Operator 1001',
    });
    r.feed({
      type: 'dial-end',
      at: s(4),
      destChannel: 'PJSIP/1001-01',
      destCallerName: 'Operator 1001',
      status: 'ANSWER',
    });
    expect(r.call()!.phase).toBe('ringing');
    expect(r.call()!.rings).toHaveLength(1);
  });
});
