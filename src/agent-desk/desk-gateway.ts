import type { Namespace, Socket } from 'socket.io';
import { SESSION_COOKIE, type SessionUser } from '../auth/index.ts';
import type { LiveCall, OperatorStateChanged } from '../cti/index.ts';
import { recordAudit } from '../db/index.ts';
import {
  ackFromOwner,
  DEFAULT_SOCKET_EVENT_LIMIT,
  LogThrottle,
  parseCookie,
  RateLimiter,
  rateLimitedAck,
  type Ack,
} from '../shared/index.ts';
import type { DeskGatewayDeps } from './desk-deps.ts';
import type { DeskClientEvents, DeskServerEvents, DeskSnapshot, ScreenPop } from './desk-events.ts';
import { recoverCurrentCall, type CurrentCall } from './desk-recover.ts';
import type { CallerRecord } from './screen-pop-service.ts';

export type { DeskGatewayDeps } from './desk-deps.ts';

type DeskSocket = Socket<DeskClientEvents, DeskServerEvents, Record<string, never>, { user: SessionUser }>;

const room = (operatorId: string) => `op:${operatorId}`;
/** An early lookup older than this is redone at ring time (the caller waited long in the queue). */
const EARLY_MAX_AGE_MS = 30_000;
const EARLY_MAX_CALLS = 5_000;
/** How long a pop is remembered for a node that takes the PBX over (longer than any ring). */
const POP_MARK_MS = 10 * 60_000;

/**
 * socket.io namespace /desk. Each operator's sockets join the room of that operator only, so a
 * screen-pop (personal data) reaches the operator whose phone rings and nobody else. The current
 * call of each desk is kept so a reconnecting desk gets it back with `resync`.
 */
export class DeskGateway {
  private readonly nsp: Namespace<DeskClientEvents, DeskServerEvents>;
  private readonly current = new Map<string, CurrentCall>();
  /**
   * Callers' records looked up when their call starts, while they listen to the phone menu: the
   * ring then waits for no database (the benchmark's pop latency is mostly query round trips on a
   * busy server). Used for rings within EARLY_MAX_AGE_MS of the lookup; dropped once answered.
   */
  private readonly early = new Map<string, { at: number; record: Promise<CallerRecord> }>();
  /** Per user: each resync costs a history query and an audit row, so a flood would drain the pool. */
  private readonly limiter: RateLimiter;
  private readonly limitLog = new LogThrottle();

  constructor(private readonly d: DeskGatewayDeps) {
    this.nsp = d.io.of('/desk');
    this.limiter = new RateLimiter(d.eventLimit ?? DEFAULT_SOCKET_EVENT_LIMIT);
    this.nsp.use(async (socket, next) => {
      try {
        const token = parseCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
        const user = await d.auth.authenticate(token);
        if (!user) return next(new Error('UNAUTHENTICATED: sign in again'));
        if (!user.operatorId) return next(new Error('FORBIDDEN: the desk is for operators with a phone extension'));
        (socket as DeskSocket).data.user = user;
        next();
      } catch (err) {
        d.logger.error({ err: (err as Error).message }, 'desk socket auth failed');
        next(new Error('UNAVAILABLE: try again in a moment'));
      }
    });
    this.nsp.on('connection', (s) => this.onConnection(s as DeskSocket));
    d.bus.on('call:started', (call) => void this.lookUpEarly(call));
    d.bus.on('call:ringing', (call, ring) => void this.onRinging(call, ring.interface, ring.startedAt));
    d.bus.on('call:answered', (call) => {
      // From now on the operator may change the caller's history: a later ring (a transfer) looks again.
      this.early.delete(call.key);
      this.onAnswered(call);
    });
    d.bus.on('call:ring-ended', (call, ring) => {
      const reason = ring.outcome === 'no-answer' ? 'ring-no-answer' : 'cancelled';
      this.onLeft(call, ring.interface, reason, ring.endedAt ?? Date.now());
    });
    d.bus.on('call:agent-completed', (call, info) =>
      this.onLeft(call, info.interface, info.reason || 'agent', call.agentEndedAt ?? Date.now()),
    );
    d.bus.on('call:ended', (call) => {
      this.early.delete(call.key);
      const at = call.endedAt ?? Date.now();
      for (const [opId, cur] of this.current)
        if (cur.callKey === call.key)
          this.onLeft(call, this.d.directory.byId(opId)?.interface ?? null, call.endReason ?? 'caller', at);
    });
  }

