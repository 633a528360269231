import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { waitFor } from '../../helpers/wait.ts';
import { firstEvent, keys, loadRaw } from './transcript-tools.ts';

/**
 * `core restart now` with calls up, against what Asterisk 22.10.1 sends (no capture of a restart
 * exists: the frames are read from its source, tag 22.10.1):
 *  - main/asterisk.c:2461 handle_restart_now → quit_handler(0, SHUTDOWN_NORMAL, 1);
 *    can_safely_quit, line 2004-2011: ast_softhangup_all(), then wait for the channels to die;
 *  - main/channel.c:485-497 ast_softhangup_all → ast_softhangup(chan, AST_SOFTHANGUP_SHUTDOWN) on
 *    every channel; AST_SOFTHANGUP_SHUTDOWN = (1 << 2) (include/asterisk/channel.h:1151);
 *    main/channel.c:2460-2481 publishes {cause: 4, soft: true} at once;
 *  - main/manager_channels.c:826-877 channel_hangup_request_cb: `SoftHangupRequest`, the channel
 *    snapshot block, then `Cause: 4` (the same layout as the captures' SoftHangupRequest Cause 16);
 *  - apps/app_queue.c:5311-5339 record_abandoned → QueueCallerAbandon (Queue, Position,
 *    OriginalPosition, HoldTime) for the waiting caller, whose Queue() returns -1 (line 9228-9235);
 *  - apps/app_queue.c:7071 handle_hangup is subscribed to the hangup request: AgentComplete
 *    (line 6380-6409: Queue, Interface, MemberName, HoldTime, TalkTime, Reason) for the bridged call;
 *  - main/asterisk.c:2090-2096 really_quit: `Event: Shutdown`, class system, `Shutdown: Cleanly`
 *    (no channel left) then `Restart: True`, in pack order (main/manager.c:555-563).
 * Field lists are compared with the captures' events of the same name, field by field.
 */
let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ami?.close();
  await emu?.close();
  emu = ami = undefined;
});

const q = { name: 'q137', strategy: 'rrmemory' as const, timeoutSec: 300, retrySec: 2 };

