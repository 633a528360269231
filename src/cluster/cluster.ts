import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { unavailable, type ClusterSignal, type ClusterView, type Logger } from '../shared/index.ts';
import { PbxLease, type LeaseHolder } from './pbx-lease.ts';

export interface ClusterOptions {
  /** null: one node, always the owner. */
  redisUrl: string | null;
  /** The deployment's Redis prefix (keys, jobs and sockets of one deployment). */
  prefix: string;
  node: string;
  /** This node's base URL as the other nodes reach it. */
  url: string;
  leaseMs: number;
  logger: Logger;
}

export interface ClusterEvents {
  /** Open the PBX links (this node became the owner, or runs alone). */
  acquired: [];
  /** Close them now: another node owns the PBX. */
  lost: [];
}

/** A forwarded call waits this long for the owner; a dead owner is replaced within the lease's ttl. */
const OWNER_TIMEOUT_MS = 4000;

/** The node's place in the cluster: the lease, the owner's address, and signals between nodes. */
export class Cluster extends EventEmitter<ClusterEvents> implements ClusterView {
  readonly node: string;
  readonly single: boolean;
  private url: string;
  private readonly lease: PbxLease | null;
  private readonly signals = new EventEmitter<{ signal: [ClusterSignal] }>();
  private readonly redis: Redis | null;
  private readonly sub: Redis | null;
  private readonly channel: string;

  constructor(private readonly o: ClusterOptions) {
    super();
    this.node = o.node;
    this.single = !o.redisUrl;
    this.url = o.url;
    this.channel = `${o.prefix}:cluster:signals`;
    if (!o.redisUrl) {
      this.lease = this.redis = this.sub = null;
      return;
    }
    const quiet = (what: string) => (err: Error) => o.logger.debug({ err: err.message }, `${what} Redis error`);
    // A lease command that waits longer than a third of the lease counts as Redis down (see PbxLease).
    const commandTimeout = Math.max(100, Math.floor(o.leaseMs / 3));
    this.redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 1, commandTimeout });
    this.redis.on('error', quiet('cluster lease'));
    this.sub = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
    this.sub.on('error', quiet('cluster signals'));
    this.sub.on('message', (_ch: string, msg: string) => this.deliver(msg));
    void this.sub.subscribe(this.channel).catch(quiet('cluster subscribe'));
    this.lease = new PbxLease({
      redis: this.redis,
      key: `${o.prefix}:cluster:pbx-lease`,
      node: o.node,
      url: () => this.url,
      ttlMs: o.leaseMs,
      pollMs: Math.max(50, Math.floor(o.leaseMs / 6)),
      logger: o.logger.child({ mod: 'lease' }),
    });
    this.lease.on('acquired', () => this.emit('acquired'));
    this.lease.on('lost', () => this.emit('lost'));
  }

  /** This node's own URL, known once it listens; set before start(). */
  setUrl(url: string): void {
    this.url = url;
  }

  /** Starts competing for the lease (a single node owns at once); resolves after the first try. */
  async start(): Promise<void> {
    if (!this.lease) {
      this.emit('acquired');
      return;
    }
    await this.lease.start();
  }

  async stop(): Promise<void> {
    await this.lease?.stop();
    this.sub?.disconnect();
    this.redis?.disconnect();
  }

  isOwner(): boolean {
    return this.lease ? this.lease.isHolder() : true;
  }

  /** What /health says: this node's role and who owns the PBX links. */
  describe(): { node: string; role: 'owner' | 'standby' | 'single'; owner: string | null; epoch: number | null } {
    if (!this.lease) return { node: this.node, role: 'single', owner: this.node, epoch: null };
    const h: LeaseHolder | null = this.lease.holder();
    return {
      node: this.node,
      role: this.isOwner() ? 'owner' : 'standby',
      owner: h?.node ?? null,
      epoch: h?.epoch ?? null,
    };
  }

  /** The owner's base URL (null while nobody holds the lease, or on a single node). */
  ownerUrl(): string | null {
    const h = this.lease?.holder();
    return h && !this.isOwner() ? h.url : null;
  }

  async ownerGet<T>(path: string, cookie: string | undefined): Promise<{ status: number; body: T }> {
    const url = this.ownerUrl();
    if (!url) throw unavailable('UNAVAILABLE', 'The PBX is changing hands between nodes; try again in a moment');
    const res = await fetch(`${url}/api/v1${path}`, {
      headers: { ...(cookie ? { cookie } : {}), 'x-cti137-forwarded-by': this.node },
      signal: AbortSignal.timeout(OWNER_TIMEOUT_MS),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  signal(s: ClusterSignal): void {
    if (!this.redis) return void queueMicrotask(() => this.signals.emit('signal', s));
    // Published to every node, this one included (its subscriber hears it too).
    this.redis.publish(this.channel, JSON.stringify(s)).catch((err: Error) => {
      this.o.logger.warn({ err: err.message, kind: s.kind }, 'cluster signal not sent; acting here only');
      this.signals.emit('signal', s);
    });
  }

  remember(key: string, ttlMs: number): void {
    this.redis?.set(`${this.o.prefix}:mark:${key}`, '1', 'PX', ttlMs).catch(() => undefined);
  }

  /** False when Redis does not answer: the caller then acts as if nothing was marked. */
  async remembered(key: string): Promise<boolean> {
    if (!this.redis) return false;
    return (await this.redis.exists(`${this.o.prefix}:mark:${key}`).catch(() => 0)) === 1;
  }

  onSignal(fn: (s: ClusterSignal) => void): void {
    this.signals.on('signal', fn);
  }

  private deliver(msg: string): void {
    try {
      this.signals.emit('signal', JSON.parse(msg) as ClusterSignal);
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message }, 'cluster signal unreadable; ignored');
    }
  }
}
