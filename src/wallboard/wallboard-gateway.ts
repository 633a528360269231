import type { Namespace, Server, Socket } from 'socket.io';
import { SESSION_COOKIE, type AuthService, type SessionUser } from '../auth/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { CtiBus } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import {
  ackFromOwner,
  DEFAULT_SOCKET_EVENT_LIMIT,
  LogThrottle,
  parseCookie,
  RateLimiter,
  rateLimitedAck,
  type Ack,
  type ClusterView,
  type Logger,
  type RateLimitSettings,
} from '../shared/index.ts';
import { Coalescer } from './coalescer.ts';
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
  /** The centre's shifts: the current one and its window head the picture. */
  calendar: ShiftCalendar;
  serviceLevelSeconds: number;
  survey?: { minResponses: number };
  logger: Logger;
  /** Fewest ms between two pushes (default DEFAULT_PUSH_INTERVAL_MS). */
  pushIntervalMs?: number;
  /** Events a user may send on /wallboard (default DEFAULT_SOCKET_EVENT_LIMIT), over all their tabs. */
  eventLimit?: RateLimitSettings;
  /** Which node owns the PBX links, and so the live picture. */
  cluster: ClusterView;
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
// The city's managers watch too: the socket only ever sends the picture (its one event, snapshot,
// reads); supervising (listen, pause, …) is REST, where the manager guard refuses every change.
const ROLES = new Set(['supervisor', 'admin', 'manager']);
/** Who may watch the wallboard: at the handshake and again at each session sweep (a demoted supervisor is closed). */
export const canWatchWallboard = (user: { role: string }): boolean => ROLES.has(user.role);

/** What was last pushed, section by section, to diff the next push against. */
interface Sent {
  shift: string;
  queues: string;
  kpis: WallboardSnapshot['kpis'];
  series: WallboardSnapshot['series'];
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
  /** Per user: each snapshot reads the database, so a flood would drain the pool. */
  private readonly limiter: RateLimiter;
  private readonly limitLog = new LogThrottle();

