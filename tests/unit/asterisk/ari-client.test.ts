// AriClient against a fake ARI that replays the captured WebSocket frames and REST answers.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AriClient, type AriClientOptions } from '../../../src/asterisk/ari/ari-client.ts';
import type { AriEvent } from '../../../src/asterisk/ari/ari-events.ts';
import { AriHttpError, AriRequestError } from '../../../src/asterisk/ari/ari-http.ts';
import { type FakeAri, startFakeAri } from './helpers/fake-ari-server.ts';
import { type LogLine, LEVEL, memoryLogger } from './helpers/memory-logger.ts';
import { readAriFrames } from './helpers/transcripts.ts';
import { nextEvent } from './helpers/wait.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function rig(
  opts: Partial<AriClientOptions> = {},
): Promise<{ fake: FakeAri; client: AriClient; events: AriEvent[]; logs: LogLine[] }> {
  const fake = await startFakeAri({ username: 'cti', password: 'cti137ari' });
  const { logger, lines } = memoryLogger();
  const client = new AriClient({
    url: fake.baseUrl,
    username: 'cti',
    password: 'cti137ari',
    app: 'survey137',
    serverId: 'pbx-test',
    logger,
    requestTimeoutMs: 1_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    ...opts,
  });
  const events: AriEvent[] = [];
  client.on('event', (e) => events.push(e));
  cleanups.push(async () => {
    await client.stop();
    await fake.close();
  });
  return { fake, client, events, logs: lines };
}

