import type { Channel, HangupRequest } from './channel.ts';
import type { Pbx, QueuePort } from './ports.ts';
import { callerHangupInBridge, connectAttempt, transferOut } from './queue-bridge.ts';
import { notifyMemberDevice, updateAvail } from './queue-members.ts';
import {
  isRingable,
  makeQueue,
  pickMembers,
  type Member,
  type Queue,
  type QueueCaller,
  type RingAttempt,
} from './queue-model.ts';
import { cancelAttempts, expireAttempts, startRing } from './queue-ring.ts';
import { setQueueVars, setTimingVars, setWaitVars } from './queue-vars.ts';

/**
 * app_queue, as far as a CTI server can observe it: callers join in priority order (QUEUE_PRIO),
 * every waiting caller may ring free members (autofill), members are chosen per strategy, a
 * ring pass times out into AgentRingNoAnswer and a retry, and option `c` hands the caller back
 * to the dialplan when the agent hangs up.
 */
export class QueueEngine implements QueuePort {
  readonly queues = new Map<string, Queue>();
  /** Callers from Queue() until it returns (also while bridged, when they are off the list). */
  private readonly byChannel = new Map<string, QueueCaller>();
  private kickPending = false;

  constructor(private readonly pbx: Pbx) {
    this.resetQueues();
  }

  resetQueues(): void {
    this.queues.clear();
    this.byChannel.clear();
    for (const cfg of this.pbx.opts.queues) this.queues.set(cfg.name, makeQueue(cfg));
  }

