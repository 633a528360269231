import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { quietWindow } from '../../helpers/wait.ts';
import { AmiTestClient, AriTestClient, ari, chan, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';

let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
let ws: AriTestClient | undefined;
afterEach(async () => {
  ami?.close();
  ws?.close();
  await emu?.close();
  emu = ami = ws = undefined;
});

describe('a full 137 call over AMI + ARI, driven through the control API', () => {
  it('welcome → continue → ring → answer → operator hangs up → survey → DTMF', async () => {
    emu = await startTestEmulator();
    const p = emu.ariPort;
    ami = await AmiTestClient.login(emu.amiPort);
    ws = await AriTestClient.connect(p);
    expect(
      (
        await ami.action('QueueAdd', {
          Queue: 'q137',
          Interface: 'PJSIP/1001',
          MemberName: 'Operator 1001',
          StateInterface: 'PJSIP/1001',
        })
      ).response,
    ).toBe('Success');
    await ami.waitEvent(
      'QueueMemberAdded',
      (m) => m.get('Interface') === 'PJSIP/1001' && m.get('Membership') === 'dynamic',
    );

    const call = await ctl(p, 'POST', '/calls', { from: '09121234567', to: '137' });
    expect(call.status).toBe(200);
    const { channelId, linkedid } = call.json as { channelId: string; linkedid: string };
    expect(linkedid).toBe(channelId);

    const welcome = await ws.waitEvent('StasisStart');
    expect(welcome.args).toEqual(['welcome']);
    expect(chan(welcome).id).toBe(channelId);
    expect(chan(welcome).state).toBe('Ring');
    expect(chan(welcome).name).toBe('PJSIP/trunk-00000000');
    const newchan = await ami.waitEvent('Newchannel');
    expect(newchan.get('CallerIDNum')).toBe('09121234567');
    expect(newchan.get('Uniqueid')).toBe(channelId);

    expect((await ari(p, 'POST', `/ari/channels/${channelId}/answer`)).status).toBe(204);
    await ws.waitEvent('ChannelStateChange', (e) => chan(e).state === 'Up');
    await ami.waitEvent('Newstate', (m) => m.get('ChannelStateDesc') === 'Up');
    const play = await ari(p, 'POST', `/ari/channels/${channelId}/play?media=sound:hello-world`);
    expect(play.status).toBe(201);
    await ws.waitEvent('PlaybackFinished');
    await ctl(p, 'POST', `/channels/${channelId}/dtmf`, { digits: '1' });
    const dtmf1 = await ws.waitEvent('ChannelDtmfReceived');
    expect(dtmf1.digit).toBe('1');
    expect(
      (await ari(p, 'POST', `/ari/channels/${channelId}/variable`, { variable: 'QUEUE_PRIO', value: '5' })).status,
    ).toBe(204);
    expect((await ari(p, 'GET', `/ari/channels/${channelId}/variable?variable=QUEUE_PRIO`)).json).toEqual({
      value: '5',
    });
    expect((await ari(p, 'POST', `/ari/channels/${channelId}/continue`)).status).toBe(204);
    await ws.waitEvent('StasisEnd');

    const called = await ami.waitEvent('AgentCalled');
    expect(called.get('Interface')).toBe('PJSIP/1001');
    expect(called.get('DestLinkedid')).toBe(channelId);
    await ami.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '6');
    // Answering a phone that does not ring is refused.
    expect((await ctl(p, 'POST', '/endpoints/1002/answer')).status).toBe(409);
    expect((await ctl(p, 'POST', '/endpoints/1001/answer')).status).toBe(200);
    const connect = await ami.waitEvent('AgentConnect');
    expect(connect.get('MemberName')).toBe('Operator 1001');
    await ami.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '2' && m.get('InCall') === '1');
    await ami.waitEvent('BridgeEnter', (m) => m.get('BridgeNumChannels') === '2');
    const bridges = (await ari(p, 'GET', '/ari/bridges')).json as Array<{ channels: string[] }>;
    expect(bridges[0]?.channels).toContain(channelId);

    expect((await ctl(p, 'POST', '/endpoints/1001/hangup')).status).toBe(200);
    const complete = await ami.waitEvent('AgentComplete');
    expect(complete.get('Reason')).toBe('agent');
    const survey = await ws.waitEvent('StasisStart', (e) => (e.args as string[])[0] === 'survey');
    expect(survey.args).toEqual(['survey', 'PJSIP/1001', 'Operator 1001']);
    expect(chan(survey).state).toBe('Up');
    expect((await ari(p, 'GET', `/ari/channels/${channelId}/variable?variable=MEMBERINTERFACE`)).json).toEqual({
      value: 'PJSIP/1001',
    });
    await ami.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '1' && m.get('CallsTaken') === '1');

    await ctl(p, 'POST', `/channels/${channelId}/dtmf`, { digits: '4' });
    const dtmf = await ws.waitEvent('ChannelDtmfReceived', (e) => e.digit === '4');
    expect(dtmf.duration_ms).toBe(280);
    const end = await ami.waitEvent('DTMFEnd', (m) => m.get('Digit') === '4');
    expect(end.get('Direction')).toBe('Received');
    expect(ami.events('DTMFBegin').filter((m) => m.get('Digit') === '4')).toHaveLength(1);

    expect((await ari(p, 'DELETE', `/ari/channels/${channelId}?reason=normal`)).status).toBe(204);
    const req = await ws.waitEvent('ChannelHangupRequest');
    expect(req).toMatchObject({ cause: 32, soft: true });
    await ws.waitEvent(
      'StasisEnd',
      (e) => chan(e).id === channelId && ws!.events.indexOf(e) > ws!.events.indexOf(survey),
    );
    const hangup = await ami.waitEvent('Hangup', (m) => m.get('Uniqueid') === channelId);
    expect(hangup.get('Cause')).toBe('16');
    await ami.waitEvent('Cdr');
    // Not subscribed: no ChannelDestroyed (it would follow the Hangup at once; the window is for it not to come).
    await quietWindow(30);
    expect(ws.events.some((e) => e.type === 'ChannelDestroyed')).toBe(false);

    const actions = (await ctl(p, 'GET', '/actions')).json as unknown as Array<{
      proto: string;
      action: string;
      fields: Record<string, string | string[]>;
      method: string;
      path: string;
      query: Record<string, string>;
    }>;
    const queueAdd = actions.find((a) => a.proto === 'ami' && a.action === 'QueueAdd');
    expect(queueAdd?.fields).toMatchObject({ Queue: 'q137', Interface: 'PJSIP/1001', MemberName: 'Operator 1001' });
    expect(actions.find((a) => a.proto === 'ami' && a.action === 'Login')?.fields.Secret).toBe('***');
    const paths = actions.filter((a) => a.proto === 'ari').map((a) => `${a.method} ${a.path}`);
    expect(paths).toContain(`POST /ari/channels/${channelId}/answer`);
    expect(paths).toContain(`POST /ari/channels/${channelId}/continue`);
    expect(actions.find((a) => a.path === `/ari/channels/${channelId}/play`)?.query).toEqual({
      media: 'sound:hello-world',
    });
    expect(actions.find((a) => a.method === 'DELETE')?.query).toEqual({ reason: 'normal' });
    // Newest last; the control API's own requests are not recorded.
    expect(actions.at(-1)).toMatchObject({ proto: 'ari', method: 'DELETE', path: `/ari/channels/${channelId}` });
  });

  it('without an ARI app, Stasis fails (STASISSTATUS=FAILED) and the call still queues', async () => {
    emu = await startTestEmulator();
    ami = await AmiTestClient.login(emu.amiPort);
    const { json } = await ctl(emu.ariPort, 'POST', '/calls', { from: '02188776655', to: '137' });
    await ami.waitEvent('VarSet', (m) => m.get('Variable') === 'STASISSTATUS' && m.get('Value') === 'FAILED');
    const join = await ami.waitEvent('QueueCallerJoin');
    expect(join.get('Uniqueid')).toBe(json.channelId);
    expect(join.get('Queue')).toBe('q137');
    const status = await ami.list('QueueStatus', { Queue: 'q137' });
    const entry = status.items.find((m) => m.event === 'QueueEntry');
    expect(entry?.get('Channel')).toBe('PJSIP/trunk-00000000');
    expect(entry?.get('CallerIDNum')).toBe('02188776655');
  });

  it('the caller hanging up in the bridge gives AgentComplete Reason caller and both legs hang up', async () => {
    emu = await startTestEmulator();
    ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1002', MemberName: 'Operator 1002' });
    const { json } = await ctl(emu.ariPort, 'POST', '/calls', { from: '09351112233', to: '137' });
    await ami.waitEvent('AgentCalled');
    await ctl(emu.ariPort, 'POST', '/endpoints/1002/answer');
    await ami.waitEvent('AgentConnect');
    await ctl(emu.ariPort, 'POST', `/channels/${json.channelId}/hangup`);
    const complete = await ami.waitEvent('AgentComplete');
    expect(complete.get('Reason')).toBe('caller');
    await ami.waitEvent('Hangup', (m) => m.get('Channel')!.startsWith('PJSIP/1002-'));
    await ami.waitEvent('Hangup', (m) => m.get('Uniqueid') === json.channelId);
    await ami.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '1' && m.get('CallsTaken') === '1');
    expect((await ctl(emu.ariPort, 'GET', '/state')).json.channels).toEqual([]);
  });
});
