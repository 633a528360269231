import { randomUUID } from 'node:crypto';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound, type Logger } from '../shared/index.ts';
import type { CtiBus, LiveCall } from './cti-events.ts';
import type { OperatorDirectory } from './operator-directory.ts';
import { OperatorIntervals } from './operator-intervals.ts';
import { ALREADY, NOT_THERE, operatorAction, type PbxActions } from './operator-pbx.ts';
import * as member from './operator-membership.ts';
import { applyMemberChange, deriveState, initialFacts, WRAP_UP_REASON, type OperatorFacts } from './operator-state.ts';
import { pauseNote, snapshotOf } from './operator-state.ts';
import type { OperatorInfo, OperatorStateChanged, PauseReason } from './operator-types.ts';

export type { PbxActions } from './operator-pbx.ts';

export interface OperatorServiceDeps {
  db: Db;
  bus: CtiBus;
  directory: OperatorDirectory;
  /** AMI of one PBX by server id; each operator's actions go to the server their phone is on. */
  pbx: (serverId: string) => PbxActions | null;
  logger: Logger;
  wrapupSeconds: number;
  /** State intervals are filed under the shift they start in. */
  calendar: ShiftCalendar;
  /** Schedule the end of a wrap-up (a BullMQ delayed job in production; survives a restart). */
  scheduleWrapUpEnd: (operatorId: string, token: string, delayMs: number) => Promise<void>;
  /** Push a state change to the operator's desk and the wallboards. */
  notify: (operatorId: string, s: OperatorStateChanged) => void;
}

/**
 * Operators' live state. Desk buttons become AMI QueueAdd/QueuePause/QueueRemove; Asterisk's
 * member events and the call events are the truth the state follows. Every change of the derived
 * state is stored as an interval so pause, talk and idle time can be reported per shift.
 */
export class OperatorService {
  private readonly facts = new Map<string, OperatorFacts>();
  private readonly intervals: OperatorIntervals;

  constructor(private readonly d: OperatorServiceDeps) {
    this.intervals = new OperatorIntervals(d);
    const { bus } = d;
    // Every event names its server: PJSIP/1001 on pbx2 is not the operator of PJSIP/1001 on pbx1.
    bus.on('call:ringing', (c, r) => this.update(c.serverId, r.interface, (f) => (f.ringingCall = c.key)));
    bus.on('call:ring-ended', (c, r) =>
      this.update(c.serverId, r.interface, (f) => {
        if (f.ringingCall === c.key) f.ringingCall = null;
      }),
    );
    bus.on('call:answered', (c) => {
      this.update(c.serverId, c.memberInterface, (f) => {
        f.ringingCall = null;
        f.talkingCall = c.key;
        // A new call (a colleague's transfer during the wrap-up) supersedes the wrap-up running.
        f.wrapUntil = null;
        f.wrapToken = null;
      });
      void this.holdForWrapUp(c.serverId, c.memberInterface);
    });
    // Asterisk hung the call up to shut down: nothing to wrap up (callGone lets the operator go).
    bus.on('call:agent-completed', (c, info) => {
      if (info.reason !== 'pbx-restart') void this.startWrapUp(c.serverId, info.interface || c.memberInterface, c.key);
    });
    bus.on('call:ended', (c) => this.callGone(c));
    bus.on('member:changed', (m) => this.update(m.serverId, m.interface, (f) => applyMemberChange(f, m)));
  }

  snapshot(operatorId: string): OperatorStateChanged {
    return snapshotOf(this.get(operatorId));
  }

  all(): Array<{ operator: OperatorInfo; state: OperatorStateChanged; facts: OperatorFacts }> {
    return this.d.directory
      .all()
      .map((operator) => ({ operator, state: this.snapshot(operator.id), facts: this.get(operator.id) }));
  }

  async setReady(operatorId: string): Promise<OperatorStateChanged> {
    const op = this.operator(operatorId);
    const f = this.get(operatorId);
    // Ready during a call means ready once its wrap-up is over: the member stays paused for it.
    const pause = member.pbxPause({ ...f, paused: false, pauseReason: null, wrapUntil: null }, this.d.wrapupSeconds);
    if (!f.loggedIn)
      for (const queue of op.queues) await this.ami(op, 'QueueAdd', member.queueAddFields(op, queue, pause), ALREADY);
    await this.ami(op, 'QueuePause', member.queuePauseFields(op, pause), null);
    this.updateOp(op, (x) => {
      x.loggedIn = true;
      x.paused = false;
      x.pauseReason = null;
      x.wrapUntil = null;
      x.wrapToken = null;
    });
    return this.snapshot(operatorId);
  }

