import { describe, expect, it } from 'vitest';
import { recheckCalls, reconcileCalls } from '../../../src/cti/call-reconcile.ts';
import type { StoredCall } from '../../../src/cti/call-restore-repository.ts';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import type { ChannelInfo } from '../../../src/cti/core-channels.ts';
import { CallTracker, CtiBus, type LiveCall } from '../../../src/cti/index.ts';

// cti137 restarted and meets calls it did not follow. CoreShowChannels says where each caller is
// now; the call record says what happened before. The rebuilt call must carry both.

const NOW = Date.parse('2026-12-06T10:00:00Z');

function channel(over: Partial<ChannelInfo>): ChannelInfo {
  return {
    channel: 'PJSIP/trunk-00000001',
    uniqueid: '1796000000.1',
    linkedid: '1796000000.1',
    callerNum: '09121234567',
    callerName: '',
    exten: '137',
    application: '',
    applicationData: '',
    bridgeId: '',
    state: 'Up',
    durationSeconds: 90,
    ...over,
  };
}

function stored(over: Partial<StoredCall> = {}): StoredCall {
  return {
    linkedid: '1796000000.1',
    enteredAt: NOW - 90_000,
    queue: 'q137',
    queuedAt: NOW - 80_000,
    answeredAt: NOW - 68_000,
    memberInterface: 'PJSIP/1001',
    memberName: 'Operator 1',
    endReason: null,
    waitSeconds: 12,
    talkSeconds: null,
    holdSeconds: 4,
    transfers: 0,
    ivrChoice: '1',
    hazard: false,
    ...over,
  };
}

function rig() {
  const bus = new CtiBus();
  const ended: LiveCall[] = [];
  bus.on('call:ended', (c) => ended.push(structuredClone(c)));
  const tracker = new CallTracker(bus, { serviceNumbers: ['137'] });
  const hangup = (c: ChannelInfo) =>
    tracker.handle({
      type: 'channel-hangup',
      serverId: 'pbx1',
      at: NOW + 5000,
      channel: c.channel,
      uniqueid: c.uniqueid,
      linkedid: c.linkedid,
      callerNum: c.callerNum,
      callerName: '',
      cause: 16,
      causeTxt: 'Normal Clearing',
    });
  return { tracker, ended, hangup };
}

const isService = (e: string) => e === '137';

