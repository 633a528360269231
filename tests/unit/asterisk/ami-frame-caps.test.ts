// A hostile or broken AMI peer that never ends a frame: header lines without the blank line that
// closes the frame must not grow memory without end. The frame is dropped whole past the cap,
// reported once as a problem (with one log line), and the stream goes on at the next frame.

import { afterEach, describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage, type AmiParseProblem } from '../../../src/asterisk/ami/ami-codec.ts';
import type { AmiProblem } from '../../../src/asterisk/ami/ami-frames.ts';
import { amiRig, cleanupRigs } from './helpers/ami-test-setup.ts';
import { readTxt } from './helpers/transcripts.ts';
import { nextEvent } from './helpers/wait.ts';

afterEach(cleanupRigs);

const realFrame = (event: string): string =>
  readTxt('ami-queue-call').find((e) => e.dir === 'in' && e.text.startsWith(`Event: ${event}\r\n`))!.text;

/** `n` header lines of a frame that never ends, in ~64 KiB chunks. */
function* endlessHeaders(n: number): Generator<Buffer> {
  const line = 'X-Hostile-Header: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n';
  const perChunk = Math.floor(65_536 / line.length);
  const chunk = Buffer.from(line.repeat(perChunk));
  for (let sent = 0; sent < n; sent += perChunk) yield chunk;
}

describe('AmiParser frame caps', () => {
  it('drops a frame past the header-line cap, reports it once, and parses the next frame', () => {
    const messages: AmiMessage[] = [];
    const problems: AmiParseProblem[] = [];
    const p = new AmiParser(
      { message: (m) => messages.push(m), problem: (x) => problems.push(x) },
      { maxFrameFields: 100 },
    );
    p.push('Event: Hostile\r\n');
    for (let i = 0; i < 250; i++) p.push(`Key${i}: v\r\n`);
    p.push('\r\n');
    p.push(realFrame('Hangup'));
    expect(problems).toEqual([{ kind: 'frame-too-large', fields: 101, bytes: expect.any(Number) }]);
    expect(messages.map((m) => m.event)).toEqual(['Hangup']);
  });

  it('drops a frame past the byte cap', () => {
    const messages: AmiMessage[] = [];
    const problems: AmiParseProblem[] = [];
    const p = new AmiParser(
      { message: (m) => messages.push(m), problem: (x) => problems.push(x) },
      { maxFrameBytes: 4096 },
    );
    p.push(`Event: Big\r\n${`Value: ${'z'.repeat(1000)}\r\n`.repeat(10)}\r\nEvent: Small\r\nA: 1\r\n\r\n`);
    expect(problems.map((x) => x.kind)).toEqual(['frame-too-large']);
    expect(messages.map((m) => m.event)).toEqual(['Small']);
  });

  it('keeps memory bounded under 3 million header lines that never end a frame (default caps)', () => {
    const problems: AmiParseProblem[] = [];
    let messages = 0;
    const p = new AmiParser({ message: () => messages++, problem: (x) => problems.push(x) });
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let i = 0;
    for (const chunk of endlessHeaders(3_000_000)) {
      p.push(chunk);
      if (++i % 200 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    // Kept, those lines would be ~3 M field pairs (hundreds of MB); dropped, the heap barely moves
    // (the margin is for garbage not yet collected).
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
    expect(problems.map((x) => x.kind)).toEqual(['frame-too-large']);
    expect(messages).toBe(0);
    p.push('\r\nEvent: After\r\nA: 1\r\n\r\n');
    expect(messages).toBe(1);
  });
});

describe('AmiClient and an oversized frame', () => {
  it('emits one problem and one warning, and keeps working: later events arrive, actions answer', async () => {
    const rig = await amiRig();
    const problems: AmiProblem[] = [];
    rig.client.on('problem', (p) => problems.push(p));
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await expect.poll(() => rig.events.length).toBe(2); // FullyBooted, SuccessfulAuth
    const conn = rig.server.conns[0]!;
    conn.write('Event: Newchannel\r\n');
    for (const chunk of endlessHeaders(50_000)) conn.write(chunk);
    conn.write('\r\n');
    conn.write(realFrame('Hangup'));
    await expect.poll(() => rig.events.at(-1)?.event, { timeout: 5_000 }).toBe('Hangup');
    expect(rig.events.slice(2).map((e) => e.event)).toEqual(['Hangup']);
    expect(problems.map((p) => p.kind)).toEqual(['frame-too-large']);
    expect(rig.logs.filter((l) => l.msg === 'AMI: dropped an oversized frame')).toHaveLength(1);
    expect(rig.server.conns).toHaveLength(1);
    expect((await rig.client.action('Ping')).get('Ping')).toBe('Pong');
  });
});
