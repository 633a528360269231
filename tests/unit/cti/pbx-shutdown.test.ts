import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { CallTracker, CtiBus, toTelephonyEvent, type LiveCall } from '../../../src/cti/index.ts';

// Asterisk's shutdown as cti137 reads it: SoftHangupRequest Cause 4 (AST_SOFTHANGUP_SHUTDOWN) on
// each channel, in the channel container's hash order, so the operator's leg may come first and
// app_queue's AgentComplete then says Reason: agent. Nobody hung up on anyone either way.

const caller = { Channel: 'PJSIP/trunk-00000001', Uniqueid: '1.1', Linkedid: '1.1', CallerIDNum: '0912', Exten: '137' };
const agent = { Channel: 'PJSIP/1001-00000002', Uniqueid: '1.2', Linkedid: '1.1', CallerIDNum: '1001', Exten: '' };
const member = { Queue: 'q137', Interface: 'PJSIP/1001', MemberName: 'Operator 1' };
const dest = { DestChannel: agent.Channel, DestUniqueid: agent.Uniqueid };

const frame = (event: string, fields: Record<string, string>) =>
  new AmiMessage([['Event', event], ...Object.entries(fields)] as Array<[string, string]>);

function run(frames: AmiMessage[]) {
  const bus = new CtiBus();
  const ended: LiveCall[] = [];
  const completed: string[] = [];
  bus.on('call:ended', (c) => ended.push(structuredClone(c)));
  bus.on('call:agent-completed', (_c, i) => completed.push(i.reason));
  const tracker = new CallTracker(bus, { serviceNumbers: ['137'] });
  for (const f of frames) {
    const e = toTelephonyEvent(f, 'pbx1');
    if (e) tracker.handle(e);
  }
  return { ended, completed, tracker };
}

const talking = [
  frame('Newchannel', caller),
  frame('QueueCallerJoin', { ...caller, Queue: 'q137', Position: '1', Count: '1' }),
  frame('AgentConnect', { ...caller, ...member, ...dest, HoldTime: '3', RingTime: '1' }),
];

describe('an Asterisk shutdown in the call tracker', () => {
  it('the operator leg asked first: AgentComplete (agent) is still a call lost in the restart', () => {
    const { ended, completed } = run([
      ...talking,
      frame('SoftHangupRequest', { ...agent, Cause: '4' }),
      frame('SoftHangupRequest', { ...caller, Cause: '4' }),
      frame('AgentComplete', { ...caller, ...member, ...dest, HoldTime: '3', TalkTime: '20', Reason: 'agent' }),
      frame('Hangup', { ...agent, Cause: '16' }),
      frame('Hangup', { ...caller, Cause: '16' }),
    ]);
    expect(completed).toEqual(['pbx-restart']);
    expect(ended.map((c) => c.endReason)).toEqual(['pbx-restart']);
    expect(ended[0]!.talkSeconds).toBe(20);
  });

  it('a waiting caller hung up by the shutdown did not abandon', () => {
    const { ended } = run([
      frame('Newchannel', caller),
      frame('QueueCallerJoin', { ...caller, Queue: 'q137', Position: '1', Count: '1' }),
      frame('SoftHangupRequest', { ...caller, Cause: '4' }),
      frame('QueueCallerAbandon', { ...caller, Queue: 'q137', Position: '1', OriginalPosition: '1', HoldTime: '9' }),
      frame('QueueCallerLeave', { ...caller, Queue: 'q137', Position: '1', Count: '0' }),
      frame('SoftHangupRequest', { ...caller, Cause: '16' }),
      frame('Hangup', { ...caller, Cause: '0' }),
    ]);
    expect(ended.map((c) => [c.endReason, c.waitSeconds])).toEqual([['pbx-restart', 9]]);
  });

  it('the dialplan ending a call (Cause 16) is no shutdown; Event: Shutdown ends what is left', () => {
    const abandoned = run([
      frame('Newchannel', caller),
      frame('QueueCallerJoin', { ...caller, Queue: 'q137', Position: '1', Count: '1' }),
      frame('HangupRequest', caller),
      frame('QueueCallerAbandon', { ...caller, Queue: 'q137', Position: '1', OriginalPosition: '1', HoldTime: '9' }),
      frame('SoftHangupRequest', { ...caller, Cause: '16' }),
      frame('Hangup', { ...caller, Cause: '0' }),
    ]);
    expect(abandoned.ended.map((c) => c.endReason)).toEqual(['abandoned']);

    const left = run([...talking, frame('Shutdown', { Shutdown: 'Uncleanly', Restart: 'True' })]);
    expect(left.ended.map((c) => c.endReason)).toEqual(['pbx-restart']);
    expect(left.tracker.active()).toEqual([]);
  });
});