  /** A supervisor's unpause: only of an operator in the queues (signing in is the operator's own act). */
  async unpause(operatorId: string): Promise<OperatorStateChanged> {
    const op = this.operator(operatorId);
    if (!this.get(operatorId).loggedIn) throw member.signedOut(op);
    return this.setReady(operatorId);
  }

  /** `by`: the supervisor who ordered it (the operator is told); null for the operator's own. */
  async pause(operatorId: string, reason: PauseReason | string, by: string | null = null) {
    const op = this.operator(operatorId);
    if (!this.get(operatorId).loggedIn)
      throw new AppError('NOT_LOGGED_IN', 409, 'Log in to the queue (Ready) before pausing');
    await this.ami(op, 'QueuePause', { Interface: op.interface, Paused: 'true', Reason: reason }, null);
    this.updateOp(op, (f) => {
      f.paused = true;
      f.pauseReason = reason;
      f.pausedBy = by;
      // An explicit pause ends the wrap-up: the operator chose what comes next.
      f.wrapUntil = null;
      f.wrapToken = null;
    });
    return this.snapshot(operatorId);
  }

  async logout(operatorId: string): Promise<OperatorStateChanged> {
    const op = this.operator(operatorId);
    for (const queue of op.queues)
      await this.ami(op, 'QueueRemove', { Queue: queue, Interface: op.interface }, NOT_THERE);
    this.updateOp(op, (f) => {
      f.loggedIn = false;
      f.paused = false;
      f.pauseReason = null;
      f.wrapUntil = null;
      f.wrapToken = null;
    });
    return this.snapshot(operatorId);
  }

  /** Called by the wrap-up job; a stale token (operator already moved on) is ignored. */
  async endWrapUp(operatorId: string, token: string): Promise<void> {
    const f = this.facts.get(operatorId);
    if (!f || f.wrapToken !== token) return;
    const op = this.operator(operatorId);
    if (!f.paused)
      await this.ami(op, 'QueuePause', { Interface: op.interface, Paused: 'false' }, NOT_THERE).catch(() => undefined);
    this.updateOp(op, (x) => {
      x.wrapUntil = null;
      x.wrapToken = null;
    });
  }

  /**
   * After a (re)connect of one server: its QueueStatus members are the truth for who of the
   * operators on that server is logged in and paused. An operator of that server we had logged in
   * who is no longer a member lost it to an Asterisk restart (members are not persistent): add
   * them back, paused as they were (with their reason, or for the wrap-up they are in), so nobody
   * silently stops getting calls. Operators of other servers are not members here by design.
   */
  async syncMembers(serverId: string, members: member.ListedMember[]): Promise<void> {
    const seen = new Map<string, member.ListedMember[]>();
    for (const m of members) {
      const op = this.d.directory.byInterface(m.interface, serverId);
      if (!op) continue;
      seen.set(op.id, [...(seen.get(op.id) ?? []), m]);
      this.updateOp(op, (f) => {
        f.loggedIn = true;
        if (m.reason !== WRAP_UP_REASON) {
          f.paused = m.paused;
          f.pauseReason = m.paused ? m.reason || null : null;
        }
      });
    }
    for (const [id, listed] of seen)
      if (member.orphanWrapPause(this.get(id), listed)) void this.startWrapUp(serverId, listed[0]!.interface, null);
    for (const op of this.d.directory.all()) {
      if (op.serverId !== serverId || seen.has(op.id)) continue;
      const f = this.facts.get(op.id);
      if (!f?.loggedIn) continue;
      try {
        const pause = member.pbxPause(f, this.d.wrapupSeconds);
        for (const queue of op.queues) await this.ami(op, 'QueueAdd', member.queueAddFields(op, queue, pause), ALREADY);
        this.d.logger.info({ operator: op.username }, 'restored queue membership lost by the PBX');
      } catch (err) {
        this.d.logger.error(
          { operator: op.username, err: (err as Error).message },
          'could not restore queue membership; the operator shows as logged out',
        );
        this.updateOp(op, (x) => (x.loggedIn = false));
      }
    }
  }

