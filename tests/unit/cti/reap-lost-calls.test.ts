// Live state stays bounded when hang-ups never arrive: a peer that starts calls and never ends
// them (or whose Hangup frames are lost) must not keep those calls in memory for ever. While the
// link is up, cti checks its live calls against Asterisk's CoreShowChannels and reaps the ones
// Asterisk no longer has. The AMI peer is a scripted server sending real captured frames.

import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { CallTracker, CtiBus, type LiveCall, type OperatorService } from '../../../src/cti/index.ts';
import { linkPbx } from '../../../src/cti/pbx-link.ts';
import { amiRig, cleanupRigs } from '../asterisk/helpers/ami-test-setup.ts';
import type { AmiServerConn } from '../asterisk/helpers/scripted-ami-server.ts';
import { memoryLogger } from '../asterisk/helpers/memory-logger.ts';
import { readTxt } from '../asterisk/helpers/transcripts.ts';
import { nextEvent } from '../asterisk/helpers/wait.ts';

afterEach(cleanupRigs);

/** A list answer with no items, as Asterisk sends it for an empty QueueStatus / CoreShowChannels. */
function emptyList(msg: AmiMessage, conn: AmiServerConn, complete: string): void {
  const id = msg.get('ActionID')!;
  conn.write(
    `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Will follow\r\n\r\n` +
      `Event: ${complete}\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`,
  );
}

/** The real queue call's frames up to (not including) its hang-up: a call that never ends. */
function callWithoutHangup(): string {
  const frames = readTxt('ami-queue-call')
    .filter((e) => e.dir === 'in' && e.text.startsWith('Event: '))
    .map((e) => e.text);
  const first = frames.findIndex((f) => f.startsWith('Event: Newchannel\r\n'));
  const end = frames.findIndex((f) => /^Event: Hangup(Request)?\r\n/.test(f));
  return frames.slice(first, end).join('');
}

describe('reaping calls Asterisk no longer has', () => {
  it('ends a call whose hang-up never came at the next periodic CoreShowChannels check', async () => {
    let lists = 0;
    const rig = await amiRig((msg, conn) => {
      const action = msg.get('Action');
      if (action === 'QueueStatus') emptyList(msg, conn, 'QueueStatusComplete');
      else if (action === 'CoreShowChannels') {
        lists++;
        emptyList(msg, conn, 'CoreShowChannelsComplete');
      } else return false; // Login, Ping, CoreStatus: the captured answers
      return true;
    });
    const bus = new CtiBus();
    const ended: LiveCall[] = [];
    bus.on('call:ended', (c) => ended.push(c));
    const tracker = new CallTracker(bus, { serviceNumbers: ['137', '138', '140'] });
    const { logger, lines } = memoryLogger();
    const operators = { syncMembers: async () => undefined } as unknown as OperatorService;
    linkPbx({
      serverId: 'pbx-test',
      ami: rig.client,
      tracker,
      operators: () => operators,
      serviceNumbers: ['137', '138', '140'],
      logger,
      reconcileEveryMs: 300,
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    // The resync after connect asked for the channels once; the call starts after it.
    await expect.poll(() => lists).toBeGreaterThanOrEqual(1);
    const seen = lists;
    rig.server.conns[0]!.write(callWithoutHangup());
    await expect.poll(() => tracker.active().length).toBe(1);
    expect(ended).toHaveLength(0);

    // The next periodic check finds no channel of it: the call is ended, and nothing stays.
    await expect.poll(() => tracker.active().length, { timeout: 5_000 }).toBe(0);
    expect(lists).toBeGreaterThan(seen);
    expect(ended).toHaveLength(1);
    expect(ended[0]!.linkedid).toBe('1795329939.0');
    expect(lines.some((l) => l.msg === 'live calls reconciled with Asterisk: some events were missed')).toBe(true);
  });
});
