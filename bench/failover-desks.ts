import { spawn, type ChildProcess } from 'node:child_process';

// The failover benchmark's 300 desks: sockets held in a child process (as browsers elsewhere, so
// they do not load the measuring process), through HAProxy, reconnecting as the desk page does
// when their node dies. Each pop is stamped on arrival with process.hrtime (CLOCK_MONOTONIC, the
// clock the emulator's AMI tap stamps AgentCalled with in the parent).

const DESKS_CHILD = `
const { io } = require('socket.io-client');
const send = (m) => process.send(m);
const opts = (cookie) => ({ extraHeaders: { cookie }, transports: ['websocket'], forceNew: true,
  reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 400, randomizationFactor: 0 });
const sockets = [];
let reconnects = 0;
process.on('uncaughtException', (err) => send({ kind: 'error', message: String((err && err.message) || err) }));
process.once('message', async (cfg) => {
  let first = 0;
  for (const d of cfg.desks) {
    const s = io(cfg.url + '/desk', opts(d.cookie));
    let seen = false;
    s.on('connect', () => { if (seen) reconnects++; else { seen = true; first++; } });
    s.on('screen-pop', (pop) => send({ kind: 'pop', hr: String(process.hrtime.bigint()), ext: d.extension, linkedid: pop.linkedid }));
    sockets.push(s);
    // One at a time: HAProxy's round robin then splits them evenly over the nodes.
    await new Promise((ok) => { if (s.connected) ok(); else { s.once('connect', ok); s.once('connect_error', ok); } });
  }
  send({ kind: 'connected', sockets: first });
  process.on('message', (m) => {
    if (m === 'status') send({ kind: 'status', connected: sockets.filter((s) => s.connected).length, reconnects });
    if (m === 'close') { for (const s of sockets) s.close(); send({ kind: 'closed' }); }
  });
});`;

export type DeskMsg =
  | { kind: 'pop'; hr: string; ext: string; linkedid: string }
  | { kind: 'connected'; sockets: number }
  | { kind: 'status'; connected: number; reconnects: number }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

export interface FailoverDesks {
  child: ChildProcess;
  /** Sockets connected at the first connect (0 until every desk has tried once). */
  connected(): number;
  /** Desks connected now and reconnects so far, asked of the child. */
  status(): Promise<{ connected: number; reconnects: number }>;
  close(): void;
}

/** Starts the child and connects each desk to `url` (HAProxy); every pop goes to onPop. */
export function spawnFailoverDesks(
  url: string,
  desks: Array<{ extension: string; cookie: string }>,
  onPop: (m: Extract<DeskMsg, { kind: 'pop' }>) => void,
): FailoverDesks {
  let connected = 0;
  let waiting: ((s: { connected: number; reconnects: number }) => void) | null = null;
  const child = spawn(process.execPath, ['-e', DESKS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ url, desks });
  child.on('message', (msg) => {
    const m = msg as DeskMsg;
    if (m.kind === 'pop') onPop(m);
    else if (m.kind === 'connected') connected = m.sockets;
    else if (m.kind === 'status') waiting?.(m);
    else if (m.kind === 'error') console.error(`failover: desks process: ${m.message}`);
  });
  return {
    child,
    connected: () => connected,
    status: () =>
      new Promise((resolve) => {
        waiting = resolve;
        child.send('status');
      }),
    close: () => {
      child.send('close');
      setTimeout(() => child.kill(), 500).unref();
    },
  };
}