  /** Pause the member while the call is up: app_queue cannot ring it in the wrap-up that follows. */
  private async holdForWrapUp(serverId: string, iface: string | null): Promise<void> {
    const op = this.d.directory.byInterface(iface, serverId);
    const f = op && this.get(op.id);
    if (!op || !f?.loggedIn || f.paused || this.d.wrapupSeconds <= 0) return;
    const failed = (err: Error) =>
      this.d.logger.warn(
        { err: err.message, operator: op.username },
        'wrap-up pause at the answer failed; retried at hang-up',
      );
    await this.ami(op, 'QueuePause', member.queuePauseFields(op, member.WRAP_PAUSE), NOT_THERE).catch(failed);
  }

  /**
   * A call ended with an operator still talking in it (the caller hung up on a leg reached by
   * Dial: no AgentComplete): the wrap-up starts now. A call an Asterisk restart took has none.
   */
  private callGone(c: LiveCall): void {
    for (const [id, f] of this.facts) {
      const op = f.talkingCall === c.key ? this.d.directory.byId(id) : undefined;
      if (!op) continue;
      if (c.endReason !== 'pbx-restart') void this.startWrapUp(op.serverId, op.interface, c.key);
      else this.updateOp(op, (x) => (x.talkingCall = null));
    }
  }

  private async startWrapUp(serverId: string, iface: string | null, callKey: string | null): Promise<void> {
    const op = this.d.directory.byInterface(iface, serverId);
    if (!op) return;
    const token = randomUUID();
    const secs = this.d.wrapupSeconds;
    this.updateOp(op, (f) => {
      if (f.talkingCall === callKey) f.talkingCall = null;
      if (f.ringingCall === callKey) f.ringingCall = null;
      if (secs > 0 && f.loggedIn) {
        f.wrapUntil = Date.now() + secs * 1000;
        f.wrapToken = token;
      }
    });
    if (secs <= 0 || !this.get(op.id).loggedIn) return;
    // A local timer as well as the job (which survives a restart but fires late with its store
    // down): the first to fire wins, the token makes the other a no-op.
    setTimeout(() => void this.endWrapUp(op.id, token).catch(() => undefined), secs * 1000).unref();
    try {
      // Paused since the answer already; again here for a call whose answer we did not see. An
      // operator's own pause (with its reason) needs none.
      if (!this.get(op.id).paused)
        await this.ami(op, 'QueuePause', member.queuePauseFields(op, member.WRAP_PAUSE), NOT_THERE);
      // A job store that is down (it logs why) leaves the end to the local timer.
      await this.d.scheduleWrapUpEnd(op.id, token, secs * 1000).catch(() => undefined);
    } catch (err) {
      this.d.logger.error(
        { err: (err as Error).message, operator: op.username },
        'could not start wrap-up; returning the operator to ready',
      );
      await this.endWrapUp(op.id, token);
    }
  }

  private operator(id: string): OperatorInfo {
    const op = this.d.directory.byId(id);
    if (!op) throw notFound('Operator');
    return op;
  }

  private get(operatorId: string): OperatorFacts {
    const f = this.facts.get(operatorId) ?? initialFacts(Date.now());
    this.facts.set(operatorId, f);
    return f;
  }

  /** An action for the operator's phone goes to the server the phone is on, and only there. */
  private ami(op: OperatorInfo, action: string, fields: Record<string, string>, okError: RegExp | null): Promise<void> {
    return operatorAction(this.d.pbx(op.serverId), op, action, fields, okError);
  }

  /** Apply a change to the operator behind a phone of one server (none: not an operator's phone). */
  private update(serverId: string, iface: string | null | undefined, change: (f: OperatorFacts) => void): void {
    const op = this.d.directory.byInterface(iface, serverId);
    if (op) this.updateOp(op, change);
  }

  /** Apply a change to an operator's facts; store and publish if the visible state changed. */
  private updateOp(op: OperatorInfo, change: (f: OperatorFacts) => void): void {
    const f = this.get(op.id);
    change(f);
    const { state, reason } = deriveState(f);
    const changed = state !== f.lastState || reason !== f.lastReason;
    // A pause ordered during a call (or who ordered it) is news too, though the state is the same.
    if (!changed && pauseNote(f) === f.lastNote) return;
    f.lastNote = pauseNote(f);
    if (!changed) return this.d.notify(op.id, this.snapshot(op.id));
    const now = Date.now();
    f.lastState = state;
    f.lastReason = reason;
    f.since = now;
    this.intervals.record(op.id, state, reason, now);
    this.d.notify(op.id, this.snapshot(op.id));
  }

  /** Wait for the state intervals still being written (shutdown). */
  flush(): Promise<void> {
    return this.intervals.flush();
  }
}