/** One caller talking with 1001, one waiting (the only member is busy); the AMI client sees everything. */
async function twoCalls(): Promise<{ talking: string; waiting: string; agent: string }> {
  emu = await startTestEmulator({ queues: [q], endpoints: ['1001'], timeScale: 0.02 });
  ami = await AmiTestClient.login(emu.amiPort);
  await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001', MemberName: 'Operator 1001' });
  const talking = (await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' })).json.channelId;
  await ami.waitEvent('AgentCalled');
  await ctl(emu.ariPort, 'POST', '/endpoints/1001/answer');
  const connect = await ami.waitEvent('AgentConnect');
  const waiting = (await ctl(emu.ariPort, 'POST', '/calls', { from: '09129876543', to: '137' })).json.channelId;
  await ami.waitEvent('QueueCallerJoin', (m) => m.get('Uniqueid') === waiting);
  return { talking: talking as string, waiting: waiting as string, agent: connect.get('DestUniqueid')! };
}

async function restartAndCollect(): Promise<AmiMessage[]> {
  const from = ami!.messages.length;
  const restarting = emu!.restart(200);
  await waitFor(() => ami!.closed, 5000, 'AMI closed by the restart');
  await restarting;
  return ami!.messages.slice(from);
}

const at = (msgs: AmiMessage[], event: string, uid: string, pred: (m: AmiMessage) => boolean = () => true) =>
  msgs.findIndex((m) => m.event === event && m.get('Uniqueid') === uid && pred(m));

describe('emulator restart frames vs Asterisk 22 core restart now', () => {
  it('SoftHangupRequest Cause 4 on every channel, then the queue events and Hangups, then Shutdown', async () => {
    const { talking, waiting, agent } = await twoCalls();
    const msgs = await restartAndCollect();
    const abandonCapture = loadRaw('ami-queue-abandon.server.raw');
    const callCapture = loadRaw('ami-queue-call.server.raw');

    const shr = msgs.filter((m) => m.event === 'SoftHangupRequest' && m.get('Cause') === '4');
    expect(shr.map((m) => m.get('Uniqueid')).sort()).toEqual([talking, waiting, agent].sort());
    for (const m of shr) {
      expect(keys(m)).toEqual(keys(firstEvent(abandonCapture, 'SoftHangupRequest')));
      expect(m.get('Privilege')).toBe('call,all');
    }
    // ast_softhangup_all publishes every request before any channel thread unwinds.
    const lastShr = Math.max(...shr.map((m) => msgs.indexOf(m)));
    const firstConsequence = msgs.findIndex((m) =>
      ['QueueCallerAbandon', 'AgentComplete', 'Hangup'].includes(m.event!),
    );
    expect(lastShr).toBeLessThan(firstConsequence);

    // The waiting caller: record_abandoned, then it leaves the queue, then Hangup.
    const abandon = msgs[at(msgs, 'QueueCallerAbandon', waiting)]!;
    expect(keys(abandon)).toEqual(keys(firstEvent(abandonCapture, 'QueueCallerAbandon')));
    expect([abandon.get('Queue'), abandon.get('Position'), abandon.get('OriginalPosition')]).toEqual([
      'q137',
      '1',
      '1',
    ]);
    expect(at(msgs, 'QueueCallerAbandon', waiting)).toBeLessThan(at(msgs, 'QueueCallerLeave', waiting));
    expect(at(msgs, 'QueueCallerLeave', waiting)).toBeLessThan(at(msgs, 'Hangup', waiting));

    // The bridged call: AgentComplete, for the channel whose request came first (the caller), then both Hangups.
    const complete = firstEvent(msgs, 'AgentComplete');
    expect(keys(complete)).toEqual(keys(firstEvent(callCapture, 'AgentComplete')));
    expect([complete.get('Uniqueid'), complete.get('DestUniqueid'), complete.get('Reason')]).toEqual([
      talking,
      agent,
      'caller',
    ]);
    expect(at(msgs, 'SoftHangupRequest', talking, (m) => m.get('Cause') === '4')).toBeLessThan(msgs.indexOf(complete));
    for (const uid of [talking, agent]) expect(at(msgs, 'Hangup', uid)).toBeGreaterThan(msgs.indexOf(complete));
    for (const uid of [talking, waiting, agent])
      expect(keys(msgs[at(msgs, 'Hangup', uid)]!)).toEqual(keys(firstEvent(callCapture, 'Hangup')));

    // Shutdown is the last frame, after every Hangup, with its two fields in pack order.
    const shutdown = msgs.at(-1)!;
    expect(shutdown.event).toBe('Shutdown');
    expect(keys(shutdown)).toEqual(['Event', 'Privilege', 'Timestamp', 'Shutdown', 'Restart']);
    expect([shutdown.get('Privilege'), shutdown.get('Shutdown'), shutdown.get('Restart')]).toEqual([
      'system,all',
      'Cleanly',
      'True',
    ]);
    expect(msgs.filter((m) => m.event === 'Shutdown')).toHaveLength(1);
  });

  it('a crash (restart with crash: true) drops the link without a single frame', async () => {
    await twoCalls();
    const from = ami!.messages.length;
    const restarting = emu!.restart(200, { crash: true });
    await waitFor(() => ami!.closed, 5000, 'AMI closed by the crash');
    await restarting;
    expect(ami!.messages.slice(from).map((m) => m.event)).toEqual([]);
  });

  it('POST /_emulator/restart refuses a crash that is not a boolean', async () => {
    emu = await startTestEmulator();
    const r = await ctl(emu.ariPort, 'POST', '/restart', { downMs: 100, crash: 'yes' });
    expect(r).toEqual({ status: 400, json: { message: '"crash" must be true or false' } });
  });
});
