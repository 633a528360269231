import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import {
  AmiTestClient,
  AriTestClient,
  ari,
  chan,
  ctl,
  startTestEmulator,
  type AriEvent,
} from '../../helpers/emulator-clients.ts';
import { loadJsonl, loadRaw } from './transcript-tools.ts';

/*
 * Keys pressed while an ARI playback runs. In Asterisk (res_stasis_playback.c play_on_channel) a
 * `sound:` playback runs ast_control_streamfile_lang() with no stop/skip keys, so a digit does not
 * end it; ast_read() still publishes every received DTMF end (channel.c send_dtmf_end_event), which
 * stasis_channels.c dtmf_end_to_json() turns into ChannelDtmfReceived for the app. So each key
 * reaches the app at once, while the playback goes on to its end and finishes `done`.
 */

/** Key order of an object and of its nested objects, as a flat list of paths. */
function shape(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [
    `${prefix}${k}`,
    ...shape(x, `${prefix}${k}.`),
  ]);
}

/** Each path with the JSON type of its value: the same fields must carry the same kinds of value. */
function kinds(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${prefix.slice(0, -1)}:${typeof v}`];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => kinds(x, `${prefix}${k}.`));
}

let emu: Emulator | undefined;
let ws: AriTestClient | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ws?.close();
  ami?.close();
  await emu?.close();
  emu = ws = ami = undefined;
});

/** A caller in Stasis, answered, with the app subscribed to it (as the IVR does). */
async function callerInStasis(e: Emulator, client: AriTestClient): Promise<string> {
  const { json } = await ctl(e.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
  const id = json.channelId;
  await client.waitEvent('StasisStart', (x) => chan(x).id === id);
  expect((await ari(e.ariPort, 'POST', `/ari/applications/cti137/subscription?eventSource=channel:${id}`)).status).toBe(
    200,
  );
  expect((await ari(e.ariPort, 'POST', `/ari/channels/${id}/answer`)).status).toBe(204);
  return id;
}

describe('DTMF while an ARI playback runs, as Asterisk 22 sends it', () => {
  it('each key is a ChannelDtmfReceived during the playback, field by field as captured; the playback is not cut', async () => {
    const realDtmf = loadJsonl('ari-stasis-survey.jsonl').find((x) => x.type === 'ChannelDtmfReceived')!;
    const realFinished = loadJsonl('ari-stasis-survey.jsonl').find((x) => x.type === 'PlaybackFinished')!;
    const realAmi = loadRaw('ami-queue-call.server.raw');
    emu = await startTestEmulator();
    ws = await AriTestClient.connect(emu.ariPort);
    ami = await AmiTestClient.login(emu.amiPort);
    const id = await callerInStasis(emu, ws);
    // The survey intro: 4.5 s nominal (225 ms at the test clock), long enough for two keys.
    const pb = await ari(
      emu.ariPort,
      'POST',
      `/ari/channels/${id}/play/intro-1?media=sound:cti137/survey-intro&lang=fa`,
    );
    expect(pb.status).toBe(201);
    await ws.waitEvent('PlaybackStarted', (x) => (x.playback as { id: string }).id === 'intro-1');
    await ctl(emu.ariPort, 'POST', `/channels/${id}/dtmf`, { digits: '5#' });
    await ws.waitEvent('PlaybackFinished', (x) => (x.playback as { id: string }).id === 'intro-1');

    const seen = ws.events.filter((x) => chan(x)?.id === id || (x.playback as { id?: string })?.id === 'intro-1');
    const types = seen.map((x: AriEvent) => (x.type === 'ChannelDtmfReceived' ? `dtmf:${String(x.digit)}` : x.type));
    const from = types.indexOf('PlaybackStarted');
    // Both keys arrive while the playback runs, and the playback still finishes on its own.
    expect(types.slice(from)).toEqual(['PlaybackStarted', 'dtmf:5', 'dtmf:#', 'PlaybackFinished']);

    const dtmf = seen.filter((x) => x.type === 'ChannelDtmfReceived');
    for (const d of dtmf) {
      // Same keys in the same order as Asterisk's, channel object included.
      expect(shape(d)).toEqual(shape(realDtmf));
      expect(kinds(d)).toEqual(kinds(realDtmf));
      expect(d.duration_ms).toBe(realDtmf.duration_ms);
      expect(typeof d.digit).toBe('string');
      expect(String(d.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(d.application).toBe('cti137');
      const c = d.channel as Record<string, unknown>;
      const rc = realDtmf.channel as Record<string, unknown>;
      expect(c.state).toBe(rc.state);
      expect((c.dialplan as Record<string, unknown>).app_name).toBe('Stasis');
      expect((c.dialplan as Record<string, unknown>).app_data).toBe('cti137,welcome');
    }
    const fin = seen.find((x) => x.type === 'PlaybackFinished')!;
    expect(shape(fin)).toEqual(shape(realFinished));
    expect(kinds(fin)).toEqual(kinds(realFinished));
    expect(fin.playback).toMatchObject({ id: 'intro-1', state: 'done', media_uri: 'sound:cti137/survey-intro' });

    // AMI sees the same keys as DTMFBegin/DTMFEnd with the captured fields, in the captured order.
    const realEnd = realAmi.find((m) => m.event === 'DTMFEnd')!;
    const realBegin = realAmi.find((m) => m.event === 'DTMFBegin')!;
    const ends = await ami.waitEvent('DTMFEnd', (m) => m.get('Digit') === '#');
    const begins = ami.events('DTMFBegin').filter((m) => m.get('Uniqueid') === id);
    expect(begins.map((m) => m.get('Digit'))).toEqual(['5', '#']);
    expect(begins[0]!.fields.map(([k]) => k)).toEqual(realBegin.fields.map(([k]) => k));
    expect(ends.fields.map(([k]) => k)).toEqual(realEnd.fields.map(([k]) => k));
    expect(ends.get('Direction')).toBe('Received');
    expect(ends.get('DurationMs')).toBe(realEnd.get('DurationMs'));
  });

  it('a key pressed while one playback runs and another waits behind it ends neither', async () => {
    emu = await startTestEmulator();
    ws = await AriTestClient.connect(emu.ariPort);
    const id = await callerInStasis(emu, ws);
    await ari(emu.ariPort, 'POST', `/ari/channels/${id}/play/a?media=sound:cti137/survey-intro&lang=fa`);
    await ari(emu.ariPort, 'POST', `/ari/channels/${id}/play/b?media=sound:beep&lang=fa`);
    await ws.waitEvent('PlaybackStarted', (x) => (x.playback as { id: string }).id === 'a');
    await ctl(emu.ariPort, 'POST', `/channels/${id}/dtmf`, { digits: '3' });
    await ws.waitEvent('PlaybackFinished', (x) => (x.playback as { id: string }).id === 'b');
    const types = ws.events
      .filter((x) => x.type.startsWith('Playback') || x.type === 'ChannelDtmfReceived')
      .map((x) =>
        x.type === 'ChannelDtmfReceived' ? `dtmf:${String(x.digit)}` : `${x.type}:${(x.playback as { id: string }).id}`,
      );
    expect(types).toEqual([
      'PlaybackStarted:a',
      'dtmf:3',
      'PlaybackFinished:a',
      'PlaybackStarted:b',
      'PlaybackFinished:b',
    ]);
    const finished = ws.events.filter((x) => x.type === 'PlaybackFinished');
    expect(finished.map((x) => (x.playback as { state: string }).state)).toEqual(['done', 'done']);
  });
});
