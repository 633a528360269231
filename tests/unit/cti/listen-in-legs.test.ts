import { afterEach, describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { droppedEventLog } from '../../../src/cti/dropped-event-log.ts';
import { dropReason } from '../../../src/cti/telephony-filter.ts';
import { toTelephonyEvent } from '../../../src/cti/telephony-parse.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { memoryLogger } from '../asterisk/helpers/memory-logger.ts';
import { firstEvent, keys, loadRaw } from '../emulator/transcript-tools.ts';

/**
 * Issue 10 #8: a supervisor's listen-in is an AMI Originate of their phone into ChanSpy. Asterisk
 * dials it through ast_dial with no calling channel, so its DialBegin/DialEnd carry only the
 * Dest… block (manager_channels.c channel_dial_cb: the caller block is printed only when there is
 * a caller). They are recognised, not logged as events cut short on every listen.
 */
let emu: Emulator | undefined;
let ami: AmiTestClient | undefined;
afterEach(async () => {
  ami?.close();
  await emu?.close();
  emu = ami = undefined;
});

/** The Dest… block of a captured DialBegin/DialEnd (a queue's member leg), then its last field. */
function destOnly(captured: AmiMessage, last: string): string[] {
  const k = keys(captured);
  return ['Event', 'Privilege', 'Timestamp', ...k.filter((x) => x.startsWith('Dest')), last];
}

describe("a listen-in phone's own dial", () => {
  it('the emulator sends it as Asterisk does, and the CTI recognises it without a warning', async () => {
    emu = await startTestEmulator({ endpoints: ['1001', '2001'] });
    ami = await AmiTestClient.login(emu.amiPort);
    await ami.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001', MemberName: 'Operator 1001' });
    const call = await ctl(emu.ariPort, 'POST', '/calls', { from: '09121234567', to: '137' });
    await ami.waitEvent('AgentCalled');
    await ctl(emu.ariPort, 'POST', '/endpoints/1001/answer');
    await ami.waitEvent('AgentConnect');
    const r = await ami.action('Originate', {
      Channel: 'PJSIP/2001',
      Application: 'ChanSpy',
      Data: 'PJSIP/1001-,qE',
      CallerID: '"Listen" <2001>',
      Async: 'true',
    });
    expect(r.response).toBe('Success');
    const spy = (await ami.waitEvent('OriginateResponse')).get('Uniqueid')!;
    const mine = (m: AmiMessage) => m.get('DestUniqueid') === spy;
    const begin = await ami.waitEvent('DialBegin', mine);
    const end = await ami.waitEvent('DialEnd', mine);

    // Field by field what a queue member's leg has, without the caller block.
    const real = loadRaw('ami-queue-call.server.raw');
    expect(keys(begin)).toEqual(destOnly(firstEvent(real, 'DialBegin'), 'DialString'));
    expect(keys(end)).toEqual(destOnly(firstEvent(real, 'DialEnd'), 'DialStatus'));
    expect([begin.get('DialString'), end.get('DialStatus'), begin.get('DestChannel')]).toEqual([
      '2001',
      'ANSWER',
      expect.stringMatching(/^PJSIP\/2001-/),
    ]);
    // The order of ast_dial: DialBegin, RINGING, then ANSWER before OriginateResponse.
    const order = ami.messages
      .filter((m) => mine(m) || (m.event === 'OriginateResponse' && m.get('Uniqueid') === spy))
      .map((m) => `${m.event}${m.get('DialStatus') ? `:${m.get('DialStatus')}` : ''}`);
    expect(order).toEqual(['DialBegin', 'DialState:RINGING', 'DialEnd:ANSWER', 'OriginateResponse']);

    const { logger, lines } = memoryLogger();
    const drop = droppedEventLog(logger, 'pbx1');
    for (const m of ami.messages.filter((x) => x.event !== undefined)) {
      if (toTelephonyEvent(m, 'pbx1') === null) drop(m);
    }
    expect(lines.filter((l) => /identify/.test(l.msg))).toEqual([]);
    for (const m of [begin, end]) {
      expect(toTelephonyEvent(m, 'pbx1')).toBeNull();
      expect(dropReason(m)).toBe('ignored');
    }
    await ctl(emu.ariPort, 'POST', `/channels/${call.json.channelId}/hangup`);
  });

  it('a dial event cut short (neither caller nor Dest block) is still logged as such', () => {
    const { logger, lines } = memoryLogger();
    const cut = new AmiMessage([
      ['Event', 'DialBegin'],
      ['Privilege', 'call,all'],
      ['DialString', '2001'],
    ]);
    expect(dropReason(cut)).toBe('unidentifiable');
    droppedEventLog(logger, 'pbx1')(cut);
    expect(lines.map((l) => [l.msg, l.event])).toEqual([
      ['AMI: event without the fields that identify its call or member skipped', 'DialBegin'],
    ]);
  });
});
