import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../src/asterisk/ami/ami-client.ts';
import type { AmiProblem } from '../../../src/asterisk/ami/ami-frames.ts';
import { CallTracker, CtiBus, linkPbx, type OperatorService } from '../../../src/cti/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { memoryLogger } from '../../unit/asterisk/helpers/memory-logger.ts';
import { startAmiServer, type ScriptedAmiServer } from '../../unit/asterisk/helpers/scripted-ami-server.ts';

const CRLF2 = Buffer.from('\r\n\r\n');

/** The event frames of a capture, byte for byte (the banner and the lab's action answers left out). */
function capturedEvents(name: string): Buffer[] {
  const raw = readFileSync(new URL(`../../fixtures/asterisk/${name}`, import.meta.url));
  const frames: Buffer[] = [];
  let start = raw.indexOf('\r\n') + 2;
  for (let end = raw.indexOf(CRLF2, start); end !== -1; end = raw.indexOf(CRLF2, start)) {
    const frame = raw.subarray(start, end + 4);
    if (frame.subarray(0, 7).toString() === 'Event: ') frames.push(frame);
    start = end + 4;
  }
  return frames;
}

// What a sick link or a buggy module can put on the socket, between real frames.
const GARBAGE: Buffer[] = [
  Buffer.from('Event: AgentConnect\r\nPrivilege: agent,all\r\nChannel: PJSIP/tru\r\n\r\n'), // a frame cut short
  Buffer.from('Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: q137\r\n\r\n'), // another, no interface
  Buffer.from('Event: FrobnicatorExploded\r\nPrivilege: call,all\r\nWidget: 42\r\n\r\n'), // unknown event
  Buffer.from(`Event: UserEvent\r\nData: ${'x'.repeat(1024 * 1024)}\r\n\r\n`), // a 1 MB line
  Buffer.concat([
    Buffer.from('Event: VarSet\r\nChannel: PJSIP/trunk-'),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
    Buffer.from('\r\nValue: x\r\n\r\n'),
  ]), // invalid UTF-8
  Buffer.from('this line is not AMI at all\r\n\r\n'),
  Buffer.from(`${'y'.repeat(200 * 1024)}\r\n\r\n`), // a long line with no key at all
];

/** Interleave garbage between the frames, then cut the stream at odd places (inside UTF-8 too). */
function noisyStream(frames: Buffer[]): Buffer[] {
  const parts: Buffer[] = [];
  frames.forEach((f, i) => {
    parts.push(f);
    if (i % 9 === 4) parts.push(GARBAGE[Math.floor(i / 9) % GARBAGE.length]!);
  });
  for (const g of GARBAGE) parts.splice(parts.length - 3, 0, g); // every kind at least once
  const all = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let at = 0, n = 0; at < all.length; n++) {
    const size = [7, 1, 333, 4096, 65_537, 13][n % 6]!;
    chunks.push(all.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

let server: ScriptedAmiServer | undefined;
let client: AmiClient | undefined;
afterEach(async () => {
  await client?.stop();
  await server?.close();
});

describe('garbage on the AMI socket, at the CTI level', () => {
  it('is logged and skipped; the queue call in between is tracked from start to end', async () => {
    const frames = capturedEvents('ami-queue-call.server.raw');
    const answered = new Set<string>();
    server = await startAmiServer({
      banner: 'Asterisk Call Manager/11.0.0\r\n',
      onAction: (msg, conn) => {
        const id = msg.actionId ?? '';
        const action = (msg.get('Action') ?? '').toLowerCase();
        const reply = (lines: string[]) => conn.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (action === 'login')
          return reply(['Response: Success', `ActionID: ${id}`, 'Message: Authentication accepted']);
        const complete =
          action === 'queuestatus'
            ? 'QueueStatusComplete'
            : action === 'coreshowchannels'
              ? 'CoreShowChannelsComplete'
              : null;
        if (!complete) return reply(['Response: Success', `ActionID: ${id}`, 'Ping: Pong']);
        // Nothing up at connect; once both resync lists are answered, the call happens.
        reply(['Response: Success', `ActionID: ${id}`, 'EventList: start', 'Message: will follow']);
        reply([`Event: ${complete}`, `ActionID: ${id}`, 'EventList: Complete', 'ListItems: 0']);
        answered.add(action);
        if (answered.size === 2) for (const c of noisyStream(frames)) conn.write(c);
      },
    });
    const { logger, lines } = memoryLogger();
    client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'cti',
      secret: 's',
      serverId: 'pbx1',
      logger,
      pingIntervalMs: 60_000,
    });
    const problems: AmiProblem[] = [];
    let disconnects = 0;
    client.on('problem', (p) => problems.push(p));
    client.on('disconnected', () => disconnects++);

    const bus = new CtiBus();
    const log: string[] = [];
    bus.on('call:started', (c) => log.push(`started ${c.linkedid} ${c.callerNum}`));
    bus.on('call:queued', (c) => log.push(`queued ${c.queue}`));
    bus.on('call:ringing', (_c, r) => log.push(`ringing ${r.interface}`));
    bus.on('call:answered', (c) => log.push(`answered ${c.memberInterface}`));
    bus.on('call:agent-completed', (_c, i) => log.push(`agent-completed ${i.reason}`));
    bus.on('call:ended', (c) => log.push(`ended ${c.endReason} talk=${c.talkSeconds}`));
    const members: string[] = [];
    bus.on('member:changed', (m) => members.push(`${m.queue}/${m.interface}`));
    const tracker = new CallTracker(bus, { serviceNumbers: ['137'] });
    const operators = { syncMembers: async () => undefined } as unknown as OperatorService;
    linkPbx({ serverId: 'pbx1', ami: client, tracker, operators: () => operators, serviceNumbers: ['137'], logger });
    client.start();

    await waitFor(() => log.some((l) => l.startsWith('ended')), 10_000, 'the call to end');
    expect(log).toEqual([
      'started 1795329939.0 +15551230137',
      'queued q137',
      'ringing PJSIP/agent1001',
      'answered PJSIP/agent1001',
      'agent-completed agent',
      expect.stringMatching(/^ended agent-hangup talk=\d+$/),
    ]);
    expect(tracker.active()).toEqual([]);
    // No phantom member from the cut-short QueueMemberStatus.
    expect(members.length).toBeGreaterThan(0);
    expect(members.filter((m) => !/^q137\w*\/PJSIP\/agent100[12]$/.test(m))).toEqual([]);
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(['line-too-long', 'invalid-utf8', 'invalid-line']));
    expect(lines.some((l) => l.msg === 'AMI: skipped malformed input')).toBe(true);
    // The unknown event is named in one line (it came several times: the rest are counted, not
    // logged); the frames cut short are named too; the real capture's events are all known.
    const unknown = lines.filter((l) => l.msg === 'AMI: unknown event skipped');
    expect(unknown.map((l) => l.event)).toEqual(['FrobnicatorExploded']);
    expect(unknown[0]).toMatchObject({ server: 'pbx1', keys: ['Event', 'Privilege', 'Widget'] });
    const cut = lines.filter((l) => l.msg === 'AMI: event without the fields that identify its call or member skipped');
    expect(new Set(cut.map((l) => l.event))).toEqual(new Set(['AgentConnect', 'QueueMemberStatus']));
    expect(disconnects).toBe(0);
    expect(client.connected).toBe(true);
  });
});
