import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { channelSequence, firstEvent, keys, loadRaw, privileges } from './transcript-tools.ts';

/**
 * The emulator against the real captures: for the queue part of a call, each channel must go
 * through the same events (VarSets by name included) and every event must carry the same
 * fields in the same order. Values (ids, times, names) are free to differ.
 */
let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ami?.close();
  await emu?.close();
  emu = ami = undefined;
});

// Long member timeouts where a test answers, so a slow machine never turns it into a no-answer.
const lin = { name: 'q137lin', strategy: 'linear' as const, timeoutSec: 300, retrySec: 1 };
const rr = { name: 'q137', strategy: 'rrmemory' as const, timeoutSec: 300, retrySec: 2 };

async function setup(queues: Array<typeof lin | typeof rr>, timeScale = 0.02): Promise<AmiTestClient> {
  emu = await startTestEmulator({ queues, endpoints: ['1001', '1002'], timeScale });
  ami = await AmiTestClient.login(emu.amiPort);
  for (const q of queues) {
    for (const ep of ['1001', '1002']) {
      await ami.action('QueueAdd', { Queue: q.name, Interface: `PJSIP/${ep}`, MemberName: `Operator ${ep}` });
    }
  }
  return ami;
}

async function call(): Promise<string> {
  const r = await ctl(emu!.ariPort, 'POST', '/calls', { from: '+15551230137', to: '137', name: 'Alice Caller' });
  return r.json.channelId as string;
}

function compareKeys(real: ReturnType<typeof loadRaw>, ours: ReturnType<typeof loadRaw>, events: string[]): void {
  for (const e of events) expect(keys(firstEvent(ours, e)), e).toEqual(keys(firstEvent(real, e)));
}

describe('emulator frames vs ami-queue-call.txt', () => {
  it('caller and agent legs go through the same events with the same fields', async () => {
    const real = loadRaw('ami-queue-call.server.raw');
    const client = await setup([lin, rr]);
    const callerId = await call();
    await client.waitEvent('AgentCalled');
    expect((await ctl(emu!.ariPort, 'POST', '/endpoints/1001/answer')).status).toBe(200);
    await client.waitEvent('AgentConnect');
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/hangup');
    await client.waitEvent('Hangup', (m) => m.get('Uniqueid') === callerId);
    // The CDR is posted after the channel is gone (as Asterisk's cdr engine does): on a busy
    // machine it may come a moment after the last Hangup.
    await client.waitEvent('Cdr');
    const ours = client.messages;

    const realCaller = firstEvent(real, 'QueueCallerJoin').get('Uniqueid')!;
    const realAgent = firstEvent(real, 'AgentConnect').get('DestUniqueid')!;
    const ourAgent = firstEvent(ours, 'AgentConnect').get('DestUniqueid')!;
    const window = ['Newexten:Queue', 'VarSet:QUEUESTATUS'] as const;
    expect(channelSequence(ours, callerId, ...window)).toEqual(channelSequence(real, realCaller, ...window));
    expect(channelSequence(ours, ourAgent)).toEqual(channelSequence(real, realAgent));

    compareKeys(real, ours, [
      'Newchannel',
      'VarSet',
      'Newexten',
      'Newstate',
      'QueueCallerJoin',
      'MusicOnHoldStart',
      'AgentCalled',
      'DialBegin',
      'NewConnectedLine',
      'DialState',
      'DeviceStateChange',
      'QueueMemberStatus',
      'DialEnd',
      'MusicOnHoldStop',
      'QueueCallerLeave',
      'AgentConnect',
      'BridgeCreate',
      'BridgeEnter',
      'HangupRequest',
      'AgentComplete',
      'BridgeLeave',
      'Hangup',
      'BridgeDestroy',
      'Cdr',
      'SoftHangupRequest',
      'FullyBooted',
      'SuccessfulAuth',
    ]);
    const realPriv = privileges(real);
    for (const [event, priv] of privileges(ours)) {
      if (realPriv.has(event)) expect(priv, event).toBe(realPriv.get(event));
    }
    // Every event but FullyBooted carries Timestamp (timestampevents = yes) as its third line.
    for (const m of ours.filter((x) => x.event && x.event !== 'FullyBooted')) expect(keys(m)[2]).toBe('Timestamp');

    // Identity rules a CTI server relies on.
    const connect = firstEvent(ours, 'AgentConnect');
    expect(connect.get('Uniqueid')).toMatch(/^\d{10}\.\d+$/);
    expect(connect.get('Channel')).toMatch(/^PJSIP\/trunk-[0-9a-f]{8}$/);
    expect(connect.get('DestChannel')).toMatch(/^PJSIP\/1001-[0-9a-f]{8}$/);
    expect(connect.get('DestLinkedid')).toBe(callerId);
    expect(connect.get('Interface')).toBe('PJSIP/1001');
    expect(connect.get('MemberName')).toBe('Operator 1001');
    const complete = firstEvent(ours, 'AgentComplete');
    expect(complete.get('Reason')).toBe('agent');
    const cdrs = ours.filter((m) => m.event === 'Cdr');
    expect(cdrs[0]?.get('DestinationChannel')).toBe(connect.get('DestChannel'));
    expect(cdrs[0]?.get('LastApplication')).toBe('Queue');
  });
});

