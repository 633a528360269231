// AmiClient against a scripted TCP server that writes the bytes Asterisk really sent
// (ami-actions capture), with ActionIDs rewritten to the client's.

import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../src/asterisk/ami/ami-client.ts';
import { type AmiFieldInput, AmiHeaderInjectionError, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { AmiActionError, AmiNotConnectedError, AmiTimeoutError } from '../../../src/asterisk/ami/ami-errors.ts';
import { isListAction } from '../../../src/asterisk/ami/ami-message-kind.ts';
import { amiRig, cleanupRigs } from './helpers/ami-test-setup.ts';
import { memoryLogger } from './helpers/memory-logger.ts';
import { capturedExchanges, message, rewriteActionId } from './helpers/scripted-ami-server.ts';
import { readRaw } from './helpers/transcripts.ts';
import { nextEvent, sleep } from './helpers/wait.ts';

afterEach(cleanupRigs);

const withoutActionId = (m: AmiMessage) => m.fields.filter(([k]) => k !== 'ActionID');

/** A captured request as client fields (repeated keys become arrays; Action/ActionID left out). */
function requestFields(req: AmiMessage): AmiFieldInput {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of req.fields) {
    if (k === 'Action' || k === 'ActionID') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

describe('AmiClient login', () => {
  it('logs in, emits connected with the banner (Response comes before FullyBooted), then the events', async () => {
    const rig = await amiRig();
    const order: string[] = [];
    rig.client.on('connected', () => order.push('connected'));
    rig.client.on('event', (e) => order.push(e.event!));
    rig.client.start();
    const info = await nextEvent<{ banner: string }>(rig.client, 'connected');
    expect(info.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(rig.client.connected).toBe(true);
    await expect.poll(() => order).toEqual(['connected', 'FullyBooted', 'SuccessfulAuth']);

    const login = rig.server.conns[0]!.received[0]!;
    expect(login.fields.map(([k]) => k)).toEqual(['Action', 'ActionID', 'Username', 'Secret', 'Events']);
    expect(login.get('Username')).toBe('cti');
    expect(login.get('Events')).toBe('on');
    expect(login.actionId).toMatch(/^cti-[0-9a-f]{8}-\d+$/);
  });

  it('refuses credentials with CR/LF at construction', () => {
    const { logger } = memoryLogger();
    const opts = { host: '127.0.0.1', port: 1, username: 'cti', serverId: 'x', logger };
    expect(() => new AmiClient({ ...opts, secret: 'a\r\nAction: Originate' })).toThrow(AmiHeaderInjectionError);
  });
});

describe('AmiClient actions', () => {
  it('replays the whole ami-actions session: responses, lists, errors and interleaved events', async () => {
    const rig = await amiRig();
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const { exchanges } = capturedExchanges('ami-actions');
    const expectedEvents: AmiMessage[] = [];
    let sent = 1;
    for (const x of exchanges) {
      const replies = x.replies.map(message);
      const list = replies.some((r) => r.response !== undefined && r.get('EventList') === 'start');
      const own = (m: AmiMessage) => m.event !== undefined && m.actionId === x.actionId;
      expectedEvents.push(...replies.filter((r) => r.event !== undefined && !(list && own(r))));
      if (x.action === 'Login' || x.action === 'Logoff') continue;

      const req = message(x.request);
      expect(isListAction(x.action), x.action).toBe(list);
      const response = replies.find((r) => r.event === undefined && r.actionId === x.actionId)!;
      const run = list
        ? rig.client.actionList(x.action, requestFields(req))
        : rig.client.action(x.action, requestFields(req));
      if (response.response === 'Error') {
        const err = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, x.actionId).toBeInstanceOf(AmiActionError);
        expect((err as AmiActionError).message).toBe(response.get('Message'));
        expect((err as AmiActionError).response.response).toBe('Error');
      } else if (list) {
        const result = (await run) as Awaited<ReturnType<AmiClient['actionList']>>;
        const items = replies.filter((r) => own(r) && r.get('EventList') !== 'Complete');
        expect(result.items.map(withoutActionId)).toEqual(items.map(withoutActionId));
        expect(result.complete.get('EventList')).toBe('Complete');
        expect(result.complete.get('ListItems')).toBe(String(items.length));
        expect(withoutActionId(result.response)).toEqual(withoutActionId(response));
      } else {
        expect(withoutActionId((await run) as AmiMessage)).toEqual(withoutActionId(response));
      }
      // What reached the wire is the captured request, apart from our own ActionID.
      expect(withoutActionId(rig.server.conns[0]!.received[sent++]!)).toEqual(withoutActionId(req));
    }
    expect(sent - 1).toBe(40); // every captured action except Login and Logoff
    expect(expectedEvents.length).toBeGreaterThan(200);
    await expect.poll(() => rig.events.length).toBe(expectedEvents.length);
    expect(rig.events.map(withoutActionId)).toEqual(expectedEvents.map(withoutActionId));
    // The async Originate's OriginateResponse came out as an event, with the client's ActionID.
    const originate = rig.server.conns[0]!.received.find((m) => m.get('Action') === 'Originate')!;
    expect(rig.events.find((e) => e.event === 'OriginateResponse')!.actionId).toBe(originate.actionId);
  });

  it('correlates by ActionID when answers come out of order with events between list items', async () => {
    const pending: AmiMessage[] = [];
    const rig = await amiRig((msg, conn, responder) => {
      if (!['Getvar', 'CoreSettings', 'QueueStatus'].includes(msg.get('Action')!)) return false;
      pending.push(msg);
      if (pending.length < 3) return true;
      const [getvar, settings, status] = pending.map((m) => responder.repliesFor(m));
      const calls = readRaw('ami-queue-call')
        .toString('utf8')
        .split('\r\n\r\n')
        .slice(40, 43)
        .map((t) => `${t}\r\n\r\n`);
      // Status list: response, QueueParams, <foreign event>, Getvar answer, QueueMember, CoreSettings
      // answer, <foreign event>, QueueMember, <foreign event>, QueueStatusComplete.
      conn.write(
        [
          status![0],
          status![1],
          calls[0],
          getvar![0],
          status![2],
          settings![0],
          calls[1],
          status![3],
          calls[2],
          status![4],
        ].join(''),
      );
      return true;
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const before = rig.events.length;
    const [getvar, settings, status] = await Promise.all([
      rig.client.action('Getvar', { Channel: 'Local/200@cti-test-00000000;1', Variable: 'CTI_TAG' }),
      rig.client.action('CoreSettings'),
      rig.client.actionList('QueueStatus', { Queue: 'q137' }),
    ]);
    expect(getvar.get('Value')).toBe('abc123');
    expect(settings.get('AsteriskVersion')).toBe('22.10.1');
    expect(status.items.map((i) => i.event)).toEqual(['QueueParams', 'QueueMember', 'QueueMember']);
    expect(status.items.map((i) => i.get('Name') ?? null)).toEqual([null, 'Agent 1001', 'Agent 1002']);
    expect(status.complete.event).toBe('QueueStatusComplete');
    await expect.poll(() => rig.events.length - before).toBe(3);
    expect(rig.events.slice(before).every((e) => e.actionId === undefined)).toBe(true);
  });

  it('lets the caller choose the ActionID up front so an OriginateResponse in the same chunk is not missed', async () => {
    const rig = await amiRig();
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const id = rig.client.newActionId();
    const seen = nextEvent<AmiMessage>(
      rig.client,
      'event',
      (e) => e.event === 'OriginateResponse' && e.actionId === id,
    );
    const res = await rig.client.action(
      'Originate',
      {
        Channel: 'Local/200@cti-test',
        Context: 'cti-test',
        Exten: 202,
        Priority: 1,
        Async: true,
        Variable: ['CTI_TAG=abc123'],
      },
      { actionId: id },
    );
    expect(res.get('Message')).toBe('Originate successfully queued');
    expect((await seen).get('Reason')).toBe('4');
  });

  it('times out an unanswered action; a list timeout restarts on every item', async () => {
    const rig = await amiRig((msg, conn, responder) => {
      if (msg.get('Action') === 'Command') return true; // never answered
      if (msg.get('Action') !== 'QueueStatus') return false;
      const parts = responder.repliesFor(msg);
      parts.forEach((p, i) => setTimeout(() => conn.write(p), i * 60)); // 240 ms in total
      return true;
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const err = await rig.client
      .action('Command', { Command: 'core show version' }, { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiTimeoutError);
    expect((err as Error).message).toMatch(/Command .* within 100 ms/);
    const list = await rig.client.actionList('QueueStatus', { Queue: 'q137' }, { timeoutMs: 150 });
    expect(list.items).toHaveLength(3);
    // A late answer to the timed-out action is ignored (logged at debug), not mistaken for another.
    rig.server.conns[0]!.write(rewriteActionId('Response: Success\r\nActionID: x\r\n\r\n', 'x', 'cti-late-1'));
    expect((await rig.client.action('Ping')).get('Ping')).toBe('Pong');
  });

  it('refuses CR/LF in any value or name before writing a single byte', async () => {
    const rig = await amiRig();
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await sleep(20);
    const conn = rig.server.conns[0]!;
    const bytesBefore = conn.bytes().length;
    const attempts = [
      rig.client.action('Setvar', { Channel: 'PJSIP/x', Variable: 'NOTE', Value: 'hi\r\nAction: Hangup' }),
      rig.client.action('Originate', { Variable: ['A=1', 'B=2\nAction: Hangup'] }),
      rig.client.actionList('QueueStatus\r\nAction: Logoff'),
      rig.client.action('Getvar', { 'Bad\rKey': 'x' }),
    ];
    for (const a of attempts) await expect(a).rejects.toBeInstanceOf(AmiHeaderInjectionError);
    await sleep(50);
    expect(conn.bytes().length).toBe(bytesBefore);
    expect(rig.client.connected).toBe(true);
  });

  it('fails fast with AmiNotConnectedError before start and after stop (nothing is queued)', async () => {
    const rig = await amiRig();
    await expect(rig.client.action('Ping')).rejects.toThrow(/not started or stopped/);
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    await rig.client.stop();
    await expect(rig.client.actionList('QueueStatus')).rejects.toBeInstanceOf(AmiNotConnectedError);
  });

  it('stop() sends Logoff, resolves once closed, rejects pending actions and does not reconnect', async () => {
    const rig = await amiRig((msg, conn, responder) => {
      if (msg.get('Action') === 'Command') return true;
      if (msg.get('Action') !== 'Logoff') return false;
      conn.write(responder.repliesFor(msg).join(''));
      conn.socket.end();
      return true;
    });
    rig.client.start();
    await nextEvent(rig.client, 'connected');
    const stuck = rig.client.action('Command', { Command: 'core show uptime' }).catch((e: unknown) => e);
    const disconnected = nextEvent(rig.client, 'disconnected');
    await rig.client.stop();
    await disconnected;
    expect(await stuck).toBeInstanceOf(AmiNotConnectedError);
    expect(rig.client.connected).toBe(false);
    expect(rig.server.conns[0]!.received.at(-1)!.get('Action')).toBe('Logoff');
    await sleep(150);
    expect(rig.server.conns).toHaveLength(1);
  });
});
