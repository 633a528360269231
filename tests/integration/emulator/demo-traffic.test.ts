import { pino } from 'pino';
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
import { waitFor } from '../../helpers/wait.ts';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The smallest IVR that plays along: greet, wait for a digit, continue; survey: prompt, digit, hang up. */
function runFakeIvr(ws: AriTestClient, port: number): void {
  const seen = new Set<AriEvent>();
  const tick = async (): Promise<void> => {
    for (const e of ws.events) {
      if (seen.has(e)) continue;
      seen.add(e);
      const id = e.channel ? chan(e).id : undefined;
      if (e.type === 'StasisStart' && id) {
        const args = e.args as string[];
        if (args[0] === 'welcome') await ari(port, 'POST', `/ari/channels/${id}/answer`);
        await ari(port, 'POST', `/ari/channels/${id}/play?media=sound:beep`);
      }
      if (e.type === 'ChannelDtmfReceived' && id) {
        const inSurvey = ws.events.some(
          (x) => x.type === 'StasisStart' && (x.args as string[])[0] === 'survey' && chan(x).id === id,
        );
        if (inSurvey) await ari(port, 'DELETE', `/ari/channels/${id}`);
        else await ari(port, 'POST', `/ari/channels/${id}/continue`);
      }
    }
  };
  const timer = setInterval(() => void tick().catch(() => undefined), 5);
  ws.ws.on('close', () => clearInterval(timer));
}

describe('demo traffic', () => {
  it('places Iranian-numbered calls that go through welcome, queue, operator and survey by themselves', async () => {
    const problems: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void problems.push(s) });
    emu = await startTestEmulator({ timeScale: 0.01, logger });
    const ami = await AmiTestClient.login(emu.amiPort);
    const ws = await AriTestClient.connect(emu.ariPort);
    runFakeIvr(ws, emu.ariPort);
    for (const ep of ['1001', '1002', '1003']) {
      await ami.action('QueueAdd', { Queue: 'q137', Interface: `PJSIP/${ep}`, MemberName: `Operator ${ep}` });
      await ami.action('QueueAdd', { Queue: 'q137hazard', Interface: `PJSIP/${ep}`, MemberName: `Operator ${ep}` });
    }
    // Switched on once the app listens, as EMULATOR_TRAFFIC would be at start.
    expect((await ctl(emu.ariPort, 'POST', '/traffic', { on: true })).json).toEqual({ traffic: true });
    await waitFor(() => ami.events('AgentComplete').length >= 2, 15_000, 'two completed demo calls');
    await waitFor(
      () =>
        ws.events.some(
          (e) =>
            e.type === 'ChannelDtmfReceived' &&
            ws.events.some(
              (s) => s.type === 'StasisStart' && (s.args as string[])[0] === 'survey' && chan(s).id === chan(e).id,
            ),
        ),
      15_000,
      'a survey answer',
    );
    const numbers = ami
      .events('Newchannel')
      .filter((m) => m.get('Channel')!.startsWith('PJSIP/trunk-'))
      .map((m) => m.get('CallerIDNum')!);
    for (const n of numbers) expect(n).toMatch(/^(09\d{9}|021\d{8}|051\d{8}|anonymous)$/);
    await ctl(emu.ariPort, 'POST', '/traffic', { on: false });
    ami.close();
    ws.close();
    expect(problems).toEqual([]);
  }, 30_000);
});
