// The emulator on its own, as Asterisk's clients see it: a bare AMI client over TCP and the ARI
// event WebSocket that keep everything they receive, ARI REST and the control API by port.
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { AmiParser, encodeAmi, type AmiFieldInput, type AmiMessage } from '../../src/asterisk/ami/ami-codec.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { controlRequest } from './emulator-control.ts';
import { waitFor } from './wait.ts';

export const AMI_USER = 'cti';
export const AMI_SECRET = 'cti137secret';
export const ARI_USER = 'cti';
export const ARI_PASS = 'cti137ari';

/**
 * Ring timeouts long enough (3 s real at the test clock) that a test answering a phone never
 * races the member timeout on a loaded machine; ring-no-answer tests pass their own queues.
 */
export const TEST_QUEUES: EmulatorOptions['queues'] = [
  { name: 'q137', strategy: 'rrmemory', timeoutSec: 60, retrySec: 2 },
  { name: 'q137hazard', strategy: 'ringall', timeoutSec: 60, retrySec: 1 },
];

/** An emulator on ephemeral ports, fast clock, no demo traffic. */
export function startTestEmulator(over: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({
    amiPort: 0,
    ariPort: 0,
    amiUsername: AMI_USER,
    amiSecret: AMI_SECRET,
    ariUsername: ARI_USER,
    ariPassword: ARI_PASS,
    endpoints: ['1001', '1002', '1003'],
    traffic: false,
    timeScale: 0.05,
    queues: TEST_QUEUES,
    logger: createLogger('silent'),
    ...over,
  });
}

/** A bare AMI client over real TCP that keeps every frame it receives. */
export class AmiTestClient {
  banner?: string;
  readonly messages: AmiMessage[] = [];
  closed = false;
  private seq = 0;
  private constructor(readonly socket: Socket) {}

  static async connect(port: number): Promise<AmiTestClient> {
    const socket = connect(port, '127.0.0.1');
    const c = new AmiTestClient(socket);
    const parser = new AmiParser(
      { banner: (b) => (c.banner = b), message: (m) => c.messages.push(m) },
      { expectBanner: true },
    );
    socket.on('data', (d) => parser.push(d));
    socket.on('close', () => (c.closed = true));
    socket.on('error', () => (c.closed = true));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    await waitFor(() => c.banner, 5000, 'AMI banner');
    return c;
  }

  static async login(port: number, events = 'on'): Promise<AmiTestClient> {
    const c = await AmiTestClient.connect(port);
    const r = await c.action('Login', { Username: AMI_USER, Secret: AMI_SECRET, Events: events });
    if (r.response !== 'Success') throw new Error('login failed');
    return c;
  }

  send(fields: AmiFieldInput): void {
    this.socket.write(encodeAmi(fields));
  }

  /** Send an action and wait for the response with its ActionID. */
  async action(name: string, fields: AmiFieldInput = {}, timeoutMs = 5000): Promise<AmiMessage> {
    const id = `t-${++this.seq}`;
    this.send({ Action: name, ActionID: id, ...fields });
    return waitFor(
      () => this.messages.find((m) => m.response !== undefined && m.actionId === id),
      timeoutMs,
      `${name} response`,
    );
  }

  /** Events with an ActionID (list items) up to and including the Complete event. */
  async list(name: string, fields: AmiFieldInput = {}): Promise<{ response: AmiMessage; items: AmiMessage[] }> {
    const response = await this.action(name, fields);
    const id = response.actionId;
    await waitFor(
      () => this.messages.find((m) => m.actionId === id && m.get('EventList') === 'Complete'),
      5000,
      `${name} complete`,
    );
    const items = this.messages.filter((m) => m.actionId === id && m.event !== undefined);
    return { response, items };
  }

  events(name?: string): AmiMessage[] {
    return this.messages.filter((m) => m.event !== undefined && (name === undefined || m.event === name));
  }

  waitEvent(name: string, pred: (m: AmiMessage) => boolean = () => true, timeoutMs = 5000): Promise<AmiMessage> {
    return waitFor(() => this.messages.find((m) => m.event === name && pred(m)), timeoutMs, `AMI ${name}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

export type AriEvent = Record<string, unknown> & { type: string };

/** The ARI event WebSocket, collecting every event. */
export class AriTestClient {
  readonly events: AriEvent[] = [];
  closed = false;
  private constructor(readonly ws: WebSocket) {}

  static async connect(port: number, app = 'cti137'): Promise<AriTestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ari/events?app=${app}&api_key=${ARI_USER}:${ARI_PASS}`);
    const c = new AriTestClient(ws);
    ws.on('message', (d) => c.events.push(JSON.parse(String(d)) as AriEvent));
    ws.on('close', () => (c.closed = true));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  waitEvent(type: string, pred: (e: AriEvent) => boolean = () => true, timeoutMs = 5000): Promise<AriEvent> {
    return waitFor(() => this.events.find((e) => e.type === type && pred(e)), timeoutMs, `ARI ${type}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** Authenticated ARI REST call. */
export async function ari(
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: 'Basic ' + Buffer.from(`${ARI_USER}:${ARI_PASS}`).toString('base64'),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The control API's answers as the tests read them: each route fills some of these. */
export interface CtlJson {
  channelId: string;
  linkedid: string;
  consultChannelId: string;
  message: string;
  channels: Array<{ caller: unknown }>;
  queues: Array<{ members: unknown[] }>;
}

/** Control API call by port (no auth), `path` after /_emulator; a string body is sent as is (to test bad JSON). */
export function ctl<T = CtlJson>(port: number, method: string, path: string, body?: unknown) {
  return controlRequest<T>(`http://127.0.0.1:${port}/_emulator`, method, path, body);
}

/** Channel field of an ARI event. */
export function chan(e: AriEvent): { id: string; state: string; name: string } {
  return e.channel as { id: string; state: string; name: string };
}