  /** Push an event to that operator's desks only. */
  emitTo<E extends 'callback:offer' | 'callback:withdrawn' | 'triage:offer' | 'triage:withdrawn'>(
    operatorId: string,
    event: E,
    ...args: Parameters<DeskServerEvents[E]>
  ): void {
    this.nsp.to(room(operatorId)).emit(event, ...args);
  }

  /** Push an operator state change to that operator's desks. */
  notifyState(operatorId: string, s: OperatorStateChanged): void {
    this.nsp.to(room(operatorId)).emit('operator:state', s);
  }

  /**
   * The operator signed out: close their desk sockets. A socket is authenticated once, at its
   * handshake, so a tab forgotten on a shared PC would otherwise keep receiving this operator's
   * pops after sign-out. Tabs with a session still valid reconnect by themselves.
   */
  signedOut(operatorId: string): void {
    this.nsp.in(room(operatorId)).disconnectSockets(true);
  }

  private onConnection(socket: DeskSocket): void {
    const user = socket.data.user;
    const opId = user.operatorId!;
    void socket.join(room(opId));
    // The desk is known by its session alone. A resync that carries anything (an operator id, a
    // room) is refused, not read, so no desk can ask for another desk's picture.
    socket.on('resync', async (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last !== 'function') return;
      const ack = last as (r: Ack<DeskSnapshot>) => void;
      if (!this.limiter.take(user.id)) {
        const t = this.limitLog.take();
        if (t.log)
          this.d.logger.warn({ userId: user.id, suppressed: t.suppressed }, 'desk events over the limit refused');
        ack(rateLimitedAck(this.limiter.retryAfterMs(user.id)));
        return;
      }
      if (args.length > 1) {
        this.d.logger.warn({ userId: user.id, operatorId: opId }, 'desk resync with a payload refused');
        const message = 'resync takes no arguments: a desk always gets the picture of the operator signed in';
        return ack({ ok: false, error: { code: 'BAD_REQUEST', message } });
      }
      try {
        ack(await this.resync(user, socket.handshake.headers.cookie));
      } catch (err) {
        this.d.logger.error({ err: (err as Error).message }, 'desk resync failed');
        ack({ ok: false, error: { code: 'INTERNAL', message: 'Could not load your desk; it will retry' } });
      }
    });
  }

  /**
   * The operator's state and current call live on the node that owns the PBX: a standby asks it
   * (as this user, GET /desk/snapshot) instead of answering from a picture no PBX event reaches.
   */
  private async resync(user: SessionUser, cookie: string | undefined): Promise<Ack<DeskSnapshot>> {
    if (this.d.cluster.isOwner()) return { ok: true, data: await this.snapshot(user) };
    return ackFromOwner<DeskSnapshot>(this.d.cluster, '/desk/snapshot', cookie);
  }

  /** The picture of this operator's desk on this node (the owner's): state, current call, offers. */
  async snapshot(user: SessionUser): Promise<DeskSnapshot> {
    const opId = user.operatorId!;
    const op = this.d.directory.byId(opId);
    const cur = this.current.get(opId) ?? (op ? await this.recoverCall(op.id, op.interface, op.serverId) : undefined);
    if (cur) {
      const history = await this.d.pops.refreshHistory(cur, opId);
      // The history goes to the desk again: a view like the pop itself, audited before it leaves.
      if (cur.caller.citizenId)
        await this.audit(user.id, 'screen-pop-resync', cur.caller.citizenId, {
          callId: cur.callId,
          linkedid: cur.linkedid,
        });
      cur.history = history;
    }
    return {
      operator: {
        id: opId,
        displayName: user.displayName,
        extension: op?.extension ?? user.extension ?? '',
        ...this.d.operators().snapshot(opId),
      },
      currentCall: cur ? stripKey(cur) : null,
      callback: (await this.d.callbacks?.currentOffer(opId)) ?? null,
      triage: (await this.d.triage?.currentOffer(opId)) ?? null,
    };
  }

  private async recoverCall(opId: string, iface: string, serverId: string): Promise<CurrentCall | undefined> {
    const cur = await recoverCurrentCall(this.d, opId, iface, serverId);
    if (cur) this.current.set(opId, cur);
    return cur;
  }

  private async onRinging(call: LiveCall, iface: string, startedAt: number): Promise<void> {
    const op = this.d.directory.byInterface(iface, call.serverId);
    if (!op) return;
    try {
      const ring = call.rings.find((r) => r.interface === iface && r.startedAt === startedAt);
      // A ring found at a takeover may have popped on the node that died: never twice.
      const mark = `pop:${call.serverId}:${ring?.agentChannel ?? iface}`;
      if (ring?.rebuilt && (await this.d.cluster.remembered(mark))) return;
      const callId = await this.d.recorder.idOf(call.key);
      if (!callId) return;
      const early = this.early.get(call.key);
      const known = early && Date.now() - early.at <= EARLY_MAX_AGE_MS ? early : this.lookUpEarly(call);
      const pop = await this.d.pops.compose(call, callId, startedAt, op.id, known.record);
      // The ring may be over by the time the history arrives (a very short ring).
      const over = () =>
        call.endedAt != null || (ring !== undefined && ring.outcome !== 'ringing' && ring.outcome !== 'answered');
      if (over()) return;
      // Written before the pop leaves (like a search by phone): if the audit cannot be written,
      // the history is not shown (the error is logged below).
      if (pop.caller.citizenId)
        await this.audit(op.userId, 'screen-pop', pop.caller.citizenId, { callId, linkedid: call.linkedid });
      this.d.cluster.remember(mark, POP_MARK_MS);
      // Asked again after the audit's wait: a ring cancelled meanwhile found no pop to clear. The
      // view is recorded, so the desk gets the pop (one audit row, one view) and its end at once.
      if (over()) return this.popEnded(op.id, pop, ring?.endedAt ?? call.endedAt ?? Date.now());
      this.current.set(op.id, {
        ...pop,
        answeredAt: call.answeredAt ? new Date(call.answeredAt).toISOString() : null,
        endedAt: null,
        callKey: call.key,
      });
      this.nsp.to(room(op.id)).emit('screen-pop', pop);
      this.d.onPop?.(Date.now() - startedAt);
      // Picked up while the history was loading: the desk would otherwise show it ringing.
      if (ring?.outcome === 'answered' && call.answeredAt)
        this.nsp.to(room(op.id)).emit('call:answered', { callId, answeredAt: new Date(call.answeredAt).toISOString() });
    } catch (err) {
      this.d.logger.error({ err: (err as Error).message, linkedid: call.linkedid }, 'screen-pop failed');
    }
  }

  /** One audit_log row: this user was shown this citizen's history. */
  private audit(userId: string, action: string, citizenId: string, details: Record<string, unknown>) {
    return recordAudit(this.d.db, userId, action, `citizen:${citizenId}`, details);
  }

  private lookUpEarly(call: LiveCall): { at: number; record: Promise<CallerRecord> } {
    // Calls that never end (a lost PBX link) must not pile up: forget the oldest.
    if (this.early.size >= EARLY_MAX_CALLS) this.early.delete(this.early.keys().next().value!);
    const entry = { at: Date.now(), record: this.d.pops.lookup(call.callerNum) };
    entry.record.catch(() => undefined); // a failed lookup is redone by compose at ring time
    this.early.set(call.key, entry);
    return entry;
  }

  private popEnded(opId: string, pop: ScreenPop, at: number): void {
    this.nsp.to(room(opId)).emit('screen-pop', pop);
    this.nsp
      .to(room(opId))
      .emit('call:ended', { callId: pop.callId, endedAt: new Date(at).toISOString(), reason: 'cancelled' });
  }

  private onAnswered(call: LiveCall): void {
    const op = this.d.directory.byInterface(call.memberInterface, call.serverId);
    if (!op) return;
    const cur = this.current.get(op.id);
    const answeredAt = new Date(call.answeredAt ?? Date.now()).toISOString();
    // Only the call on this desk: an older call kept for its wrap-up must not turn "talking" again.
    if (!cur || cur.callKey !== call.key) return;
    cur.answeredAt = answeredAt;
    this.nsp.to(room(op.id)).emit('call:answered', { callId: cur.callId, answeredAt });
  }

  private onLeft(call: LiveCall, iface: string | null, reason: string, at: number): void {
    const op = this.d.directory.byInterface(iface, call.serverId);
    if (!op) return;
    const cur = this.current.get(op.id);
    if (!cur || cur.callKey !== call.key || cur.endedAt) return;
    cur.endedAt = new Date(at).toISOString();
    this.nsp.to(room(op.id)).emit('call:ended', { callId: cur.callId, endedAt: cur.endedAt, reason });
    // Keep an answered call on the desk (the operator finishes the form in wrap-up); drop a missed ring.
    if (!cur.answeredAt) this.current.delete(op.id);
  }
}

function stripKey<T extends { callKey: string }>(c: T): Omit<T, 'callKey'> {
  const { callKey: _k, ...rest } = c;
  return rest;
}
