// The /desk socket: live call events in, `resync` after every (re)connect so that a reload, a
// network drop or a server restart redraws the current call from the server's own picture.
import { io, type Socket } from 'socket.io-client';
import type { CallbackOffer, CallbackWithdrawn, DeskClientEvents, DeskServerEvents } from './types.ts';
import type { TriageOffer, TriageWithdrawn } from './types.ts';
import type { DeskStore } from './store.ts';
import { t } from '../i18n/i18n.ts';
import { socketErrorCode, socketErrorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';

/** Refusals worth asking again for: the server could not answer this time (or was asked too often). */
const RETRY_CODES = new Set(['INTERNAL', 'UNAVAILABLE', 'RATE_LIMITED']);
const RESYNC_ATTEMPTS = 5;

export interface DeskSocketOptions {
  /** The server closed the socket on purpose (often: the session ended). */
  onKicked: () => void;
  /** Callback tasks: offered to this desk, taken back, or the one held after a (re)connect. */
  callbacks?: {
    offer: (o: CallbackOffer) => void;
    withdrawn: (w: CallbackWithdrawn) => void;
    held: (o: CallbackOffer | null) => void;
  };
  /** Triage items (web, SMS, Open311): offered to this desk, taken back, or the one held after a (re)connect. */
  triage?: {
    offer: (o: TriageOffer) => void;
    withdrawn: (w: TriageWithdrawn) => void;
    held: (o: TriageOffer | null) => void;
  };
}

export function connectDesk(store: DeskStore, opts: DeskSocketOptions): Socket<DeskServerEvents, DeskClientEvents> {
  const socket: Socket<DeskServerEvents, DeskClientEvents> = io('/desk', {
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });

  // Each failure is told to the operator (the desk may be showing an old picture), never dropped.
  const resync = (attempt: number) => {
    socket.timeout(5000).emit('resync', (err, r) => {
      if (err) {
        // No answer in time: ask again while still connected, backing off a little.
        if (!socket.connected) return;
        if (attempt < RESYNC_ATTEMPTS) setTimeout(() => resync(attempt + 1), 1000 * attempt);
        else notify(t('errResyncTimeout'), 'error');
        return;
      }
      if (r && r.ok) {
        store.snapshot(r.data);
        opts.callbacks?.held(r.data.callback ?? null);
        opts.triage?.held(r.data.triage ?? null);
        return;
      }
      const error = r && !r.ok && r.error ? r.error : { code: 'UNKNOWN', message: '' };
      notify(t('deskRefused', { message: socketErrorText(error) }), 'error');
      if (socket.connected && RETRY_CODES.has(socketErrorCode(error)) && attempt < RESYNC_ATTEMPTS) {
        setTimeout(() => resync(attempt + 1), 1000 * attempt);
      }
    });
  };

  socket.on('connect', () => {
    store.setConnection('online');
    resync(1);
  });
  socket.on('disconnect', (reason) => {
    store.setConnection('offline');
    if (reason === 'io server disconnect') opts.onKicked();
  });
  socket.on('connect_error', (err) => {
    store.setConnection('offline');
    // Refused by the server's middleware (not a network error): socket.io will not retry by itself.
    if (!socket.active) {
      // An ended session goes back to the login page by itself; other refusals are said.
      if (socketErrorCode(err.message) !== 'UNAUTHENTICATED') notify(socketErrorText(err.message), 'error');
      opts.onKicked();
    }
  });

  socket.on('screen-pop', (pop) => store.screenPop(pop));
  socket.on('call:answered', (e) => store.answered(e.callId, e.answeredAt));
  socket.on('call:ended', (e) => store.ended(e.callId, e.endedAt));
  socket.on('operator:state', (e) => store.setOperator(e));
  socket.on('callback:offer', (o) => opts.callbacks?.offer(o));
  socket.on('callback:withdrawn', (w) => opts.callbacks?.withdrawn(w));
  socket.on('triage:offer', (o) => opts.triage?.offer(o));
  socket.on('triage:withdrawn', (w) => opts.triage?.withdrawn(w));
  return socket;
}