describe('emulator frames vs ami-queue-ringnoanswer.txt', () => {
  it('rings the next member after AgentRingNoAnswer, NOANSWER then CANCEL', async () => {
    const real = loadRaw('ami-queue-ringnoanswer.server.raw');
    // 6 s member timeout at 0.1 = 600 ms: 1001 rings out, and there is time to answer 1002.
    const client = await setup([{ ...lin, name: 'q137', timeoutSec: 6 }], 0.1);
    const callerId = await call();
    await client.waitEvent('AgentCalled', (m) => m.get('Interface') === 'PJSIP/1002', 3000);
    await ctl(emu!.ariPort, 'POST', '/endpoints/1002/answer');
    await client.waitEvent('AgentConnect');
    await ctl(emu!.ariPort, 'POST', '/endpoints/1002/hangup');
    await client.waitEvent('VarSet', (m) => m.get('Variable') === 'QUEUESTATUS');
    const ours = client.messages;
    const realCaller = firstEvent(real, 'QueueCallerJoin').get('Uniqueid')!;
    const window = ['Newexten:Queue', 'VarSet:QUEUESTATUS'] as const;
    expect(channelSequence(ours, callerId, ...window)).toEqual(channelSequence(real, realCaller, ...window));
    compareKeys(real, ours, ['AgentRingNoAnswer', 'AgentCalled', 'DialEnd']);
    const rna = firstEvent(ours, 'AgentRingNoAnswer');
    expect(rna.get('Interface')).toBe('PJSIP/1001');
    expect(Number(rna.get('RingTime'))).toBeGreaterThanOrEqual(5000); // ms, emulated: timeout 6 s
    const realAgentHangup = firstEvent(real, 'Hangup', (m) => m.get('Channel')!.includes('agent1001'));
    const ourAgentHangup = firstEvent(ours, 'Hangup', (m) => m.get('Channel')!.startsWith('PJSIP/1001-'));
    expect(ourAgentHangup.get('Cause')).toBe(realAgentHangup.get('Cause'));
  });
});

describe('emulator frames vs ami-queue-abandon.txt', () => {
  it('QueueStatus with a waiting caller and the abandon sequence', async () => {
    const real = loadRaw('ami-queue-abandon.server.raw');
    const client = await setup([rr]);
    for (const ep of ['1001', '1002']) {
      await client.action('QueuePause', { Queue: 'q137', Interface: `PJSIP/${ep}`, Paused: 'true', Reason: 'break' });
    }
    const callerId = await call();
    await client.waitEvent('QueueCallerJoin');
    const status = await client.list('QueueStatus', { Queue: 'q137' });
    const realStatusId = firstEvent(real, 'QueueParams').actionId;
    const realItems = real.filter((m) => m.actionId === realStatusId && m.event);
    expect(status.items.map((m) => m.event)).toEqual(realItems.map((m) => m.event));
    for (const [i, m] of status.items.entries()) expect(keys(m), m.event).toEqual(keys(realItems[i]!));
    expect(keys(status.response)).toEqual(keys(real.find((m) => m.actionId === realStatusId && m.response)!));

    await ctl(emu!.ariPort, 'POST', `/channels/${callerId}/hangup`);
    await client.waitEvent('Hangup', (m) => m.get('Uniqueid') === callerId);
    const ours = client.messages;
    const realCaller = firstEvent(real, 'QueueCallerJoin').get('Uniqueid')!;
    expect(channelSequence(ours, callerId, 'Newexten:Queue')).toEqual(
      channelSequence(real, realCaller, 'Newexten:Queue'),
    );
    compareKeys(real, ours, ['QueueCallerAbandon', 'QueueMemberPause', 'QueueCallerLeave', 'Cdr', 'Hangup']);
    expect(firstEvent(ours, 'Hangup', (m) => m.get('Uniqueid') === callerId).get('Cause')).toBe('0');
  });
});
