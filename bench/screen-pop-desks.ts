import { spawn, type ChildProcess } from 'node:child_process';
import type { Seeded } from './screen-pop-seed.ts';

// The screen_pop benchmark's clients: the 300 desks and 20 wallboards hold their sockets in a
// child process, as browsers would elsewhere, so that they do not load the server's event loop
// (nor its heap, which is measured per connected socket).

/** The desks and wallboards: a plain Node script in a child process, driven over IPC. */
const DESKS_CHILD = `
const { io } = require('socket.io-client');
const send = (m) => process.send(m);
// forceNew: socket.io-client would otherwise share one connection (and its cookie) between namespaces.
const opts = (cookie) => ({ extraHeaders: { cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
const connect = (s) => new Promise((ok, fail) => { s.once('connect', ok); s.once('connect_error', fail); });
const sockets = [];
let updates = 0;
process.on('uncaughtException', (err) => send({ kind: 'error', message: String((err && err.message) || err) }));
process.once('message', async (cfg) => {
  for (const d of cfg.desks) {
    const s = io(cfg.url + '/desk', opts(d.cookie));
    s.on('screen-pop', (pop) => send({ kind: 'pop', hr: String(process.hrtime.bigint()), ext: d.extension, linkedid: pop.linkedid, requests: pop.history.requests.length }));
    sockets.push(s);
  }
  for (const cookie of cfg.wallboards) {
    const s = io(cfg.url + '/wallboard', opts(cookie));
    s.on('connect', () => s.emit('snapshot', () => undefined));
    s.onAny(() => { updates++; });
    sockets.push(s);
  }
  await Promise.all(sockets.map(connect)).catch((err) => send({ kind: 'error', message: err.message }));
  send({ kind: 'connected', sockets: sockets.length });
  process.on('message', (m) => {
    if (m !== 'close') return;
    for (const s of sockets) s.close();
    send({ kind: 'closed', wallboardUpdates: updates });
  });
});`;

type DesksMsg =
  | { kind: 'pop'; hr: string; ext: string; linkedid: string; requests: number }
  | { kind: 'connected'; sockets: number }
  | { kind: 'closed'; wallboardUpdates: number }
  | { kind: 'error'; message: string };

export type PopMsg = Extract<DesksMsg, { kind: 'pop' }>;

export interface Desks {
  child: ChildProcess;
  /** Sockets connected so far (0 until every one of them is). */
  connected(): number;
  /** Wallboard updates the child received, known once it has closed its sockets. */
  wallboardUpdates(): number;
}

/** Starts the child, connects every desk and wallboard to the server at url; each pop goes to onPop. */
export function spawnDesks(url: string, people: Seeded, onPop: (m: PopMsg) => void): Desks {
  let connected = 0;
  let wallboardUpdates = 0;
  const child = spawn(process.execPath, ['-e', DESKS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ url, desks: people.desks, wallboards: people.wallboards });
  child.on('message', (msg) => {
    const m = msg as DesksMsg;
    if (m.kind === 'connected') connected = m.sockets;
    if (m.kind === 'closed') wallboardUpdates = m.wallboardUpdates;
    if (m.kind === 'error') console.error(`screen_pop: desks process: ${m.message}`);
    if (m.kind !== 'pop') return;
    onPop(m);
  });
  return { child, connected: () => connected, wallboardUpdates: () => wallboardUpdates };
}