describe('AriClient event socket', () => {
  it('replays ari-stasis-survey into typed events; Basic auth on the upgrade, nothing in the URL', async () => {
    const { fake, client, events } = await rig();
    const frames = readAriFrames('ari-stasis-survey');
    fake.onSocket = (ws) => frames.forEach((f) => ws.send(f));
    client.start();
    await nextEvent(client, 'connected');
    await expect.poll(() => events.length).toBe(frames.length);
    expect(events.map((e) => e.type)).toEqual(frames.map((f) => (JSON.parse(f) as { type: string }).type));

    const up = fake.upgrades[0]!;
    expect(up.url.pathname).toBe('/ari/events');
    expect(up.url.search).toBe('?app=survey137');
    expect(up.authorization).toBe(`Basic ${Buffer.from('cti:cti137ari').toString('base64')}`);

    const seen: string[] = [];
    for (const e of events) {
      // The switch narrows: these field accesses are type-checked against ari-events.ts.
      switch (e.type) {
        case 'StasisStart':
          expect(e.args).toEqual(['direct']);
          expect(e.channel).toMatchObject({
            id: '1795330021.10',
            state: 'Ring',
            caller: { name: 'Alice Caller', number: '+15551230137' },
          });
          expect(e.channel.dialplan).toEqual({
            context: 'from-trunk',
            exten: '139',
            priority: 2,
            app_name: 'Stasis',
            app_data: 'survey137,direct',
          });
          expect(e.application).toBe('survey137');
          seen.push(e.type);
          break;
        case 'ChannelDtmfReceived':
          expect([e.digit, e.duration_ms]).toEqual(['9', 280]);
          seen.push(e.type);
          break;
        case 'ChannelHangupRequest':
          expect([e.cause, e.soft]).toEqual(seen.includes('StasisEnd') ? [16, true] : [32, true]);
          seen.push(e.type);
          break;
        case 'ChannelDestroyed':
          expect([e.cause, e.cause_txt]).toEqual([16, 'Normal Clearing']);
          seen.push(e.type);
          break;
        case 'PlaybackFinished':
          expect(e.playback.state).toBe('done');
          expect(e.playback.target_uri).toBe('channel:1795330021.10');
          break;
        case 'ChannelVarset':
          if (e.variable === 'SURVEY_SCORE') expect(e.value).toBe('9');
          break;
        case 'StasisEnd':
          seen.push(e.type);
          break;
      }
    }
    expect(seen).toEqual([
      'StasisStart',
      'ChannelDtmfReceived',
      'ChannelHangupRequest',
      'StasisEnd',
      'ChannelHangupRequest',
      'ChannelDestroyed',
    ]);
    expect(new Date(events[0]!.timestamp!).toISOString()).toBe('2026-11-22T06:47:01.222Z');
  });

  it('decodes the Persian caller name and the Stasis arguments of ari-queue-then-stasis', async () => {
    const { fake, client, events } = await rig();
    const frames = readAriFrames('ari-queue-then-stasis');
    fake.onSocket = (ws) => frames.forEach((f) => ws.send(f));
    client.start();
    await expect.poll(() => events.length).toBe(frames.length);
    const start = events[0]!;
    if (start.type !== 'StasisStart') throw new Error('expected StasisStart');
    expect(start.args).toEqual(['postqueue', 'PJSIP/agent1001', 'Agent 1001']);
    expect(start.channel.caller).toEqual({ name: 'شهروند آزمایشی', number: '09121234567' });
    expect(start.channel.connected).toEqual({ name: 'Agent 1001', number: '1001' });
    const hangup = events.find((e) => e.type === 'ChannelHangupRequest');
    expect(hangup).toMatchObject({ cause: 16 });
    expect(hangup).not.toHaveProperty('soft'); // the caller's BYE
  });

  it('skips invalid JSON and malformed events with a problem; unknown types come as Unknown', async () => {
    const { fake, client, events } = await rig();
    const real = readAriFrames('ari-stasis-survey');
    const problems: Array<{ reason: string; raw: string }> = [];
    client.on('problem', (p) => problems.push(p));
    fake.onSocket = (ws) => {
      ws.send('{"type":"StasisStart","timest');
      ws.send('[1,2,3]');
      ws.send('{"type":"StasisStart","args":[],"timestamp":"2026-11-22T06:47:01.222+0000"}');
      ws.send('{"timestamp":"2026-11-22T06:47:01.222+0000","type":"FancyNewEvent","application":"survey137","x":1}');
      ws.send(real[1]!);
    };
    client.start();
    await expect.poll(() => events.length).toBe(2);
    expect(problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^invalid JSON/),
      'not a JSON object',
      'StasisStart: channel.id missing',
    ]);
    expect(problems[0]!.raw).toBe('{"type":"StasisStart","timest');
    expect(events[0]).toMatchObject({
      type: 'Unknown',
      eventType: 'FancyNewEvent',
      application: 'survey137',
      raw: { x: 1 },
    });
    expect(events[1]!.type).toBe('ChannelStateChange');
    expect(client.connected).toBe(true);
  });

  it('reconnects after the socket drops and emits disconnected then connected again', async () => {
    const { fake, client } = await rig();
    client.start();
    await nextEvent(client, 'connected');
    const disconnected = nextEvent(client, 'disconnected');
    const again = nextEvent(client, 'connected');
    fake.sockets[0]!.terminate();
    await disconnected;
    await again;
    expect(fake.upgrades).toHaveLength(2);
    expect(client.connected).toBe(true);
  });

  it('detects a silent socket with ws pings and reconnects', async () => {
    const { fake, client } = await rig({ pingIntervalMs: 50 });
    client.start();
    await nextEvent(client, 'connected');
    const disconnected = nextEvent<{ error?: Error }>(client, 'disconnected', () => true, 2_000);
    // Stop reading on the server side: no pong can come back.
    (fake.sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();
    expect((await disconnected).error?.message).toMatch(/ping/i);
    await nextEvent(client, 'connected', () => true, 2_000);
    expect(fake.upgrades.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps retrying when the credentials are refused, and says so in the log', async () => {
    const { fake, client, logs } = await rig({ password: 'wrong' });
    let connected = false;
    client.on('connected', () => (connected = true));
    client.start();
    await expect.poll(() => fake.upgrades.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    expect(connected).toBe(false);
    expect(logs.some((l) => l.level === LEVEL.error && /password is wrong/.test(l.msg))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('wrong"');
  });
});

describe('AriClient REST', () => {
  it('sends Basic auth, maps 404/401 to AriHttpError and 204 to undefined', async () => {
    const { fake, client } = await rig();
    expect(await client.getChannel('no-such-channel')).toBeNull();
    const err = await client.request('POST', '/channels/no-such-channel/answer').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AriHttpError);
    expect(err).toMatchObject({
      status: 404,
      message: 'Channel not found',
      method: 'POST',
      path: '/channels/no-such-channel/answer',
    });
    expect(await client.answer('1795330021.10')).toBeUndefined();
    const auth = `Basic ${Buffer.from('cti:cti137ari').toString('base64')}`;
    expect(fake.requests.every((r) => r.authorization === auth)).toBe(true);
    expect(fake.requests.every((r) => !r.url.search.includes('api_key'))).toBe(true);

    const { client: intruder } = await rig({ password: 'nope' });
    await expect(intruder.request('GET', '/asterisk/info')).rejects.toMatchObject({
      status: 401,
      message: 'Authentication required',
    });
  });

  it('wraps the survey calls: subscribe, channels, play, variables, hangup', async () => {
    const { fake, client } = await rig();
    const app = await client.subscribe('channel:1795330021.10');
    expect(app).toMatchObject({ name: 'survey137', channel_ids: ['1795330021.10'] });
    expect((await client.listChannels())[0]!.caller.name).toBe('Alice Caller');
    expect((await client.getChannel('1795330021.10'))!.state).toBe('Ring');
    const pb = await client.play('1795330021.10', 'sound:beep', 'pb-prompt-1795330021.10');
    expect(pb).toMatchObject({ id: 'pb-prompt-1795330021.10', media_uri: 'sound:beep' });
    expect((await client.play('1795330021.10', ['sound:auth-thankyou'])).state).toBe('queued');
    expect(await client.getVariable('1795330027.11', 'MEMBERINTERFACE')).toBe('PJSIP/agent1001');
    expect(await client.getVariable('1795330027.11', 'NOT_SET_ANYWHERE')).toBeNull();
    expect(await client.setVariable('1795330021.10', 'SURVEY_SCORE', '9')).toBeUndefined();
    expect(await client.hangup('1795330021.10')).toBeUndefined();
    const last = fake.requests.at(-1)!;
    expect([last.method, last.url.pathname, last.url.searchParams.get('reason')]).toEqual([
      'DELETE',
      '/ari/channels/1795330021.10',
      'normal',
    ]);
    const sub = fake.requests[0]!;
    expect(sub.url.pathname).toBe('/ari/applications/survey137/subscription');
    expect(sub.url.searchParams.get('eventSource')).toBe('channel:1795330021.10');
  });

  it('fails with AriRequestError on a deadline or a refused connection', async () => {
    const { client } = await rig({ requestTimeoutMs: 100 });
    const slow = await client.request('GET', '/slow').catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(AriRequestError);
    expect(slow).toMatchObject({ timedOut: true, method: 'GET', path: '/slow' });

    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { logger } = memoryLogger();
    const dead = new AriClient({
      url: `http://127.0.0.1:${port}`,
      username: 'u',
      password: 'p',
      app: 'a',
      serverId: 'x',
      logger,
    });
    const refused = await dead.listChannels().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AriRequestError);
    expect(refused).toMatchObject({ timedOut: false, message: expect.stringMatching(/ECONNREFUSED/) });
  });
});
