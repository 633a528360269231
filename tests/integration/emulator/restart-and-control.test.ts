import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, AriTestClient, ari, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Polls an async condition for up to 2 s: whether it came true. */
const eventually = (fn: () => Promise<boolean>) => waitFor(fn, 2000, 'condition').catch(() => false);

describe('restart, reset and the control API', () => {
  it('restart drops AMI and ARI connections, refuses while down, then accepts again with fresh ids', async () => {
    emu = await startTestEmulator();
    const ami = await AmiTestClient.login(emu.amiPort);
    const ws = await AriTestClient.connect(emu.ariPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001' });
    await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    const core1 = await ami.action('CoreStatus');
    const restarting = emu.restart(300);
    await waitFor(() => ami.closed && ws.closed, 5000, 'connections dropped');
    expect(await canConnect(emu.amiPort)).toBe(false);
    expect(await canConnect(emu.ariPort)).toBe(false);
    await restarting;
    const again = await AmiTestClient.login(emu.amiPort);
    // A new boot, as a real Asterisk tells it: a later CoreStartupTime (whole seconds) and a
    // FullyBooted whose Uptime starts again from 0.
    const core2 = await again.action('CoreStatus');
    const startup = (m: typeof core2) => `${m.get('CoreStartupDate')}T${m.get('CoreStartupTime')}Z`;
    expect(Date.parse(startup(core2))).toBeGreaterThan(Date.parse(startup(core1)));
    expect(core2.get('CoreReloadTime')).toBe(core2.get('CoreStartupTime'));
    expect(Number((await again.waitEvent('FullyBooted')).get('Uptime'))).toBeLessThanOrEqual(1);
    const { items } = await again.list('QueueStatus', { Queue: 'q137' });
    expect(items.filter((m) => m.event === 'QueueMember' || m.event === 'QueueEntry')).toEqual([]);
    const call = await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    expect(call.json.channelId).toMatch(/\.0$/);
    again.close();
  });

  it('POST /_emulator/restart answers first, then restarts', async () => {
    emu = await startTestEmulator();
    const r = await ctl(emu.ariPort, 'POST', '/restart', { downMs: 300 });
    expect(r.status).toBe(202);
    expect(await eventually(async () => !(await canConnect(emu!.amiPort)))).toBe(true);
    expect(await eventually(() => canConnect(emu!.amiPort))).toBe(true);
    expect((await ari(emu.ariPort, 'GET', '/ari/asterisk/ping')).status).toBe(200);
  });

  it('reset hangs up silently, clears actions, members and ids; connections stay', async () => {
    emu = await startTestEmulator();
    const ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001' });
    await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    await ami.waitEvent('AgentCalled');
    const before = ami.messages.length;
    expect((await ctl(emu.ariPort, 'POST', '/reset')).status).toBe(200);
    expect((await ctl(emu.ariPort, 'GET', '/actions')).json).toEqual([]);
    const state = (await ctl(emu.ariPort, 'GET', '/state')).json;
    expect(state.channels).toEqual([]);
    expect(state.queues[0]!.members).toEqual([]);
    // Silently: no Hangup may follow (the reset ends calls at once; 50 ms is for one not to come).
    await quietWindow(50);
    expect(ami.messages.slice(before).filter((m) => m.event === 'Hangup')).toEqual([]);
    expect((await ami.action('Ping')).get('Ping')).toBe('Pong');
    const call = await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    expect(call.json.channelId).toMatch(/\.0$/);
    ami.close();
  });

  it('validates input: bad JSON 400, unknown ids 404, DTMF digits, numbers', async () => {
    emu = await startTestEmulator();
    const p = emu.ariPort;
    expect(await ctl(p, 'POST', '/calls', '{nope')).toEqual({ status: 400, json: { message: 'Invalid JSON body' } });
    expect((await ctl(p, 'POST', '/calls', { from: 'x;rm', to: '137' })).status).toBe(400);
    expect((await ctl(p, 'POST', '/calls', { from: '0912', to: '999' })).status).toBe(400);
    expect((await ctl(p, 'POST', '/channels/123.4/hangup')).status).toBe(404);
    expect((await ctl(p, 'POST', '/channels/123.4/dtmf', { digits: '1' })).json.message).toMatch(/123\.4/);
    expect((await ctl(p, 'POST', '/endpoints/9999/answer')).status).toBe(404);
    expect((await ctl(p, 'GET', '/nope')).status).toBe(404);
    const { json } = await ctl(p, 'POST', '/calls', { from: 'anonymous', to: '137' });
    const bad = await ctl(p, 'POST', `/channels/${json.channelId}/dtmf`, { digits: '1x' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/0-9, \*, #, A-D/);
    expect((await ctl(p, 'POST', `/channels/${json.channelId}/dtmf`, { digits: '*#A' })).status).toBe(200);
    const st = (await ctl(p, 'GET', '/state')).json;
    expect(st.channels[0]!.caller).toEqual({ number: 'anonymous', name: 'Anonymous' });
  });

  it('Originate of a supervisor phone: queued, rings, auto-answers, OriginateResponse, ChanSpyStart', async () => {
    emu = await startTestEmulator();
    const ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1002', MemberName: 'Operator 1002' });
    await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    await ami.waitEvent('AgentCalled');
    await ctl(emu.ariPort, 'POST', '/endpoints/1002/answer');
    await ami.waitEvent('AgentConnect');
    const r = await ami.action('Originate', {
      Channel: 'PJSIP/1001',
      Application: 'ChanSpy',
      Data: 'PJSIP/1002,qw',
      CallerID: '"Supervisor" <1001>',
      Async: 'true',
    });
    expect(r.get('Message')).toBe('Originate successfully queued');
    const resp = await ami.waitEvent('OriginateResponse');
    expect(resp.fields.slice(0, 4).map(([k]) => k)).toEqual(['Event', 'Privilege', 'Timestamp', 'ActionID']);
    expect([resp.get('Response'), resp.get('Reason')]).toEqual(['Success', '4']);
    expect(resp.get('Channel')).toMatch(/^PJSIP\/1001-[0-9a-f]{8}$/);
    const spy = await ami.waitEvent('ChanSpyStart');
    expect(spy.get('SpyeeChannel')).toMatch(/^PJSIP\/1002-/);
    await ctl(emu.ariPort, 'POST', '/endpoints/1001/hangup');
    await ami.waitEvent('ChanSpyStop');
    const bad = await ami.action('Originate', {
      Channel: 'PJSIP/7777',
      Application: 'ChanSpy',
      Data: 'PJSIP/1002',
      Async: 'true',
    });
    expect(bad.response).toBe('Success');
    const fail = await ami.waitEvent('OriginateResponse', (m) => m.get('Response') === 'Failure');
    expect(fail.get('Reason')).toBe('0');
    ami.close();
  });
});
