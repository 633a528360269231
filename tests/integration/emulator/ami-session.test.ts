import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AMI_USER, AmiTestClient, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

let emu: Emulator | undefined;
const clients: AmiTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emu?.close();
  emu = undefined;
});

async function client(login = false): Promise<AmiTestClient> {
  const c = login ? await AmiTestClient.login(emu!.amiPort) : await AmiTestClient.connect(emu!.amiPort);
  clients.push(c);
  return c;
}

describe('AMI session', () => {
  it('sends the banner, refuses actions before Login, fails a wrong secret and closes', async () => {
    emu = await startTestEmulator();
    const c = await client();
    expect(c.banner).toBe('Asterisk Call Manager/11.0.0');
    const ping = await c.action('Ping');
    expect(ping.fields).toEqual([
      ['Response', 'Error'],
      ['ActionID', ping.actionId],
      ['Message', 'Permission denied'],
    ]);
    const bad = await c.action('Login', { Username: AMI_USER, Secret: 'wrong-secret' });
    expect(bad.fields).toEqual([
      ['Response', 'Error'],
      ['ActionID', bad.actionId],
      ['Message', 'Authentication failed'],
    ]);
    await waitFor(() => c.closed, 5000, 'connection closed after a failed login');
  });

  it('logs in: Success before FullyBooted, then SuccessfulAuth; Ping, CoreSettings, Logoff', async () => {
    emu = await startTestEmulator();
    const c = await client(true);
    const [resp, booted] = c.messages;
    expect(resp?.fields.map(([k]) => k)).toEqual(['Response', 'ActionID', 'Message']);
    expect(resp?.get('Message')).toBe('Authentication accepted');
    expect(booted?.event).toBe('FullyBooted');
    expect(booted?.get('Timestamp')).toBeUndefined();
    await c.waitEvent('SuccessfulAuth', (m) => m.get('AccountID') === AMI_USER && m.get('Service') === 'AMI');
    const ping = await c.action('Ping');
    expect(ping.get('Ping')).toBe('Pong');
    expect(ping.get('Timestamp')).toMatch(/^\d+\.\d{6}$/);
    const settings = await c.action('CoreSettings');
    expect(settings.get('AMIversion')).toBe('11.0.0');
    expect(settings.get('AsteriskVersion')).toBe('22.10.1');
    const version = await c.action('Command', { Command: 'core show version' });
    expect(version.get('Message')).toBe('Command output follows');
    expect(version.get('Output')).toMatch(/^Asterisk 22\.10\.1/);
    const bye = await c.action('Logoff');
    expect(bye.fields).toEqual([
      ['Response', 'Goodbye'],
      ['ActionID', bye.actionId],
      ['Message', 'Thanks for all the fish.'],
    ]);
    await waitFor(() => c.closed, 5000, 'closed after Logoff');
  });

  it('answers unknown actions with RequestBadFormat and survives garbage and oversized lines', async () => {
    emu = await startTestEmulator();
    const c = await client(true);
    const r = await c.action('NoSuchAction');
    expect(r.get('Message')).toBe(
      'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.',
    );
    const sec = await c.waitEvent('RequestBadFormat');
    expect(sec.get('RequestType')).toBe('Action: NoSuchAction');
    c.socket.write('this is not a header\r\n\r\n\x00\xff garbage: \r\n\r\n');
    c.socket.write('X-Long: ' + 'a'.repeat(100_000) + '\r\n\r\n');
    expect((await c.action('Ping')).get('Ping')).toBe('Pong');
    // An endless message is cut off; the emulator keeps serving others.
    const hog = await client(true);
    hog.socket.write('Action: Ping\r\n' + 'X: y\r\n'.repeat(300_000));
    await waitFor(() => hog.closed, 5000, 'hog dropped');
    expect((await c.action('Ping')).get('Ping')).toBe('Pong');
    const other = await client(true);
    expect((await other.action('Ping')).response).toBe('Success');
  });

  it('Events: off gets responses but no events', async () => {
    emu = await startTestEmulator();
    const quiet = await AmiTestClient.login(emu.amiPort, 'off');
    clients.push(quiet);
    await quiet.action('QueueAdd', { Queue: 'q137', Interface: 'PJSIP/1001' });
    // No event may come: QueueAdd's events go out with its answer or right after; 50 ms for none to arrive.
    await quietWindow(50);
    expect(quiet.events()).toEqual([]);
  });
});
