import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { AriTestClient, ari, chan, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';

let emu: Emulator | undefined;
let ws: AriTestClient | undefined;
afterEach(async () => {
  ws?.close();
  await emu?.close();
  emu = ws = undefined;
});

async function inWelcome(): Promise<string> {
  emu = await startTestEmulator();
  ws = await AriTestClient.connect(emu.ariPort);
  const { json } = await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
  await ws.waitEvent('StasisStart');
  return json.channelId as string;
}

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const s = new WebSocket(url);
    s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    s.on('open', () => (s.close(), resolve(101)));
    s.on('error', () => undefined);
  });
}

describe('ARI in Stasis', () => {
  it('plays one playback at a time, in order, and DELETE /playbacks stops one', async () => {
    const id = await inWelcome();
    const p = emu!.ariPort;
    await ari(p, 'POST', `/ari/channels/${id}/answer`);
    const a = (await ari(p, 'POST', `/ari/channels/${id}/play/a?media=sound:hello-world`)).json as { id: string };
    const b = (await ari(p, 'POST', `/ari/channels/${id}/play/b?media=tone:ring`)).json as { id: string };
    await ws!.waitEvent('PlaybackFinished', (e) => (e.playback as { id: string }).id === a.id);
    await ws!.waitEvent('PlaybackStarted', (e) => (e.playback as { id: string }).id === b.id);
    const order = ws!.events
      .filter((e) => e.type.startsWith('Playback'))
      .map((e) => `${e.type}:${(e.playback as { id: string }).id}`);
    expect(order).toEqual(['PlaybackStarted:a', 'PlaybackFinished:a', 'PlaybackStarted:b']);
    expect((await ari(p, 'GET', '/ari/playbacks/b')).json).toMatchObject({ id: 'b', state: 'playing' });
    expect((await ari(p, 'DELETE', '/ari/playbacks/b')).status).toBe(204);
    const fin = await ws!.waitEvent('PlaybackFinished', (e) => (e.playback as { id: string }).id === 'b');
    expect((fin.playback as { state: string }).state).toBe('done');
    expect((await ari(p, 'DELETE', '/ari/playbacks/b')).json).toEqual({ message: 'Playback not found' });
  });

  it('a subscribed caller hanging up in Stasis: cause 16, StasisEnd, STASISSTATUS, soft 16, ChannelDestroyed', async () => {
    const id = await inWelcome();
    const p = emu!.ariPort;
    const sub = await ari(p, 'POST', `/ari/applications/cti137/subscription?eventSource=channel:${id}`);
    expect(sub.json).toMatchObject({ name: 'cti137', channel_ids: [id] });
    await ctl(p, 'POST', `/channels/${id}/hangup`);
    await ws!.waitEvent('ChannelDestroyed');
    const tail = ws!.events.filter((e) =>
      ['ChannelHangupRequest', 'StasisEnd', 'ChannelVarset', 'ChannelDestroyed'].includes(e.type),
    );
    expect(tail.map((e) => [e.type, e.cause ?? e.variable ?? '', e.soft ?? ''])).toEqual([
      ['ChannelHangupRequest', 16, ''],
      ['StasisEnd', '', ''],
      ['ChannelVarset', 'STASISSTATUS', ''],
      ['ChannelHangupRequest', 16, true],
      ['ChannelDestroyed', 16, ''],
    ]);
  });

  it('refuses control of channels outside Stasis, unknown variables, bad sockets', async () => {
    const id = await inWelcome();
    const p = emu!.ariPort;
    expect((await ari(p, 'GET', `/ari/channels/${id}/variable?variable=NOPE`)).json).toEqual({
      message: 'Provided variable was not found',
    });
    expect((await ari(p, 'GET', `/ari/channels/${id}/variable`)).status).toBe(400);
    expect((await ari(p, 'POST', `/ari/channels/${id}/play`)).status).toBe(400);
    expect((await ari(p, 'DELETE', `/ari/channels/${id}?reason=whatever`)).status).toBe(400);
    expect((await ari(p, 'POST', `/ari/channels/${id}/continue`)).status).toBe(204);
    await ws!.waitEvent('StasisEnd');
    expect(await ari(p, 'POST', `/ari/channels/${id}/answer`)).toEqual({
      status: 409,
      json: { message: 'Channel not in Stasis application' },
    });
    expect((await ari(p, 'POST', `/ari/applications/cti137/subscription?eventSource=channel:999.9`)).status).toBe(422);
    expect((await ari(p, 'GET', '/ari/applications/nope')).status).toBe(404);
    expect(await upgradeStatus(`ws://127.0.0.1:${p}/ari/events?app=cti137`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${p}/ari/events?api_key=cti:cti137ari`)).toBe(400);
    // The channel goes on to Answer() and Queue(), and ARI can still hang it up.
    await waitFor(
      async () =>
        ((await ari(p, 'GET', `/ari/channels/${id}`)).json as { dialplan: { app_name: string } }).dialplan.app_name ===
        'Queue',
      5000,
      'the channel in Queue()',
    );
    expect((await ari(p, 'GET', `/ari/channels/${id}`)).json).toMatchObject({
      id,
      state: 'Up',
      dialplan: { app_name: 'Queue' },
    });
    expect((await ari(p, 'DELETE', `/ari/channels/${id}`)).status).toBe(204);
    expect((await ari(p, 'GET', `/ari/channels/${id}`)).status).toBe(404);
  });

  it('a second socket for the same app takes over its events', async () => {
    emu = await startTestEmulator();
    const first = await AriTestClient.connect(emu.ariPort);
    ws = await AriTestClient.connect(emu.ariPort);
    await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    const start = await ws.waitEvent('StasisStart');
    expect(chan(start).name).toBe('PJSIP/trunk-00000000');
    // Asterisk's app_update tells the socket it replaced (and sends it nothing more).
    expect(first.events.map((e) => e.type)).toEqual(['ApplicationReplaced']);
    first.close();
  });
});
