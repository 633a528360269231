import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { quietWindow } from '../../helpers/wait.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A caller to 137 answered by `ext` (a queue member); resolves once the agent is connected. */
async function answeredCall(ami: AmiTestClient, port: number, ext: string, from: string): Promise<void> {
  const before = ami.events('AgentConnect').length;
  await ctl(port, 'POST', '/calls', { from, to: '137' });
  await ami.waitEvent('AgentCalled', (m) => m.get('Interface') === `PJSIP/${ext}`);
  await ctl(port, 'POST', `/endpoints/${ext}/answer`);
  await ami.waitEvent('AgentConnect', () => ami.events('AgentConnect').length > before);
}

describe('emulated ChanSpy follows Asterisk: plain prefix match, E exits with the spied call', () => {
  it('PJSIP/1002- spies on 1002 only (not 10020), and with E the supervisor leg hangs up when the call ends', async () => {
    emu = await startTestEmulator({ endpoints: ['1001', '1002', '10020'] });
    const ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/10020', MemberName: 'Operator 10020' });
    await answeredCall(ami, emu.ariPort, '10020', '09120000001');
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1002', MemberName: 'Operator 1002' });
    await answeredCall(ami, emu.ariPort, '1002', '09120000002');

    await ami.action('Originate', {
      Channel: 'PJSIP/1001',
      Application: 'ChanSpy',
      Data: 'PJSIP/1002-,qE',
      Async: 'true',
    });
    const resp = await ami.waitEvent('OriginateResponse');
    const spyer = resp.get('Channel')!;
    const start = await ami.waitEvent('ChanSpyStart');
    expect(start.get('SpyeeChannel')).toMatch(/^PJSIP\/1002-[0-9a-f]{8}$/);
    expect(start.get('SpyerChannel')).toBe(spyer);

    await ctl(emu.ariPort, 'POST', '/endpoints/1002/hangup');
    const stop = await ami.waitEvent('ChanSpyStop');
    expect(stop.get('SpyeeChannel')).toBe(start.get('SpyeeChannel'));
    await ami.waitEvent('Hangup', (m) => m.get('Channel') === spyer);
    // The 10020 call is still up, and nobody spied on it.
    expect(ami.events('ChanSpyStart')).toHaveLength(1);
    ami.close();
  });

  it('without E ChanSpy keeps the supervisor leg and moves on to the next matching call', async () => {
    emu = await startTestEmulator();
    const ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1002', MemberName: 'Operator 1002' });
    await answeredCall(ami, emu.ariPort, '1002', '09120000003');
    await ami.action('Originate', {
      Channel: 'PJSIP/1001',
      Application: 'ChanSpy',
      Data: 'PJSIP/1002-,q',
      Async: 'true',
    });
    const spyer = (await ami.waitEvent('OriginateResponse')).get('Channel')!;
    await ami.waitEvent('ChanSpyStart');
    await ctl(emu.ariPort, 'POST', '/endpoints/1002/hangup');
    await ami.waitEvent('ChanSpyStop');
    // The spy leg must NOT hang up: a hang-up would follow ChanSpyStop at once; 200 ms for none to come.
    await quietWindow(200);
    expect(ami.events('Hangup').some((m) => m.get('Channel') === spyer)).toBe(false);
    ami.close();
  });
});
