// Operators' desks as browsers hold them, through HAProxy: signed in over REST, one /desk socket
// each that reconnects by itself and asks for a resync on every (re)connect, as web/src's desk does.
// Every pop, resync and end of call a desk receives is kept for the tests to count.
import { io as ioClient, type Socket } from 'socket.io-client';
import type { DeskSnapshot, ScreenPop } from '../../src/agent-desk/index.ts';
import type { Ack } from '../../src/shared/index.ts';
import { api, login } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

export interface Desk {
  username: string;
  userId: string;
  operatorId: string;
  /** The phone: "1001" is PJSIP/1001. */
  extension: string;
  cookie: string;
  socket: Socket;
  pops: ScreenPop[];
  /** Resyncs the desk asked for, with the server's answer (a refusal is kept too). */
  resyncs: Array<Ack<DeskSnapshot>>;
  /** How many times the socket connected (1 + reconnects). */
  connects: number;
  ended: Array<{ callId: string; reason: string }>;
}

/** Signs the operator in through `url` and opens their desk socket (reconnecting, with resync). */
export async function openDesk(url: string, username: string): Promise<Desk> {
  const cookie = await login(url, username);
  const me = await api<{ user: { id: string; operatorId: string; extension: string } }>(
    url,
    cookie,
    'GET',
    '/api/v1/auth/me',
  );
  if (me.status !== 200) throw new Error(`/auth/me of ${username}: ${me.status} ${JSON.stringify(me.body)}`);
  const socket = ioClient(`${url}/desk`, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 400,
    randomizationFactor: 0,
  });
  const desk: Desk = {
    username,
    userId: String(me.body.user.id),
    operatorId: String(me.body.user.operatorId),
    extension: me.body.user.extension,
    cookie,
    socket,
    pops: [],
    resyncs: [],
    connects: 0,
    ended: [],
  };
  socket.on('screen-pop', (pop: ScreenPop) => desk.pops.push(pop));
  socket.on('call:ended', (e: { callId: string; reason: string }) => desk.ended.push(e));
  socket.on('connect', () => {
    desk.connects++;
    socket.emit('resync', (r: Ack<DeskSnapshot>) => desk.resyncs.push(r));
  });
  await waitFor(() => desk.connects > 0, 10_000, `${username}'s desk connected`);
  return desk;
}

/** Presses Ready on the desk (POST /operators/me/state through HAProxy); returns the status. */
export async function pressReady(url: string, desk: Desk): Promise<number> {
  return (await api(url, desk.cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' })).status;
}

/** Pops this desk received for a call (by its Linkedid). */
export const popsFor = (desk: Desk, linkedid: string) => desk.pops.filter((p) => p.linkedid === linkedid).length;

export function closeDesks(desks: Desk[]): void {
  for (const d of desks) d.socket.close();
}
