import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.ts';
import { createLogger } from '../src/shared/logger.ts';

// The survey_dtmf benchmark's Asterisk: the emulator plus an executor of control-API calls, in a
// child process (as Asterisk runs in its own), so that only cti137 is on the event loop being
// measured. This same file is the child: run with PEER_ENV set, it starts the peer.

const PEER_ENV = 'CTI137_SURVEY_DTMF_PEER';

export interface PeerOptions {
  /** The emulator's clock: 1 is real time. */
  timeScale: number;
  /** The phones (PJSIP endpoints) the emulator has. */
  endpoints: string[];
}

export interface Peer {
  amiPort: number;
  ariPort: number;
  secret: string;
  control(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

type PeerMsg =
  | { kind: 'up'; amiPort: number; ariPort: number }
  | { kind: 'reply'; id: number; status: number; body: unknown }
  | { kind: 'error'; message: string };

/** Forks this file as the peer and waits until its AMI and ARI listen. */
export async function startPeer(opts: PeerOptions): Promise<Peer> {
  const secret = randomBytes(12).toString('hex');
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [PEER_ENV]: JSON.stringify({ secret, ...opts }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (r: { status: number; body: unknown }) => void>();
  let seq = 0;
  const up = await new Promise<{ amiPort: number; ariPort: number }>((resolve, reject) => {
    child.on('message', (m: PeerMsg) => {
      if (m.kind === 'up') resolve(m);
      else if (m.kind === 'reply') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      } else reject(new Error(`survey_dtmf peer: ${m.message}`));
    });
    child.once('exit', (code) => reject(new Error(`survey_dtmf peer exited (${code})`)));
  });
  return {
    ...up,
    secret,
    control: (path, body) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        child.send({ id, path, body });
      }),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('close');
      await exited;
    },
  };
}

async function runPeer(d: PeerOptions & { secret: string }): Promise<void> {
  const send = (m: PeerMsg) => process.send!(m);
  const emu = await startEmulator({
    amiPort: 0,
    ariPort: 0,
    amiUsername: 'cti',
    amiSecret: d.secret,
    ariUsername: 'cti',
    ariPassword: d.secret,
    endpoints: d.endpoints,
    traffic: false,
    timeScale: d.timeScale,
    logger: createLogger('warn'),
  });
  const base = `http://127.0.0.1:${emu.ariPort}`;
  process.on('message', async (m: { id: number; path: string; body?: unknown } | 'close') => {
    if (m === 'close') {
      await emu.close();
      process.exit(0);
    }
    try {
      const res = await fetch(`${base}${m.path}`, {
        method: 'POST',
        headers: m.body ? { 'content-type': 'application/json' } : {},
        body: m.body ? JSON.stringify(m.body) : undefined,
      });
      const text = await res.text();
      send({ kind: 'reply', id: m.id, status: res.status, body: text ? JSON.parse(text) : null });
    } catch (err) {
      send({ kind: 'error', message: (err as Error).message });
    }
  });
  send({ kind: 'up', amiPort: emu.amiPort, ariPort: emu.ariPort });
}

const peerSpec = process.env[PEER_ENV];
if (peerSpec && process.send) {
  runPeer(JSON.parse(peerSpec) as PeerOptions & { secret: string }).catch((err) => {
    process.send!({ kind: 'error', message: String(err) });
    process.exit(1);
  });
}
