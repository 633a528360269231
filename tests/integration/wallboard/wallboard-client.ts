// A wallboard as the tests see it: a socket.io client on /wallboard that asks for the snapshot
// on every (re)connect and applies updates on top, like the browser does.
import { io as ioClient, type Socket } from 'socket.io-client';
import { connected as socketConnected } from '../../helpers/sockets.ts';
import type { OperatorRow, WallboardSnapshot, WallboardUpdate } from '../../../src/wallboard/index.ts';

export interface TestWallboard {
  socket: Socket;
  /** The picture as the browser would hold it: the snapshot with every later update applied. */
  picture: WallboardSnapshot | null;
  updates: WallboardUpdate[];
  snapshots: WallboardSnapshot[];
  /** Every event name in arrival order, to check the snapshot comes before updates. */
  order: string[];
  row(operatorId: string): OperatorRow | undefined;
  close(): void;
}

export function applyUpdate(p: WallboardSnapshot, u: WallboardUpdate): void {
  if (u.seq <= p.seq) return;
  p.seq = u.seq;
  p.serverTime = u.serverTime;
  if (u.shift) p.shift = u.shift;
  if (u.queues) p.queues = u.queues;
  if (u.kpis) p.kpis = u.kpis;
  if (u.series) p.series = u.series;
  if (u.pauseAllowances) p.settings.pauseAllowances = u.pauseAllowances;
  if (u.operators) {
    const byId = new Map(p.operators.map((r) => [r.id, r]));
    for (const id of u.operators.removed) byId.delete(id);
    for (const r of u.operators.rows) byId.set(r.id, r);
    p.operators = [...byId.values()];
  }
}

export function openWallboard(baseUrl: string, cookie: string, opts: { reconnection?: boolean } = {}): TestWallboard {
  const socket = ioClient(`${baseUrl}/wallboard`, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    // Its own connection: socket.io-client would otherwise share one (and its cookie) per URL.
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
  });
  const wb: TestWallboard = {
    socket,
    picture: null,
    updates: [],
    snapshots: [],
    order: [],
    row: (id) => wb.picture?.operators.find((r) => r.id === id),
    close: () => socket.close(),
  };
  socket.on('connect', () => {
    socket.emit('snapshot', (r: { ok: boolean; data?: WallboardSnapshot }) => {
      if (!r.ok || !r.data) return;
      wb.order.push('snapshot');
      wb.snapshots.push(r.data);
      wb.picture = structuredClone(r.data);
    });
  });
  socket.on('update', (u: WallboardUpdate) => {
    wb.order.push('update');
    wb.updates.push(u);
    if (wb.picture) applyUpdate(wb.picture, u);
  });
  return wb;
}

/** Resolves when the wallboard's socket connects, rejects with the server's refusal. */
export const connected = (wb: TestWallboard): Promise<void> => socketConnected(wb.socket);
