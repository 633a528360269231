import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AriTestClient, ari, chan, ctl, startTestEmulator, type AriEvent } from '../../helpers/emulator-clients.ts';
import { loadJsonl } from './transcript-tools.ts';

/** Key order of an object and of its nested objects, as a flat list of paths. */
function shape(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [
    `${prefix}${k}`,
    ...shape(x, `${prefix}${k}.`),
  ]);
}

function realEvent(
  events: Array<Record<string, unknown>>,
  type: string,
  pred: (e: Record<string, unknown>) => boolean = () => true,
) {
  const e = events.find((x) => x.type === type && pred(x));
  if (!e) throw new Error(`no ${type} in fixture`);
  return e;
}

let emu: Emulator | undefined;
let ws: AriTestClient | undefined;
afterEach(async () => {
  ws?.close();
  await emu?.close();
  emu = ws = undefined;
});

describe('ARI event shapes vs ari-stasis-survey / ari-queue-then-stasis', () => {
  it('StasisStart, playback, DTMF, Varset, hangup and destroy events have the real keys in the real order', async () => {
    const real = [...loadJsonl('ari-stasis-survey.jsonl'), ...loadJsonl('ari-queue-then-stasis.jsonl')];
    emu = await startTestEmulator();
    ws = await AriTestClient.connect(emu.ariPort);
    const { json } = await ctl(emu.ariPort, 'POST', '/calls', {
      from: '09121234567',
      to: '137',
      name: 'شهروند آزمایشی',
    });
    const id = json.channelId as string;
    const start = await ws.waitEvent('StasisStart');
    expect(chan(start).state).toBe('Ring');
    expect(start.args).toEqual(['welcome']);
    expect((start.channel as { caller: unknown }).caller).toEqual({ name: 'شهروند آزمایشی', number: '09121234567' });
    expect(
      (await ari(emu.ariPort, 'POST', `/ari/applications/cti137/subscription?eventSource=channel:${id}`)).status,
    ).toBe(200);
    expect((await ari(emu.ariPort, 'POST', `/ari/channels/${id}/answer`)).status).toBe(204);
    const pb = await ari(emu.ariPort, 'POST', `/ari/channels/${id}/play/pb-1?media=sound:beep&lang=en`);
    expect(pb.status).toBe(201);
    expect(pb.json).toEqual({
      id: 'pb-1',
      media_uri: 'sound:beep',
      target_uri: `channel:${id}`,
      language: 'en',
      state: 'queued',
    });
    await ws.waitEvent('PlaybackFinished');
    await ctl(emu.ariPort, 'POST', `/channels/${id}/dtmf`, { digits: '9' });
    await ws.waitEvent('ChannelDtmfReceived');
    expect((await ari(emu.ariPort, 'POST', `/ari/channels/${id}/variable?variable=SURVEY_SCORE&value=9`)).status).toBe(
      204,
    );
    await ws.waitEvent('ChannelVarset', (e) => e.variable === 'SURVEY_SCORE');
    expect((await ari(emu.ariPort, 'DELETE', `/ari/channels/${id}?reason=normal`)).status).toBe(204);
    await ws.waitEvent('ChannelDestroyed');

    const ours = ws.events;
    const pairs: Array<[string, (e: Record<string, unknown>) => boolean]> = [
      ['StasisStart', () => true],
      ['ChannelStateChange', () => true],
      ['PlaybackStarted', () => true],
      ['PlaybackFinished', () => true],
      ['ChannelDtmfReceived', () => true],
      ['ChannelVarset', (e) => e.variable === 'SURVEY_SCORE'],
      ['ChannelHangupRequest', (e) => e.cause === 32],
      ['StasisEnd', () => true],
      ['ChannelHangupRequest', (e) => e.cause === 16 && e.soft === true],
      ['ChannelDestroyed', () => true],
    ];
    for (const [type, pred] of pairs) {
      const mine = ours.find((e: AriEvent) => e.type === type && pred(e));
      expect(mine, type).toBeDefined();
      expect(shape(mine), type).toEqual(shape(realEvent(real, type, pred)));
    }
    // The order of the hangup tail, as captured.
    const tail = ours.slice(ours.findIndex((e) => e.type === 'ChannelHangupRequest')).map((e) => e.type);
    expect(tail).toEqual([
      'ChannelHangupRequest',
      'StasisEnd',
      'ChannelVarset',
      'ChannelHangupRequest',
      'ChannelDestroyed',
    ]);
    const destroyed = ours.find((e) => e.type === 'ChannelDestroyed')!;
    expect(destroyed.cause).toBe(16);
    expect(destroyed.cause_txt).toBe('Normal Clearing');
    expect(String(start.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('REST errors and basics look like ari-rest-basics', async () => {
    emu = await startTestEmulator();
    const p = emu.ariPort;
    expect(await ari(p, 'GET', '/ari/channels/no-such-channel')).toEqual({
      status: 404,
      json: { message: 'Channel not found' },
    });
    expect(await ari(p, 'POST', '/ari/channels/no-such-channel/answer')).toEqual({
      status: 404,
      json: { message: 'Channel not found' },
    });
    const noAuth = await fetch(`http://127.0.0.1:${p}/ari/asterisk/info`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toBe('Basic realm="Asterisk REST Interface"');
    expect(await noAuth.json()).toEqual({ message: 'Authentication required' });
    const info = await ari(p, 'GET', '/ari/asterisk/info');
    expect(shape(info.json)).toEqual([
      'build',
      'build.os',
      'build.kernel',
      'build.machine',
      'build.options',
      'build.date',
      'build.user',
      'system',
      'system.version',
      'system.entity_id',
      'config',
      'config.name',
      'config.default_language',
      'config.setid',
      'config.setid.user',
      'config.setid.group',
      'status',
      'status.startup_time',
      'status.last_reload_time',
    ]);
    expect((await ari(p, 'GET', '/ari/asterisk/ping')).json).toMatchObject({
      ping: 'pong',
      asterisk_id: '02:42:ac:11:00:02',
    });
    const eps = (await ari(p, 'GET', '/ari/endpoints')).json as Array<Record<string, unknown>>;
    expect(eps[1]).toEqual({ technology: 'PJSIP', resource: '1001', state: 'online', channel_ids: [] });
    expect((await ari(p, 'GET', '/ari/channels')).json).toEqual([]);
    expect((await ari(p, 'GET', '/ari/bridges')).json).toEqual([]);
    expect((await ari(p, 'GET', '/ari/applications')).json).toEqual([]);
    const withKey = await fetch(`http://127.0.0.1:${p}/ari/asterisk/ping?api_key=cti:cti137ari`);
    expect(withKey.status).toBe(200);
  });
});
