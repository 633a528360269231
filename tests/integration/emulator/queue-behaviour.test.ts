import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { quietWindow } from '../../helpers/wait.ts';
import { AmiTestClient, AriTestClient, ari, chan, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';

let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ami?.close();
  await emu?.close();
  emu = ami = undefined;
});

async function setup(members: string[], queue = 'q137', timeoutSec = 60): Promise<AmiTestClient> {
  emu = await startTestEmulator({
    queues: [
      { name: 'q137', strategy: 'rrmemory', timeoutSec, retrySec: 2 },
      { name: 'q137hazard', strategy: 'ringall', timeoutSec, retrySec: 1 },
    ],
  });
  ami = await AmiTestClient.login(emu.amiPort);
  for (const ep of members)
    await ami.action('QueueAdd', { Queue: queue, Interface: `PJSIP/${ep}`, MemberName: `Operator ${ep}` });
  return ami;
}

const place = async (from: string): Promise<string> =>
  (await ctl(emu!.ariPort, 'POST', '/calls', { from, to: '137' })).json.channelId as string;

describe('queue behaviour', () => {
  it('ring-no-answer moves on to the next member after the retry', async () => {
    const c = await setup(['1001', '1002'], 'q137', 15);
    await place('09121112233');
    const first = await c.waitEvent('AgentCalled');
    const rna = await c.waitEvent('AgentRingNoAnswer', () => true, 3000);
    expect(rna.get('Interface')).toBe(first.get('Interface'));
    expect(Number(rna.get('RingTime'))).toBeGreaterThanOrEqual(14_000); // q137 rings 15 s (emulated ms)
    const ends = c.events('DialEnd').map((m) => m.get('DialStatus'));
    expect(ends).toEqual(['NOANSWER', 'CANCEL']);
    const second = await c.waitEvent('AgentCalled', (m) => m.get('Interface') !== first.get('Interface'), 3000);
    expect(second.get('Interface')).toMatch(/^PJSIP\/100[12]$/);
  });

  it('abandon while waiting: QueueCallerAbandon with positions and hold time, Hangup cause 0', async () => {
    const c = await setup([]);
    const a = await place('09120000001');
    const b = await place('09120000002');
    await c.waitEvent(
      'QueueCallerJoin',
      (m) => m.get('Uniqueid') === b && m.get('Position') === '2' && m.get('Count') === '2',
    );
    await ctl(emu!.ariPort, 'POST', `/channels/${a}/hangup`);
    const ab = await c.waitEvent('QueueCallerAbandon');
    expect(ab.get('Uniqueid')).toBe(a);
    expect(ab.get('Position')).toBe('1');
    expect(ab.get('OriginalPosition')).toBe('1');
    expect(ab.get('HoldTime')).toMatch(/^\d+$/);
    await c.waitEvent('QueueCallerLeave', (m) => m.get('Uniqueid') === a && m.get('Count') === '1');
    const hangup = await c.waitEvent('Hangup', (m) => m.get('Uniqueid') === a);
    expect([hangup.get('Cause'), hangup.get('Cause-txt')]).toEqual(['0', 'Unknown']);
    const summary = await c.list('QueueSummary', { Queue: 'q137' });
    expect(summary.items[0]?.get('Callers')).toBe('1');
  });

  it('Queue() timeout: AgentRingNoAnswer, QueueCallerAbandon, QueueCallerLeave, QUEUESTATUS=TIMEOUT, and the dialplan hangs up (no HangupRequest before)', async () => {
    // 20 emulated seconds = 1 s real; the member would ring for 60.
    emu = await startTestEmulator({
      queues: [{ name: 'q137', strategy: 'rrmemory', timeoutSec: 60, retrySec: 2, callerTimeoutSec: 20 }],
    });
    const c = (ami = await AmiTestClient.login(emu.amiPort));
    await c.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001', MemberName: 'Operator 1001' });
    const id = await place('09120000009');
    const queueApp = await c.waitEvent('Newexten', (m) => m.get('Uniqueid') === id && m.get('Application') === 'Queue');
    expect(queueApp.get('AppData')).toBe('q137,c,,,20');
    await c.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === id);
    const hangup = await c.waitEvent('Hangup', (m) => m.get('Uniqueid') === id, 5000);
    expect(hangup.get('Cause')).toBe('16');
    const wanted = new Set([
      'AgentRingNoAnswer',
      'DialEnd',
      'QueueCallerAbandon',
      'QueueCallerLeave',
      'HangupRequest',
      'SoftHangupRequest',
      'Hangup',
    ]);
    const seq = c.messages
      .filter(
        (m) =>
          m.get('Uniqueid') === id &&
          (wanted.has(m.event ?? '') || (m.event === 'VarSet' && m.get('Variable') === 'QUEUESTATUS')),
      )
      .map((m) =>
        m.event === 'VarSet'
          ? `QUEUESTATUS=${m.get('Value')}`
          : m.event === 'DialEnd'
            ? `DialEnd ${m.get('DialStatus')}`
            : m.event,
      );
    expect(seq).toEqual([
      'AgentRingNoAnswer',
      'DialEnd NOANSWER',
      'DialEnd CANCEL',
      'QueueCallerAbandon',
      'QueueCallerLeave',
      'QUEUESTATUS=TIMEOUT',
      'SoftHangupRequest',
      'Hangup',
    ]);
    const ab = c.events('QueueCallerAbandon').find((m) => m.get('Uniqueid') === id)!;
    expect(Number(ab.get('HoldTime'))).toBeGreaterThanOrEqual(19);
    expect(
      c
        .events('Newexten')
        .filter((m) => m.get('Uniqueid') === id)
        .map((m) => m.get('Application'))
        .slice(-2),
    ).toEqual(['Queue', 'Hangup']);
    const summary = await c.list('QueueSummary', { Queue: 'q137' });
    expect(summary.items[0]?.get('Callers')).toBe('0');
  });

  it('QUEUE_PRIO puts a hazard caller ahead of earlier callers; CTI_QUEUE picks the queue', async () => {
    const c = await setup([]);
    const ws = await AriTestClient.connect(emu!.ariPort);
    try {
      const p = emu!.ariPort;
      const a = await place('09120000001');
      await ws.waitEvent('StasisStart', (e) => chan(e).id === a);
      await ari(p, 'POST', `/ari/channels/${a}/continue`);
      const b = await place('09120000002');
      await ws.waitEvent('StasisStart', (e) => chan(e).id === b);
      await ari(p, 'POST', `/ari/channels/${b}/variable?variable=QUEUE_PRIO&value=5`);
      await ari(p, 'POST', `/ari/channels/${b}/continue`);
      const join = await c.waitEvent('QueueCallerJoin', (m) => m.get('Uniqueid') === b);
      expect([join.get('Position'), join.get('Count')]).toEqual(['1', '2']);
      const { items } = await c.list('QueueStatus', { Queue: 'q137' });
      const entries = items.filter((m) => m.event === 'QueueEntry');
      expect(entries.map((m) => [m.get('Uniqueid'), m.get('Priority')])).toEqual([
        [b, '5'],
        [a, '0'],
      ]);
      const h = await place('09120000003');
      await ws.waitEvent('StasisStart', (e) => chan(e).id === h);
      await ari(p, 'POST', `/ari/channels/${h}/variable`, { variable: 'CTI_QUEUE', value: 'q137hazard' });
      await ari(p, 'POST', `/ari/channels/${h}/continue`);
      const hz = await c.waitEvent('QueueCallerJoin', (m) => m.get('Uniqueid') === h);
      expect(hz.get('Queue')).toBe('q137hazard');
    } finally {
      ws.close();
    }
  });

  it('QueuePause / QueueRemove / QueueAdd errors as Asterisk words them', async () => {
    const c = await setup(['1001']);
    expect((await c.action('QueueRemove', { Queue: 'q137', Interface: 'PJSIP/9999' })).get('Message')).toBe(
      'Unable to remove interface: Not there',
    );
    expect(
      (await c.action('QueuePause', { Queue: 'q137', Interface: 'PJSIP/9999', Paused: 'true' })).get('Message'),
    ).toBe('Interface not found');
    expect((await c.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001' })).get('Message')).toBe(
      'Unable to add interface: Already there',
    );
    expect((await c.action('QueueAdd', { Queue: 'nope', Interface: 'PJSIP/1001' })).get('Message')).toBe(
      'Unable to add interface to queue: No such queue',
    );
    const paused = await c.action('QueuePause', { Interface: 'PJSIP/1001', Paused: 'true', Reason: 'lunch' });
    expect(paused.get('Message')).toBe('Interface paused successfully');
    const ev = await c.waitEvent('QueueMemberPause');
    expect([ev.get('Paused'), ev.get('PausedReason'), ev.get('Queue')]).toEqual(['1', 'lunch', 'q137']);
    expect((await c.action('QueuePause', { Interface: 'PJSIP/1001', Paused: 'false' })).get('Message')).toBe(
      'Interface unpaused successfully',
    );
    expect((await c.action('QueueRemove', { Queue: 'q137', Interface: 'PJSIP/1001' })).get('Message')).toBe(
      'Removed interface from queue',
    );
    await c.waitEvent('QueueMemberRemoved');
  });

  it('QueueStatus lists params, members (Name/Location) and entries with the ActionID last', async () => {
    const c = await setup(['1001', '1002']);
    await c.action('QueuePause', { Queue: 'q137', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'break' });
    await c.action('QueuePause', { Queue: 'q137', Interface: 'PJSIP/1002', Paused: 'true', Reason: 'break' });
    await place('09150001122');
    await c.waitEvent('QueueCallerJoin');
    const { response, items } = await c.list('QueueStatus', { Queue: 'q137' });
    expect(response.get('EventList')).toBe('start');
    expect(response.get('Message')).toBe('Queue status will follow');
    expect(items.map((m) => m.event)).toEqual([
      'QueueParams',
      'QueueMember',
      'QueueMember',
      'QueueEntry',
      'QueueStatusComplete',
    ]);
    const member = items[1]!;
    expect([member.get('Name'), member.get('Location'), member.get('Paused'), member.get('PausedReason')]).toEqual([
      'Operator 1001',
      'PJSIP/1001',
      '1',
      'break',
    ]);
    for (const m of items.slice(0, 4)) expect(m.fields.at(-1)).toEqual(['ActionID', response.actionId]);
    expect(items[4]?.get('ListItems')).toBe('4');
    const all = await c.list('QueueStatus');
    expect(all.items.filter((m) => m.event === 'QueueParams').map((m) => m.get('Queue'))).toEqual([
      'q137',
      'q137hazard',
    ]);
  });

  it('CoreShowChannels, Status with Variables, Getvar/Setvar, Hangup and Redirect errors', async () => {
    const c = await setup([]);
    const id = await place('09127776655');
    await c.waitEvent('QueueCallerJoin');
    const chans = await c.list('CoreShowChannels');
    const row = chans.items.find((m) => m.event === 'CoreShowChannel')!;
    expect(row.fields[1]).toEqual(['ActionID', chans.response.actionId]);
    expect([row.get('Application'), row.get('ApplicationData')]).toEqual(['Queue', 'q137,c']);
    expect(
      (await c.action('Setvar', { Channel: 'PJSIP/trunk-00000000', Variable: 'CTI_NOTE', Value: 'hello' })).get(
        'Message',
      ),
    ).toBe('Variable Set');
    const got = await c.action('Getvar', { Channel: 'PJSIP/trunk-00000000', Variable: 'CTI_NOTE' });
    expect([got.get('Variable'), got.get('Value')]).toEqual(['CTI_NOTE', 'hello']);
    const st = await c.list('Status', { Channel: 'PJSIP/trunk-00000000', Variables: 'CTI_NOTE,QUEUE_PRIO' });
    const status = st.items.find((m) => m.event === 'Status')!;
    expect(status.getAll('Variable')).toEqual(['CTI_NOTE=hello', 'QUEUE_PRIO=']);
    expect(status.get('Uniqueid')).toBe(id);
    expect(st.items.at(-1)?.get('Items')).toBe('1');
    expect((await c.action('Hangup', { Channel: 'PJSIP/nobody-00000000' })).get('Message')).toBe('No such channel');
    expect(
      (await c.action('Redirect', { Channel: 'PJSIP/nobody-00000000', Context: 'x', Exten: '1', Priority: '1' })).get(
        'Message',
      ),
    ).toBe('Channel does not exist: PJSIP/nobody-00000000');
    expect((await c.action('Hangup', { Channel: 'PJSIP/trunk-00000000', Cause: '16' })).get('Message')).toBe(
      'Channel Hungup',
    );
    const soft = await c.waitEvent('SoftHangupRequest', (m) => m.get('Uniqueid') === id);
    expect(soft.get('Cause')).toBe('16');
    await c.waitEvent('QueueCallerAbandon');
    await c.waitEvent('Hangup', (m) => m.get('Uniqueid') === id);
  });

  it('an unregistered phone is Unavailable (5) and is not rung until it registers again', async () => {
    const c = await setup(['1001']);
    expect((await ctl(emu!.ariPort, 'POST', '/endpoints/1001/unregister')).status).toBe(200);
    await c.waitEvent('PeerStatus', (m) => m.get('PeerStatus') === 'Unreachable');
    await c.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '5');
    await place('09121112233');
    await c.waitEvent('QueueCallerJoin');
    // The unavailable member must NOT be rung: a free one is rung on the next tick, 50 ms is ample.
    await quietWindow(50);
    expect(c.events('AgentCalled')).toEqual([]);
    await ctl(emu!.ariPort, 'POST', '/endpoints/1001/register');
    await c.waitEvent('QueueMemberStatus', (m) => m.get('Status') === '1');
    expect((await c.waitEvent('AgentCalled')).get('Interface')).toBe('PJSIP/1001');
  });
});
