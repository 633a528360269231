import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { quietWindow } from '../../helpers/wait.ts';
import { firstEvent, keys, loadRaw } from '../../unit/emulator/transcript-tools.ts';

/**
 * app_queue's pauses as a CTI relies on them (checked against apps/app_queue.c of 22.10.1 and the
 * ami-actions capture): QueueAdd keeps its Reason (add_to_queue), a paused member is never rung
 * (can_ring_entry) — also one paused while still in a call — and a member that is free and not
 * paused is rung as soon as a waiting caller's pass runs.
 */
let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ami?.close();
  await emu?.close();
  emu = ami = undefined;
});

const IFACE = 'PJSIP/1001';
const ofMember = (m: AmiMessage) => m.get('Interface') === IFACE || m.get('Location') === IFACE;

async function setup(): Promise<AmiTestClient> {
  emu = await startTestEmulator();
  ami = await AmiTestClient.login(emu.amiPort);
  return ami;
}

const call = async (from: string) =>
  (await ctl(emu!.ariPort, 'POST', '/calls', { from, to: '137' })).json.channelId as string;

describe('queue members paused and unpaused', () => {
  it('QueueAdd with Paused and Reason: QueueMemberAdded and QueueStatus carry PausedReason', async () => {
    const c = await setup();
    const real = loadRaw('ami-actions.server.raw');
    const ok = await c.action('QueueAdd', {
      Queue: 'q137',
      Interface: IFACE,
      MemberName: 'Operator 1001',
      StateInterface: IFACE,
      Paused: 'true',
      Reason: 'break',
    });
    expect(ok.get('Message')).toBe('Added interface to queue');
    const added = await c.waitEvent('QueueMemberAdded', ofMember);
    expect(keys(added)).toEqual(keys(firstEvent(real, 'QueueMemberAdded')));
    expect([added.get('Paused'), added.get('PausedReason'), added.get('Membership')]).toEqual([
      '1',
      'break',
      'dynamic',
    ]);
    expect(Number(added.get('LastPause'))).toBeGreaterThan(0);
    const { items } = await c.list('QueueStatus', { Queue: 'q137' });
    const listed = items.find((m) => m.event === 'QueueMember' && ofMember(m))!;
    expect([listed.get('Paused'), listed.get('PausedReason')]).toEqual(['1', 'break']);

    // A pause without a reason clears the old one; an unpause with a reason shows it once, then none.
    await c.action('QueuePause', { Interface: IFACE, Paused: 'true' });
    await c.action('QueuePause', { Interface: IFACE, Paused: 'false', Reason: 'back' });
    const pauses = c.events('QueueMemberPause').filter(ofMember);
    expect(pauses.map((m) => [m.get('Paused'), m.get('PausedReason')])).toEqual([
      ['1', ''],
      ['0', 'back'],
    ]);
    expect(keys(pauses[0]!)).toEqual(keys(firstEvent(real, 'QueueMemberPause')));
    const after = (await c.list('QueueStatus', { Queue: 'q137' })).items.find(
      (m) => m.event === 'QueueMember' && ofMember(m),
    )!;
    expect([after.get('Paused'), after.get('PausedReason')]).toEqual(['0', '']);
  });

  it('a member paused during its call is not rung when it hangs up, though callers wait; unpaused, it is', async () => {
    const c = await setup();
    await c.action('QueueAdd', { Queue: 'q137', Interface: IFACE, MemberName: 'Operator 1001' });
    const a = await call('09120000001');
    await c.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === a);
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/answer');
    await c.waitEvent('AgentConnect', (m) => m.get('Uniqueid') === a);
    const b = await call('09120000002');
    await c.waitEvent('QueueCallerJoin', (m) => m.get('Uniqueid') === b);
    // Paused while the call is up (the CTI's wrap-up pause at the answer).
    await c.action('QueuePause', { Interface: IFACE, Paused: 'true', Reason: 'wrap-up' });
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/hangup');
    await c.waitEvent('AgentComplete', (m) => m.get('Uniqueid') === a);
    await c.waitEvent('QueueMemberStatus', (m) => ofMember(m) && m.get('Status') === '1');
    // Ten of q137's retry periods (2 s emulated = 100 ms real each): B's passes run and skip the member.
    await quietWindow(1000);
    expect(c.events('AgentCalled').filter((m) => m.get('Uniqueid') === b)).toEqual([]);

    await c.action('QueuePause', { Interface: IFACE, Paused: 'false' });
    const rung = await c.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === b);
    expect(rung.get('Interface')).toBe(IFACE);
    const unpausedAt = c.messages.findIndex((m) => m.event === 'QueueMemberPause' && m.get('Paused') === '0');
    expect(unpausedAt).toBeGreaterThan(-1);
    expect(c.messages.indexOf(rung)).toBeGreaterThan(unpausedAt);
  });

  it('a member free and not paused is rung for a waiting caller once its call ends, with nothing else asked', async () => {
    const c = await setup();
    await c.action('QueueAdd', { Queue: 'q137', Interface: IFACE, MemberName: 'Operator 1001' });
    const a = await call('09120000003');
    await c.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === a);
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/answer');
    await c.waitEvent('AgentConnect', (m) => m.get('Uniqueid') === a);
    const b = await call('09120000004');
    await c.waitEvent('QueueCallerJoin', (m) => m.get('Uniqueid') === b);
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/hangup');
    const rung = await c.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === b);
    const done = c.messages.findIndex((m) => m.event === 'AgentComplete' && m.get('Uniqueid') === a);
    // Nothing paused it: the next thing the queue does with the member is to ring it.
    const between = c.messages.slice(done, c.messages.indexOf(rung)).filter((m) => m.event === 'QueueMemberPause');
    expect(between).toEqual([]);
    expect(c.messages.indexOf(rung)).toBeGreaterThan(done);
  });
});