  constructor(private readonly d: WallboardGatewayDeps) {
    this.nsp = d.io.of('/wallboard');
    this.limiter = new RateLimiter(d.eventLimit ?? DEFAULT_SOCKET_EVENT_LIMIT);
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

  /**
   * Whether a wallboard may be watching: one on this node has its snapshot; with several nodes,
   * one on any node may (the owner cannot count the others' sockets cheaply, so it pushes).
   */
  watching(): boolean {
    if (!this.d.cluster.isOwner()) return false;
    if (!this.d.cluster.single) return true;
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
      if (!this.limiter.take(user.id)) {
        const t = this.limitLog.take();
        if (t.log)
          this.d.logger.warn({ userId: user.id, suppressed: t.suppressed }, 'wallboard events over the limit refused');
        ack(rateLimitedAck(this.limiter.retryAfterMs(user.id)));
        return;
      }
      try {
        const r = await this.pictureFor(user, socket.handshake.headers.cookie);
        ack(r);
        if (r.ok) void socket.join(SUPERVISORS_ROOM);
      } catch (err) {
        this.d.logger.error({ err: (err as Error).message }, 'wallboard snapshot failed');
        ack({ ok: false, error: { code: 'INTERNAL', message: 'Could not load the wallboard; it will retry' } });
      }
    });
  }

  /**
   * The picture lives on the node that owns the PBX links; a standby node asks it (as this user,
   * through GET /wallboard/snapshot), and its sockets then get the owner's updates through the
   * socket.io Redis adapter, numbered from that very snapshot.
   */
  private async pictureFor(user: SessionUser, cookie: string | undefined): Promise<Ack<WallboardSnapshot>> {
    if (this.d.cluster.isOwner()) return { ok: true, data: await this.snapshot(user) };
    return ackFromOwner<WallboardSnapshot>(this.d.cluster, '/wallboard/snapshot', cookie);
  }

  /** The whole picture now, with this user's settings (their phone for listening in). */
  async snapshot(user: SessionUser): Promise<WallboardSnapshot> {
    const [phone] = await Promise.all([supervisorPhone(this.d.db, user.id), this.d.kpis.ready()]);
    // The picture of the last push, made current first, so the next update diffs against exactly it.
    if (!this.sent) this.coalescer.mark();
    if (this.coalescer.pending) this.coalescer.flushNow(() => this.push(true));
    const { allowances, ...picture } = this.sent!.picture;
    return {
      ...picture,
      serverTime: Date.now(),
      settings: {
        serviceLevelSeconds: this.d.serviceLevelSeconds,
        pauseAllowances: allowances,
        phone,
        scoreMinResponses: this.d.survey?.minResponses ?? 20,
        shifts: [...this.d.calendar.names],
      },
    };
  }

  /** Build the picture, send what changed. False when nobody watches (nothing built, still dirty). */
  private push(force = false): boolean {
    // A standby node's picture gets no PBX event: only the owner's pictures go out.
    if (!this.d.cluster.isOwner()) return false;
    const watchers = this.watching();
    if (!watchers && !force) return false;
    const now = Date.now();
    const next = this.build(now);
    const prev = this.sent;
    const changes = prev ? changedSections(prev, next) : {};
    if (!changes) return true;
    this.seq += 1;
    next.picture.seq = this.seq;
    this.sent = next;
    // Only when someone had the previous picture: a first build has nobody to diff for.
    if (prev && watchers) {
      // The owner's picture, to the wallboards of every node (the socket.io Redis adapter).
      const u: WallboardUpdate = { seq: this.seq, serverTime: now, ...changes };
      this.nsp.to(SUPERVISORS_ROOM).emit('update', u);
      this.pushes += 1;
    }
    return true;
  }

  /** The whole picture now, with each section's JSON kept to diff the next push against. */
  private build(now: number): Sent {
    const shift = this.shiftView(now);
    const queues = this.d.live.queues();
    const { kpis, series, stats, allowances } = this.d.kpis;
    const operators = this.d.live.operators(stats, allowances);
    return {
      shift: JSON.stringify(shift),
      queues: JSON.stringify(queues),
      kpis,
      series,
      allowances: JSON.stringify(allowances),
      rows: new Map(operators.map((r) => [r.id, JSON.stringify(r)])),
      picture: { seq: this.seq, shift, queues, operators, kpis, series, allowances },
    };
  }

  private shiftView(now: number): ShiftView {
    const ref = this.d.calendar.shiftAt(now);
    const win = this.d.calendar.window(ref);
    return {
      name: ref.name,
      date: ref.date,
      from: new Date(win.from).toISOString(),
      to: new Date(win.to).toISOString(),
    };
  }
}

/** The sections of an update: those of `next` that differ from `prev`, or null when none does. */
function changedSections(prev: Sent, next: Sent): Omit<WallboardUpdate, 'seq' | 'serverTime'> | null {
  const p = next.picture;
  const u: Omit<WallboardUpdate, 'seq' | 'serverTime'> = {};
  if (prev.shift !== next.shift) u.shift = p.shift;
  if (prev.queues !== next.queues) u.queues = p.queues;
  // KPIs and series keep their object while their figures stay the same: identity is the diff.
  if (prev.kpis !== next.kpis && next.kpis) u.kpis = next.kpis;
  if (prev.series !== next.series && next.series) u.series = next.series;
  if (prev.allowances !== next.allowances) u.pauseAllowances = p.allowances;
  const rows: OperatorRow[] = p.operators.filter((r) => prev.rows.get(r.id) !== next.rows.get(r.id));
  const removed = [...prev.rows.keys()].filter((id) => !next.rows.has(id));
  if (rows.length || removed.length) u.operators = { rows, removed };
  return Object.keys(u).length ? u : null;
}
