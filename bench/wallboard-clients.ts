import { spawn, type ChildProcess } from 'node:child_process';
import type { Seeded } from './screen-pop-seed.ts';

// The wallboard benchmark's clients: 300 desks and 20 wallboards hold their sockets in a child
// process (like browsers, they do not load the server's event loop). Each wallboard stamps every
// update on arrival with process.hrtime (CLOCK_MONOTONIC, the same clock in every process); the
// stamps come back in batches every 200 ms, so that IPC does not load the child per update.

const CLIENTS_CHILD = `
const { io } = require('socket.io-client');
const send = (m) => process.send(m);
const opts = (cookie) => ({ extraHeaders: { cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
const connect = (s) => new Promise((ok, fail) => { s.once('connect', ok); s.once('connect_error', fail); });
const sockets = [];
let batch = [];
process.on('uncaughtException', (err) => send({ kind: 'error', message: String((err && err.message) || err) }));
setInterval(() => { if (batch.length) { send({ kind: 'updates', items: batch }); batch = []; } }, 200);
process.once('message', async (cfg) => {
  for (const cookie of cfg.desks) sockets.push(io(cfg.url + '/desk', opts(cookie)));
  cfg.wallboards.forEach((cookie, w) => {
    const s = io(cfg.url + '/wallboard', opts(cookie));
    s.on('connect', () => s.emit('snapshot', (r) => send({ kind: 'snapshot', ok: r.ok, bytes: JSON.stringify(r).length })));
    s.on('update', (u) => batch.push([w, u.seq, String(process.hrtime.bigint()), JSON.stringify(u).length]));
    sockets.push(s);
  });
  await Promise.all(sockets.map(connect)).catch((err) => send({ kind: 'error', message: err.message }));
  send({ kind: 'connected', sockets: sockets.length });
  process.on('message', (m) => {
    if (m !== 'close') return;
    send({ kind: 'updates', items: batch });
    for (const s of sockets) s.close();
    send({ kind: 'closed' });
  });
});`;

type ChildMsg =
  | { kind: 'updates'; items: Array<[number, number, string, number]> }
  | { kind: 'snapshot'; ok: boolean; bytes: number }
  | { kind: 'connected'; sockets: number }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

export interface Clients {
  child: ChildProcess;
  /** Every update at every wallboard (w: its index), as it arrived. */
  received: Array<{ w: number; seq: number; hr: bigint; bytes: number }>;
  /** Sockets connected (0 until every one of them is). */
  connected(): number;
  /** Wallboards that got their snapshot, and its size in bytes. */
  snapshots(): number;
  snapshotBytes(): number;
}

/** Starts the child and connects every desk and wallboard to the server at url. */
export function spawnClients(url: string, people: Seeded): Clients {
  const received: Clients['received'] = [];
  let connected = 0;
  let snapshots = 0;
  let snapshotBytes = 0;
  const child = spawn(process.execPath, ['-e', CLIENTS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (msg) => {
    const m = msg as ChildMsg;
    if (m.kind === 'connected') connected = m.sockets;
    if (m.kind === 'snapshot' && m.ok) {
      snapshots++;
      snapshotBytes = m.bytes;
    }
    if (m.kind === 'error') console.error(`wallboard: clients process: ${m.message}`);
    if (m.kind === 'updates')
      for (const [w, seq, hr, bytes] of m.items) received.push({ w, seq, hr: BigInt(hr), bytes });
  });
  child.send({ url, desks: people.desks.map((d) => d.cookie), wallboards: people.wallboards });
  return {
    child,
    received,
    connected: () => connected,
    snapshots: () => snapshots,
    snapshotBytes: () => snapshotBytes,
  };
}
