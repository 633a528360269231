import type { Namespace, Server, Socket } from 'socket.io';
import { parseCookie } from '../shared/cookies.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { SESSION_COOKIE } from '../auth/auth-service.ts';
import type { SessionUser } from '../auth/auth-types.ts';
import type { ShiftDef } from '../calendar/index.ts';
import type { CtiBus } from '../cti/cti-events.ts';
import type { ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { Coalescer } from './coalescer.ts';
import { shiftWindow } from '../calendar/index.ts';
import type { WallboardKpis } from './wallboard-kpis.ts';
import type { WallboardLive } from './wallboard-live.ts';
import type {
  OperatorRow,
  ShiftView,
  WallboardClientEvents,
  WallboardServerEvents,
  WallboardSnapshot,
  WallboardUpdate,
} from './wallboard-events.ts';
import { supervisorPhone } from './wallboard-repository.ts';

export interface WallboardGatewayDeps {
  io: Server;
  auth: AuthService;
  bus: CtiBus;
  db: Db;
  live: WallboardLive;
  kpis: WallboardKpis;
  shiftFor: (at: number) => ShiftRef;
  shifts: ShiftDef[];
  timezone: string;
  serviceLevelSeconds: number;
  survey?: { minResponses: number };
  logger: Logger;
  /** Fewest ms between two pushes (default DEFAULT_PUSH_INTERVAL_MS). */
  pushIntervalMs?: number;
}

type WallboardSocket = Socket<
  WallboardClientEvents,
  WallboardServerEvents,
  Record<string, never>,
  { user: SessionUser }
>;

/**
 * Fewest ms between two pushes. An event waits at most this long for its push, so it bounds the
 * latency (the benchmark's p99 target is 100 ms from the AMI event to the socket: 250 ms would
 * miss it); at most 20 small diffs a second go out, and the browser redraws at most 4 times a
 * second whatever arrives. A burst of events in one tick is one push.
 */
export const DEFAULT_PUSH_INTERVAL_MS = 50;

/** The one room every wallboard socket joins, and only after its snapshot. */
export const SUPERVISORS_ROOM = 'supervisors';
const ROLES = new Set(['supervisor', 'admin']);
/** Who may watch the wallboard: at the handshake and again at each session sweep (a demoted supervisor is closed). */
export const canWatchWallboard = (user: { role: string }): boolean => ROLES.has(user.role);

/** What was last pushed, section by section, to diff the next push against. */
interface Sent {
  shift: string;
  queues: string;
  kpis: unknown;
  series: unknown;
  allowances: string;
  rows: Map<string, string>;
  picture: Omit<WallboardSnapshot, 'settings' | 'serverTime'> & { allowances: Record<string, number> };
}

/**
 * socket.io namespace /wallboard: supervisors' live picture. Bus events only mark the picture
 * dirty; a coalescer builds it at most once per push interval and sends only the sections (and
 * operator rows) that changed, as one broadcast to the room. A socket gets the whole picture
 * with `snapshot` and joins the room right after, so its first update applies on top of it.
 */
export class WallboardGateway {
  private readonly nsp: Namespace<WallboardClientEvents, WallboardServerEvents>;
  private readonly coalescer: Coalescer;
  private seq = 0;
  private sent: Sent | null = null;
  /** Pushes sent (tests and the bench read it). */
  pushes = 0;

  constructor(private readonly d: WallboardGatewayDeps) {
    this.nsp = d.io.of('/wallboard');
    this.coalescer = new Coalescer(d.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS, () => this.push());
    this.nsp.use(async (socket, next) => {
      try {
        const user = await d.auth.authenticate(parseCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
        if (!user) return next(new Error('UNAUTHENTICATED: sign in again'));
        if (!canWatchWallboard(user)) return next(new Error('FORBIDDEN: the wallboard is for supervisors and admins'));
        (socket as WallboardSocket).data.user = user;
        next();
      } catch (err) {
        d.logger.error({ err: (err as Error).message }, 'wallboard socket auth failed');
        next(new Error('UNAVAILABLE: try again in a moment'));
      }
    });
    this.nsp.on('connection', (s) => this.onConnection(s as WallboardSocket));
    const mark = () => this.coalescer.mark();
    for (const e of [
      'call:started',
      'call:queued',
      'call:ringing',
      'call:ring-ended',
      'call:answered',
      'call:agent-completed',
      'call:ended',
      'member:changed',
      'pbx:booted',
    ] as const) {
      d.bus.on(e, mark);
    }
  }

  /** Whether any wallboard on this node has its snapshot (and so wants updates). */
  watching(): boolean {
    return (this.nsp.adapter.rooms.get(SUPERVISORS_ROOM)?.size ?? 0) > 0;
  }

  /** Something shown changed outside the bus (operator state from a job, KPIs refreshed). */
  markDirty(): void {
    this.coalescer.mark();
  }

  stop(): void {
    this.coalescer.stop();
  }

  private onConnection(socket: WallboardSocket): void {
    const user = socket.data.user;
    // Belt and braces: the middleware refused other roles; never let one into the room.
    if (!canWatchWallboard(user)) {
      socket.disconnect(true);
      return;
    }
    socket.on('snapshot', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        const [phone] = await Promise.all([supervisorPhone(this.d.db, user.id), this.d.kpis.ready()]);
        // The picture of the last push, made current first, so the next update diffs against exactly it.
        if (!this.sent) this.coalescer.mark();
        if (this.coalescer.pending) this.coalescer.flushNow(() => this.push(true));
        const { allowances, ...picture } = this.sent!.picture;
        ack({
          ok: true,
          data: {
            ...picture,
            serverTime: Date.now(),
            settings: {
              serviceLevelSeconds: this.d.serviceLevelSeconds,
              pauseAllowances: allowances,
              phone,
              scoreMinResponses: this.d.survey?.minResponses ?? 20,
              shifts: this.d.shifts.map((s) => s.name),
            },
          },
        });
        void socket.join(SUPERVISORS_ROOM);
      } catch (err) {
        this.d.logger.error({ err: (err as Error).message }, 'wallboard snapshot failed');
        ack({ ok: false, error: { code: 'INTERNAL', message: 'Could not load the wallboard; it will retry' } });
      }
    });
  }

  /** Build the picture, send what changed. False when nobody watches (nothing built, still dirty). */
  private push(force = false): boolean {
    const watchers = this.watching();
    if (!watchers && !force) return false;
    const now = Date.now();
    const shift = this.shiftView(now);
    const queues = this.d.live.queues();
    const { kpis, series, stats, allowances } = this.d.kpis;
    const operators = this.d.live.operators(stats, allowances);
    const prev = this.sent;
    const rowJson = new Map(operators.map((r) => [r.id, JSON.stringify(r)]));
    const next: Sent = {
      shift: JSON.stringify(shift),
      queues: JSON.stringify(queues),
      kpis,
      series,
      allowances: JSON.stringify(allowances),
      rows: rowJson,
      picture: { seq: this.seq, shift, queues, operators, kpis, series, allowances },
    };
    const u: WallboardUpdate = { seq: this.seq + 1, serverTime: now };
    let changed = !prev;
    if (prev && prev.shift !== next.shift) ((u.shift = shift), (changed = true));
    if (prev && prev.queues !== next.queues) ((u.queues = queues), (changed = true));
    if (prev && prev.kpis !== kpis && kpis) ((u.kpis = kpis), (changed = true));
    if (prev && prev.series !== series && series) ((u.series = series), (changed = true));
    if (prev && prev.allowances !== next.allowances) ((u.pauseAllowances = allowances), (changed = true));
    if (prev) {
      const rows: OperatorRow[] = operators.filter((r) => prev.rows.get(r.id) !== rowJson.get(r.id));
      const removed = [...prev.rows.keys()].filter((id) => !rowJson.has(id));
      if (rows.length || removed.length) ((u.operators = { rows, removed }), (changed = true));
    }
    if (!changed) return true;
    this.seq += 1;
    next.picture.seq = this.seq;
    this.sent = next;
    // Only when someone had the previous picture: a first build has nobody to diff for.
    if (prev && watchers) {
      // Each node computes the same picture from its own AMI links: serve only its own sockets.
      this.nsp.local.to(SUPERVISORS_ROOM).emit('update', u);
      this.pushes += 1;
    }
    return true;
  }

  private shiftView(now: number): ShiftView {
    const ref = this.d.shiftFor(now);
    const win = shiftWindow(ref, this.d.shifts, this.d.timezone);
    return {
      name: ref.name,
      date: ref.date,
      from: new Date(win.from).toISOString(),
      to: new Date(win.to).toISOString(),
    };
  }
}