  get(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  /** Emulated milliseconds since a real timestamp. */
  since(realMs: number): number {
    return this.pbx.timers.emulatedMs(Date.now() - realMs);
  }

  position(c: QueueCaller): number {
    return c.queue.callers.indexOf(c) + 1;
  }

  /** Queue(name,c): false if there is no such queue (the dialplan just goes on). */
  join(ch: Channel, name: string, next: () => void): boolean {
    const q = this.queues.get(name);
    if (!q) return false;
    const pbx = this.pbx;
    setTimingVars(pbx, ch, null, null);
    setWaitVars(pbx, ch, null);
    const prio = Number.parseInt(ch.vars.get('QUEUE_PRIO') ?? '0', 10) || 0;
    const caller: QueueCaller = {
      ch,
      queue: q,
      joinedAt: Date.now(),
      originalPos: 0,
      prio,
      attempts: [],
      linpos: 0,
      next: () => {
        this.byChannel.delete(ch.id);
        next();
      },
    };
    this.byChannel.set(ch.id, caller);
    let idx = q.callers.findIndex((c) => c.prio < prio);
    if (idx === -1) idx = q.callers.length;
    q.callers.splice(idx, 0, caller);
    caller.originalPos = idx + 1;
    if (q.callers.length === 1) pbx.devices.set(`Queue:${name}`, 'RINGING');
    pbx.chanEvent('QueueCallerJoin', 'agent,all', ch, [
      ['Queue', name],
      ['Position', String(idx + 1)],
      ['Count', String(q.callers.length)],
    ]);
    pbx.chanEvent('MusicOnHoldStart', 'call,all', ch, [['Class', 'default']]);
    ch.owner = { onHangup: (c, req) => this.onCallerHangup(caller, c, req) };
    if (q.cfg.callerTimeoutSec > 0)
      caller.expire = pbx.timers.after(q.cfg.callerTimeoutSec * 1000, () => this.timeout(caller));
    this.kick();
    return true;
  }

  /** Take a caller out of the waiting list: QueueCallerLeave with its old position. */
  leave(c: QueueCaller): number {
    const q = c.queue;
    const pos = this.position(c);
    c.expire?.cancel();
    c.expire = undefined;
    if (pos === 0) return 0;
    q.callers.splice(pos - 1, 1);
    if (q.callers.length === 0) this.pbx.devices.set(`Queue:${q.cfg.name}`, 'NOT_INUSE');
    this.pbx.chanEvent('QueueCallerLeave', 'agent,all', c.ch, [
      ['Queue', q.cfg.name],
      ['Position', String(pos)],
      ['Count', String(q.callers.length)],
    ]);
    return pos;
  }

  /** A ringing member picked up: bridge them with the caller (lives here so ringing and bridging need not import each other). */
  connect(a: RingAttempt): void {
    connectAttempt(this.pbx, this, a);
  }

  callerOf(channelId: string): QueueCaller | undefined {
    return this.byChannel.get(channelId);
  }

  /** Queue() ended outside the engine's own flows (the caller hung up after an attended transfer). */
  forget(channelId: string): void {
    this.byChannel.delete(channelId);
  }

  private onCallerHangup(c: QueueCaller, _ch: Channel, req: HangupRequest): void {
    this.byChannel.delete(c.ch.id);
    if (c.connected) return callerHangupInBridge(this.pbx, this, c, req);
    this.abandon(c, req);
  }

  /** Redirect out of Queue(): no abandon, just leave (or end the bridge as a transfer). */
  withdraw(c: QueueCaller): void {
    this.byChannel.delete(c.ch.id);
    c.ch.owner = undefined;
    if (c.connected) return transferOut(this.pbx, this, c);
    c.retry?.cancel();
    cancelAttempts(this.pbx, c, 0);
    this.pbx.chanEvent('MusicOnHoldStop', 'call,all', c.ch);
    const pos = this.leave(c);
    this.pbx.setVar(c.ch, 'QUEUEPOSITION', String(pos));
    this.kick();
  }

  /**
   * Queue()'s timeout expired while the caller still waited. app_queue runs record_abandoned
   * here too (QueueCallerAbandon, ABANDONED=TRUE), then leaves the queue (QueueCallerLeave) and
   * returns with QUEUESTATUS=TIMEOUT: unlike an abandon, the caller is still up, nobody asked
   * its channel to hang up, and the dialplan goes on. Members still ringing time out first
   * (AgentRingNoAnswer), as wait_for_answer's timer is cut to what is left of the caller's.
   */
  private timeout(c: QueueCaller): void {
    c.expire = undefined;
    if (c.connected || this.position(c) === 0 || c.ch.hangingUp || c.ch.destroyed) return;
    const pbx = this.pbx;
    const ch = c.ch;
    c.retry?.cancel();
    c.retry = undefined;
    expireAttempts(pbx, this, c);
    this.recordAbandoned(c);
    pbx.chanEvent('MusicOnHoldStop', 'call,all', ch);
    setQueueVars(pbx, ch, c.queue);
    const pos = this.leave(c);
    pbx.setVar(ch, 'QUEUEPOSITION', String(pos));
    pbx.setVar(ch, 'QUEUESTATUS', 'TIMEOUT');
    this.byChannel.delete(ch.id);
    ch.owner = undefined;
    c.next();
    this.kick();
  }

  /** record_abandoned: the variables and QueueCallerAbandon, for a hangup or a timeout alike. */
  private recordAbandoned(c: QueueCaller): void {
    const pbx = this.pbx;
    const q = c.queue;
    const ch = c.ch;
    const waitMs = this.since(c.joinedAt);
    setWaitVars(pbx, ch, waitMs);
    pbx.setVar(ch, 'DIALEDTIME', String(Math.floor(this.since(ch.createdAt) / 1000)));
    pbx.setVar(ch, 'DIALEDTIME_MS', String(Math.round(this.since(ch.createdAt))));
    pbx.setVar(ch, 'ANSWEREDTIME', '0');
    pbx.setVar(ch, 'ANSWEREDTIME_MS', '0');
    pbx.setVar(ch, 'ABANDONED', 'TRUE');
    setQueueVars(pbx, ch, q);
    q.abandoned++;
    pbx.chanEvent('QueueCallerAbandon', 'agent,all', ch, [
      ['Queue', q.cfg.name],
      ['Position', String(this.position(c))],
      ['OriginalPosition', String(c.originalPos)],
      ['HoldTime', String(Math.floor(waitMs / 1000))],
    ]);
  }

  /** The caller hung up while waiting or while members rang: QueueCallerAbandon. */
  private abandon(c: QueueCaller, req: HangupRequest): void {
    const pbx = this.pbx;
    const q = c.queue;
    const ch = c.ch;
    c.retry?.cancel();
    cancelAttempts(pbx, c, 0);
    pbx.chanEvent('MusicOnHoldStop', 'call,all', ch);
    this.recordAbandoned(c);
    setQueueVars(pbx, ch, q);
    const pos = this.leave(c);
    pbx.setVar(ch, 'QUEUEPOSITION', String(pos));
    // Queue() returns -1 on a hangup and the PBX core finishes the channel off.
    pbx.softHangupEvent(ch, 16);
    pbx.destroy(ch, req.origin === 'remote' ? 0 : req.cause);
    this.kick();
  }

  /** A device changed: member statuses, queue availability, and maybe someone can ring now. */
  deviceChanged(device: string): void {
    notifyMemberDevice(this.pbx, this, device);
    this.kick();
  }

  /** Ring passes run on the next tick so that no flow re-enters another halfway through. */
  kick(): void {
    if (this.kickPending) return;
    this.kickPending = true;
    this.pbx.timers.soon(() => {
      this.kickPending = false;
      this.ringWaiting();
    });
  }

  private ringWaiting(): void {
    const now = Date.now();
    const free = (m: Member): boolean => isRingable(m, now) && this.dialable(m);
    for (const q of this.queues.values()) {
      for (const c of [...q.callers]) {
        if (c.attempts.length > 0 || c.retry || c.connected || c.ch.hangingUp) continue;
        const picks = pickMembers(q, c, free);
        if (picks.length > 0) startRing(this.pbx, this, c, picks);
      }
    }
  }

  /** Only the emulator's own registered phones can be dialled; Local/ members never answer. */
  dialable(m: Member): boolean {
    if (!m.iface.startsWith('PJSIP/')) return false;
    const ep = m.iface.slice(6);
    return ep !== 'trunk' && this.pbx.devices.isEndpoint(ep) && this.pbx.devices.isRegistered(ep);
  }

  allMembers(iface: string): Member[] {
    const out: Member[] = [];
    for (const q of this.queues.values()) for (const m of q.members) if (m.iface === iface) out.push(m);
    return out;
  }

  refreshAvail(): void {
    for (const q of this.queues.values()) updateAvail(this.pbx, q);
  }
}
