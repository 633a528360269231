import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AriTestClient, ari, chan, ctl, startTestEmulator, type AriEvent } from '../../helpers/emulator-clients.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

/**
 * What Asterisk 22 does with the callers of a Stasis app whose WebSocket closed, and when another
 * client registers the same app name (res_stasis.c stasis_app_unregister/__stasis_app_register,
 * app.c app_deactivate/app_update/app_send, ari_websockets.c session_cleanup): the callers stay in
 * Stasis, the gap's events are dropped, the new socket gets their later events with no StasisStart
 * repeated, and subscriptions belong to the app, not to the socket.
 */
let emu: Emulator | undefined;
const clients: AriTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await emu?.close();
  emu = undefined;
});

async function client(): Promise<AriTestClient> {
  const c = await AriTestClient.connect(emu!.ariPort);
  clients.push(c);
  return c;
}

async function call(ws: AriTestClient, from: string): Promise<string> {
  const { json } = await ctl(emu!.ariPort, 'POST', '/calls', { from, to: '137' });
  await ws.waitEvent('StasisStart', (e) => chan(e).id === json.channelId);
  return json.channelId;
}

const activeApps = async (): Promise<string[]> =>
  ((await ctl<{ apps: string[] }>(emu!.ariPort, 'GET', '/state')).json as { apps: string[] }).apps;

const about = (id: string) => (e: AriEvent) =>
  chan(e)?.id === id || (e.playback as { target_uri?: string } | undefined)?.target_uri === `channel:${id}`;

describe('a Stasis app whose socket closed, registered again by another client', () => {
  it('keeps its callers in Stasis, drops the gap, and hands later events to the new client', async () => {
    emu = await startTestEmulator();
    const p = emu.ariPort;
    const a = await client();
    const stays = await call(a, '09121110001');
    const leaves = await call(a, '09121110002');
    // As cti137 does: without it no ChannelDestroyed after StasisEnd.
    expect((await ari(p, 'POST', `/ari/applications/cti137/subscription?eventSource=channel:${stays}`)).status).toBe(
      200,
    );
    await ari(p, 'POST', `/ari/channels/${stays}/answer`);
    expect((await ari(p, 'POST', `/ari/channels/${stays}/play/pb-gap?media=sound:cti137/menu`)).status).toBe(201);
    await a.waitEvent('PlaybackStarted');

    // Client A dies without a word (kill -9): the app is deactivated, its callers are not.
    a.ws.terminate();
    await waitFor(async () => (await activeApps()).length === 0, 5000, 'app deactivated');
    await ctl(p, 'POST', `/channels/${stays}/dtmf`, { digits: '5' });
    await ctl(p, 'POST', `/channels/${leaves}/hangup`);
    // Stasis() with the app inactive fails and the dialplan goes on (to the queue).
    const late = (await ctl(p, 'POST', '/calls', { from: '09121110003', to: '137' })).json.channelId;
    // The playback goes on and ends unheard; the digit's 0.5 s has passed by then too.
    await waitFor(async () => (await ari(p, 'GET', '/ari/playbacks/pb-gap')).status === 404, 5000, 'playback over');
    const inApp = (await ari(p, 'GET', '/ari/applications/cti137')).json as { channel_ids: string[] };
    expect(inApp.channel_ids).toEqual([stays]);
    const channels = (await ari(p, 'GET', '/ari/channels')).json as Array<{
      id: string;
      dialplan: { app_name: string; app_data: string };
    }>;
    expect(channels.find((c) => c.id === stays)?.dialplan).toMatchObject({
      app_name: 'Stasis',
      app_data: 'cti137,welcome',
    });
    expect(channels.some((c) => c.id === leaves)).toBe(false);
    expect(channels.find((c) => c.id === late)?.dialplan.app_name).not.toBe('Stasis');

    // Client B, another connection (another process in production), registers the same app.
    const b = await client();
    await waitFor(async () => (await activeApps()).includes('cti137'), 5000, 'app active again');
    // Nothing of the gap arrives, and no StasisStart: B learns its callers from GET /channels.
    await quietWindow(300); // the gap's digit and playback end were due long before; 300 ms is ample
    expect(b.events).toEqual([]);
    await ctl(p, 'POST', `/channels/${stays}/dtmf`, { digits: '7' });
    const digit = await b.waitEvent('ChannelDtmfReceived', about(stays));
    expect(digit.digit).toBe('7');
    expect((await ari(p, 'POST', `/ari/channels/${stays}/play/pb-b?media=sound:cti137/menu`)).status).toBe(201);
    await b.waitEvent('PlaybackFinished', about(stays));
    // A's subscription outlived A's socket: B hears the caller's end to the last event.
    await ctl(p, 'POST', `/channels/${stays}/hangup`);
    await b.waitEvent('ChannelDestroyed', about(stays));
    const seen = b.events.filter(about(stays)).filter((e) => e.type !== 'ChannelVarset');
    expect(seen.map((e) => e.type)).toEqual([
      'ChannelDtmfReceived',
      'PlaybackStarted',
      'PlaybackFinished',
      'ChannelHangupRequest',
      'StasisEnd',
      'ChannelHangupRequest',
      'ChannelDestroyed',
    ]);
    expect(b.events.some(about(leaves)) || b.events.some(about(late))).toBe(false);
  });

  it('registered while the old socket is still open: ApplicationReplaced to it, and its close later changes nothing', async () => {
    emu = await startTestEmulator();
    const a = await client();
    const b = await client();
    const replaced = await a.waitEvent('ApplicationReplaced');
    expect(replaced).toMatchObject({ type: 'ApplicationReplaced', application: 'cti137' });
    a.ws.terminate();
    await waitFor(() => a.closed, 5000, 'old socket closed');
    await call(b, '09121110004');
    expect((await activeApps()).includes('cti137')).toBe(true);
    expect(a.events.map((e) => e.type)).toEqual(['ApplicationReplaced']);
  });

  it('an app with no callers and no subscriptions is gone once its socket closes', async () => {
    emu = await startTestEmulator();
    const a = await client();
    a.ws.terminate();
    await waitFor(async () => (await activeApps()).length === 0, 5000, 'app deactivated');
    expect((await ari(emu.ariPort, 'GET', '/ari/applications/cti137')).status).toBe(404);
    expect((await ari(emu.ariPort, 'GET', '/ari/applications')).json).toEqual([]);
  });
});