describe('reconcileCalls after a restart of cti137', () => {
  it('a caller found in the survey was answered and left by the operator its record names', () => {
    const { tracker, ended, hangup } = rig();
    const caller = channel({ application: 'Stasis', applicationData: 'cti137,survey,PJSIP/1001,Operator 1' });
    const rows = new Map([[caller.linkedid, stored()]]);
    reconcileCalls(tracker, 'pbx1', [caller], [], isService, NOW, new Set(), rows);
    const c = tracker.get('pbx1', caller.linkedid)!;
    expect(c).toMatchObject({
      phase: 'after-agent',
      answeredAt: NOW - 68_000,
      memberInterface: 'PJSIP/1001',
      endReason: 'agent-hangup',
      waitSeconds: 12,
      enteredAt: NOW - 90_000,
      ivrChoice: '1',
    });
    hangup(caller);
    expect(ended[0]).toMatchObject({ endReason: 'agent-hangup', answeredAt: NOW - 68_000, holdSeconds: 4 });
  });

  it('without a record, the survey arguments still say who answered and that they hung up', () => {
    const { tracker } = rig();
    const caller = channel({ application: 'Stasis', applicationData: 'cti137,survey,PJSIP/1002,Operator 2' });
    reconcileCalls(tracker, 'pbx1', [caller], [], isService, NOW);
    expect(tracker.get('pbx1', caller.linkedid)).toMatchObject({
      phase: 'after-agent',
      memberInterface: 'PJSIP/1002',
      memberName: 'Operator 2',
      endReason: 'agent-hangup',
    });
  });

  it("a queued caller's member phone found ringing is a ring again, marked as found at the resync", () => {
    const { tracker } = rig();
    const rings: Array<{ iface: string; rebuilt?: boolean }> = [];
    tracker.bus.on('call:ringing', (_c, r) => rings.push({ iface: r.interface, rebuilt: r.rebuilt }));
    const caller = channel({ application: 'Queue', applicationData: 'q137,c,,,3600', durationSeconds: 30 });
    const leg = channel({
      channel: 'PJSIP/1002-0000000b',
      uniqueid: '1796000000.4',
      state: 'Ringing',
      application: 'AppQueue',
      applicationData: '(Outgoing Line)',
      durationSeconds: 3,
    });
    const entry = new AmiMessage([
      ['Event', 'QueueEntry'],
      ['Queue', 'q137'],
      ['Uniqueid', caller.uniqueid],
      ['Position', '1'],
      ['Wait', '20'],
    ]);
    reconcileCalls(tracker, 'pbx1', [caller, leg], [entry], isService, NOW);
    const c = tracker.get('pbx1', caller.linkedid)!;
    expect(c.phase).toBe('ringing');
    expect(c.rings).toMatchObject([
      {
        interface: 'PJSIP/1002',
        agentChannel: 'PJSIP/1002-0000000b',
        outcome: 'ringing',
        startedAt: NOW - 3000,
        rebuilt: true,
      },
    ]);
    expect(rings).toEqual([{ iface: 'PJSIP/1002', rebuilt: true }]);
  });

  it('a call still talking keeps its first answer and its wait (AgentConnect rebuilt says neither)', () => {
    const { tracker } = rig();
    const caller = channel({ application: 'Queue', applicationData: 'q137,c,,,3600', bridgeId: 'b1' });
    const agent = channel({
      channel: 'PJSIP/1001-00000002',
      uniqueid: '1796000000.2',
      callerName: 'Operator 1',
      bridgeId: 'b1',
      durationSeconds: 60,
    });
    const rows = new Map([[caller.linkedid, stored()]]);
    reconcileCalls(tracker, 'pbx1', [caller, agent], [], isService, NOW, new Set(), rows);
    expect(tracker.get('pbx1', caller.linkedid)).toMatchObject({
      phase: 'talking',
      answeredAt: NOW - 68_000,
      queuedAt: NOW - 80_000,
      waitSeconds: 12,
      memberInterface: 'PJSIP/1001',
      agentChannel: 'PJSIP/1001-00000002',
      endReason: null,
    });
  });

  it('a second look ends the leg of an operator who hung up while the first snapshot was on its way', () => {
    const { tracker } = rig();
    const caller = channel({ application: 'Queue', applicationData: 'q137,c,,,3600', bridgeId: 'b1' });
    const agent = channel({ channel: 'PJSIP/1001-00000002', uniqueid: '1796000000.2', bridgeId: 'b1' });
    const other = channel({ channel: 'PJSIP/trunk-00000009', uniqueid: '1796000000.9', linkedid: '1796000000.9' });
    const rows = new Map([[caller.linkedid, stored()]]);
    reconcileCalls(tracker, 'pbx1', [caller, agent, other], [], isService, NOW, new Set(), rows);
    const inSurvey = {
      ...caller,
      bridgeId: '',
      application: 'Stasis',
      applicationData: 'cti137,survey,PJSIP/1001,Operator 1',
    };
    // Only the call named is looked at again: the other one, absent from this snapshot, stays.
    recheckCalls(tracker, 'pbx1', [inSurvey], [caller.linkedid], NOW + 1000);
    expect(tracker.get('pbx1', caller.linkedid)).toMatchObject({
      phase: 'after-agent',
      endReason: 'agent-hangup',
      agentChannel: null,
      answeredAt: NOW - 68_000,
    });
    expect(tracker.get('pbx1', other.linkedid)).toBeDefined();
  });
});
