import type { CallTracker, CtiBus, LiveCall, OperatorDirectory, OperatorService, QueueState } from '../cti/index.ts';
import { phoneKey, WRAP_UP_REASON } from '../cti/index.ts';
import { maskPhone, normalizePhone } from '../shared/index.ts';
import { RingStreaks } from './ring-streaks.ts';
import type { OperatorStats } from './wallboard-kpis.ts';
import type { OperatorCallView, OperatorRow, QueueView } from './wallboard-events.ts';

export interface WallboardLiveDeps {
  bus: CtiBus;
  tracker: CallTracker;
  queues: QueueState;
  directory: OperatorDirectory;
  operators: () => OperatorService;
  /** Operators rostered for the current shift, or null while no roster exists. */
  rostered?: () => Set<string> | null;
  onChange: () => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The live half of the wallboard, read from memory on every push: who waits in which queue and
 * for how long, and each operator's state and current call. Numbers are masked once per call
 * (parsing a phone number is the costly part) and forgotten when the call ends.
 */
export class WallboardLive {
  private readonly masks = new Map<string, string | null>();
  private readonly streaks: RingStreaks;

  constructor(private readonly d: WallboardLiveDeps) {
    this.streaks = new RingStreaks(d.bus, d.directory, d.onChange);
    d.bus.on('call:ended', (c) => this.masks.delete(c.key));
  }

  queues(): QueueView[] {
    const names = (serverId: string, ifaces: string[]) =>
      ifaces.map((i) => this.d.directory.byInterface(i, serverId)?.displayName ?? i);
    const calls = new Map(this.d.tracker.active().map((c) => [c.linkedid + c.serverId, c]));
    return this.d.queues.snapshot().map((q) => ({
      name: q.name,
      serverId: q.serverId,
      waiting: q.waiting.map((w) => {
        const call = calls.get(w.linkedid + w.serverId);
        return {
          callId: w.callId,
          callerMasked: call ? this.mask(call) : w.callerMasked,
          waitingSince: w.waitingSince,
          hazard: w.hazard,
          ivrChoice: w.ivrChoice,
          ringing: names(q.serverId, w.ringing),
        };
      }),
      members: q.members.length,
      // A member is held paused for its wrap-up from the answer on: that is talk and wrap-up, not a pause.
      paused: q.members.filter((m) => m.paused && m.pausedReason !== WRAP_UP_REASON).length,
      talking: q.talking,
    }));
  }

  operators(stats: Map<string, OperatorStats>, allowances: Record<string, number>): OperatorRow[] {
    const byIface = this.callsByInterface();
    const rostered = this.d.rostered?.() ?? null;
    return this.d
      .operators()
      .all()
      .map(({ operator: op, state }) => {
        const st = stats.get(op.id);
        const paused = state.state === 'paused';
        const allowance = paused ? (allowances[state.reason ?? 'other'] ?? allowances['other'] ?? null) : null;
        return {
          id: op.id,
          displayName: op.displayName,
          extension: op.extension,
          state: state.state,
          reason: state.reason,
          since: state.since,
          until: state.until,
          pendingPause: state.pendingPause ?? null,
          pausedBy: state.pausedBy ?? null,
          call:
            state.state === 'ringing' || state.state === 'talking'
              ? (byIface.get(phoneKey(op.serverId, op.interface)) ?? null)
              : null,
          handled: st?.handled ?? 0,
          aht: st?.aht ?? null,
          score: st?.score ?? null,
          scoreResponses: st?.scoreResponses ?? 0,
          scoreRanked: st?.scoreRanked ?? false,
          scoreRank: st?.scoreRank ?? null,
          rnaStreak: this.streaks.of(op.id),
          pauseAllowanceSeconds: allowance === null ? null : allowance * 60,
          absent: state.state === 'logged-out' && rostered !== null && rostered.has(op.id),
        };
      });
  }

  /** Each operator's current call, by phone (server and interface): the one they talk on, else the one ringing their phone. */
  private callsByInterface(): Map<string, OperatorCallView> {
    const out = new Map<string, OperatorCallView>();
    for (const c of this.d.tracker.active()) {
      if (c.phase === 'talking' && c.memberInterface && c.answeredAt) {
        out.set(phoneKey(c.serverId, c.memberInterface), {
          phase: 'talking',
          callerMasked: this.mask(c),
          since: iso(c.answeredAt),
          queue: c.queue,
          hazard: c.hazard,
        });
      }
    }
    for (const c of this.d.tracker.active()) {
      for (const r of c.rings) {
        const key = phoneKey(c.serverId, r.interface);
        if (r.outcome !== 'ringing' || out.has(key)) continue;
        out.set(key, {
          phase: 'ringing',
          callerMasked: this.mask(c),
          since: iso(r.startedAt),
          queue: c.queue,
          hazard: c.hazard,
        });
      }
    }
    return out;
  }

  private mask(c: LiveCall): string | null {
    let m = this.masks.get(c.key);
    if (m === undefined) {
      m = maskPhone(normalizePhone(c.callerNum));
      this.masks.set(c.key, m);
    }
    return m;
  }
}
