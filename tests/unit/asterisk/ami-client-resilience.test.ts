// AmiClient when things go wrong: refused login, garbage on the wire, a dropped socket, a server
// that stops answering. The good frames are real captured bytes; the garbage is built from them.

import { DEFAULT_DROPPED_EVENTS } from '../../../src/asterisk/ami/index.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../src/asterisk/ami/ami-client.ts';
import type { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { AmiNotConnectedError } from '../../../src/asterisk/ami/ami-errors.ts';
import type { AmiProblem } from '../../../src/asterisk/ami/ami-frames.ts';
import { amiRig, cleanupRigs } from './helpers/ami-test-setup.ts';
import { LEVEL, memoryLogger } from './helpers/memory-logger.ts';
import { message, startAmiServer } from './helpers/scripted-ami-server.ts';
import { readTxt } from './helpers/transcripts.ts';
import { nextEvent, sleep } from './helpers/wait.ts';

afterEach(cleanupRigs);

/** Real frames from the main queue call capture, by event name. */
function realFrame(event: string, nth = 0): string {
  const frames = readTxt('ami-queue-call').filter((e) => e.dir === 'in' && e.text.startsWith(`Event: ${event}\r\n`));
  return frames[nth]!.text;
}

describe('AmiClient login failure', () => {
  it('emits login-failed, logs that the secret is wrong, and keeps retrying', async () => {
    const rig = await amiRig(
      (msg, conn, responder) => {
        if (msg.get('Action') !== 'Login') return false;
        conn.write(responder.repliesFor(msg, undefined, true).join(''));
        conn.socket.end(); // Asterisk closes the connection after a failed login
        return true;
      },
      { secret: 'wrong-secret' },
      'ami-login-failure',
    );
    let connected = false;
    rig.client.on('connected', () => (connected = true));
    rig.client.start();
    const failed = await nextEvent<{ message: string }>(rig.client, 'login-failed');
    expect(failed.message).toBe('Authentication failed');
    const error = rig.logs.find((l) => l.level === LEVEL.error)!;
    expect(error.msg).toMatch(/AMI secret or username is wrong/);
    expect(JSON.stringify(rig.logs)).not.toContain('wrong-secret');
    await expect.poll(() => rig.server.conns.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    expect(connected).toBe(false);
    expect(rig.client.connected).toBe(false);
    await expect(rig.client.action('Ping')).rejects.toBeInstanceOf(AmiNotConnectedError);
  });

  it('gives up on a port that accepts but never speaks AMI, and tries again', async () => {
    const server = await startAmiServer({ banner: false, onAction: () => undefined });
    const { logger } = memoryLogger();
    const client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'cti',
      secret: 's',
      serverId: 'x',
      logger,
      actionTimeoutMs: 80,
      reconnectMinMs: 10,
      reconnectMaxMs: 20,
    });
    client.start();
    await expect.poll(() => server.conns.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    await client.stop();
    await server.close();
  });
});

describe('AmiClient dropping the events nobody reads', () => {
  it('drops VarSet, Newexten and RTCP unparsed by default, keeps every other event whole, and resumes at the next frame', async () => {
    const rig = await amiRig(undefined, { dropEvents: DEFAULT_DROPPED_EVENTS });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await expect.poll(() => rig.events.length).toBe(2); // FullyBooted, SuccessfulAuth
    const conn = rig.server.conns[0]!;
    const hangup = realFrame('Hangup');
    conn.write(`Event: VarSet\r\nPrivilege: dialplan,all\r\nVariable: QUEUESTATUS\r\nValue: CONTINUE\r\n\r\n`);
    conn.write('Event: Newexten\r\nthis line has no colon\r\nUniqueid: 1.2\r\n\r\n');
    conn.write(
      Buffer.concat([
        Buffer.from('Event: VarSet\r\nValue: '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\r\nVariable: X\r\n\r\n'),
      ]),
    );
    conn.write('Event: RTCPSent\r\nChannel: PJSIP/1001-1\r\n\r\nEvent: VarSetX\r\nFoo: bar\r\n\r\n');
    conn.write(hangup);
    await expect.poll(() => rig.events.at(-1)?.event, { timeout: 3_000 }).toBe('Hangup');
    // A name that merely starts like a dropped one is not dropped; nothing of a dropped frame leaks.
    expect(rig.events.slice(2).map((e) => e.event)).toEqual(['VarSetX', 'Hangup']);
    expect(rig.events.at(-1)!.fields).toEqual(message(hangup).fields);
  });
});

describe('AmiClient with garbage on the wire', () => {
  it('skips a truncated frame, a 1 MB line, invalid UTF-8 and headerless frames; later events still arrive', async () => {
    const rig = await amiRig();
    const problems: AmiProblem[] = [];
    rig.client.on('problem', (p) => problems.push(p));
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await expect.poll(() => rig.events.length).toBe(2); // FullyBooted, SuccessfulAuth
    const conn = rig.server.conns[0]!;
    const newchannel = realFrame('Newchannel');
    const hangup = realFrame('Hangup');
    const cdr = realFrame('Cdr');
    const truncated = newchannel.split('\r\n').slice(0, 6).join('\r\n') + '\r\n'; // no blank line
    conn.write(truncated + hangup);
    conn.write('Event: TotallyUnknownEvent\r\nPrivilege: system,all\r\nFoo: bar\r\n\r\n');
    conn.write(`Event: VarSet\r\nPrivilege: dialplan,all\r\nValue: ${'x'.repeat(1 << 20)}\r\nVariable: BIG\r\n\r\n`);
    conn.write(`${'y'.repeat(1 << 20)}\r\n\r\n`);
    conn.write(
      Buffer.concat([
        Buffer.from('Event: Newchannel\r\nCallerIDName: '),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from('\r\nUniqueid: 1.1\r\n\r\n'),
      ]),
    );
    conn.write('Event: Newexten\r\nthis line has no colon\r\nUniqueid: 1.2\r\n\r\n');
    conn.write('Channel: PJSIP/x\r\nUniqueid: 1.3\r\n\r\n');
    conn.write(cdr);

    await expect.poll(() => rig.events.at(-1)?.event, { timeout: 3_000 }).toBe('Cdr');
    const events = rig.events.slice(2);
    expect(events.map((e) => e.event)).toEqual([
      'Hangup',
      'TotallyUnknownEvent',
      'VarSet',
      'Newchannel',
      'Newexten',
      'Cdr',
    ]);
    expect(events[0]!.fields).toEqual(message(hangup).fields); // the frame after the truncated one is intact
    expect(events[2]!.get('Variable')).toBe('BIG');
    expect(events[2]!.get('Value')).toBeUndefined();
    expect(events[3]!.get('CallerIDName')).toBe('\uFFFD\uFFFDA');
    expect(events[5]!.fields).toEqual(message(cdr).fields);
    expect(problems.map((p) => p.kind).sort()).toEqual(
      [
        'invalid-line',
        'invalid-utf8',
        'line-too-long',
        'line-too-long',
        'not-event-or-response',
        'truncated-message',
      ].sort(),
    );
    // Rate-limited: at most 5 warnings per window however much garbage arrives.
    expect(rig.logs.filter((l) => l.msg === 'AMI: skipped malformed input').length).toBeLessThanOrEqual(5);
    expect(rig.server.conns).toHaveLength(1);
    expect((await rig.client.action('Ping')).get('Ping')).toBe('Pong');
  });

  it('a throwing event listener does not stop the events after it', async () => {
    const rig = await amiRig();
    let calls = 0;
    rig.client.on('event', () => {
      calls++;
      throw new Error('listener bug');
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await expect.poll(() => calls).toBe(2);
    expect(rig.logs.some((l) => l.msg === 'AMI listener threw; continuing')).toBe(true);
    expect((await rig.client.action('Ping')).get('Ping')).toBe('Pong');
  });
});

describe('AmiClient reconnect', () => {
  it('rejects pending actions, emits disconnected and reconnects after the server drops the socket', async () => {
    const rig = await amiRig((msg, conn) => {
      if (msg.get('Action') !== 'Command' || conn !== rig.server.conns[0]) return false;
      conn.socket.destroy();
      return true;
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const disconnected = nextEvent(rig.client, 'disconnected');
    const reconnected = nextEvent(rig.client, 'connected', () => true, 3_000);
    const err = await rig.client.action('Command', { Command: 'core show version' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiNotConnectedError);
    await disconnected;
    expect(rig.client.connected).toBe(false);
    await reconnected;
    expect(rig.server.conns).toHaveLength(2);
    expect((await rig.client.action('Ping')).get('Ping')).toBe('Pong');
  });

  it('treats an unanswered Ping as a dead connection and reconnects', async () => {
    const rig = await amiRig(
      (msg, conn) => msg.get('Action') === 'Ping' && conn === rig.server.conns[0], // first server goes silent
      { pingIntervalMs: 50, actionTimeoutMs: 250 },
    );
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const { error } = await nextEvent<{ error?: Error }>(rig.client, 'disconnected', () => true, 2_000);
    expect(error?.message).toMatch(/Ping timed out/);
    await nextEvent(rig.client, 'connected', () => true, 2_000);
    await sleep(300);
    // The second server answers its Pings: no further reconnects.
    expect(rig.server.conns).toHaveLength(2);
    expect(rig.client.connected).toBe(true);
    const pings = (c: { received: AmiMessage[] }) => c.received.filter((m) => m.get('Action') === 'Ping').length;
    expect(pings(rig.server.conns[1]!)).toBeGreaterThanOrEqual(3);
  });
});
