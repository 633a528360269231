import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/index.ts';

/** Who holds the PBX links: a node's name, the base URL other nodes reach it on, and its fencing epoch. */
export interface LeaseHolder {
  node: string;
  url: string;
  /** Grows by one at every change of hands: a write stamped with an older epoch is a stale owner's. */
  epoch: number;
}

export interface LeaseEvents {
  /** This node now holds the lease (start the links). */
  acquired: [LeaseHolder];
  /** This node lost the lease to another (stop the links at once). */
  lost: [LeaseHolder | null];
  /** The holder changed (any node's view of who the owner is). */
  holder: [LeaseHolder | null];
}

export interface LeaseOptions {
  redis: Redis;
  /** The deployment's Redis prefix: one lease per deployment. */
  key: string;
  node: string;
  /** This node's URL (known once it listens). */
  url: () => string;
  /** How long a holder that stops renewing keeps the lease (ms). Takeover is within ttl + poll. */
  ttlMs: number;
  /** How often a standby node tries to take it (ms). */
  pollMs: number;
  logger: Logger;
}

// Take the lease if nobody holds it: a new epoch (INCR) stamped into the value. Returns the value now held.
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then return cur end
local epoch = redis.call('INCR', KEYS[2])
local v = cjson.encode({node = ARGV[1], url = ARGV[2], token = ARGV[3], epoch = epoch})
redis.call('SET', KEYS[1], v, 'PX', ARGV[4])
return v`;

// Keep it: only with our token. Gone (a Redis restart): ours again with the same epoch, since no
// other node can have acted on it in between (they would have had to hold it). Another's: 0.
const RENEW = `
local cur = redis.call('GET', KEYS[1])
if not cur then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
if cjson.decode(cur).token == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1 end
return 0`;

const RELEASE = `
local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).token == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`;

/**
 * The PBX lease: one node of a deployment holds the AMI and ARI links at a time. A Redis key with
 * a token and an expiry (no home-made consensus): the holder renews it every ttl/3; a standby tries
 * to take it every poll. A holder killed outright stops renewing and is replaced within ttl + poll.
 *
 * A holder that cannot reach Redis keeps its links: no other node can take the lease while Redis is
 * unreachable to it too, and dropping the links would silence the phones for a Redis outage. (A
 * partition that lets the standby reach Redis but not the owner would give two owners for a while;
 * the writes that matter are idempotent by their natural keys, so that costs no duplicate.)
 */
export class PbxLease extends EventEmitter<LeaseEvents> {
  private readonly token = randomBytes(12).toString('hex');
  private held: LeaseHolder | null = null;
  private seen: LeaseHolder | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy = false;

  constructor(private readonly o: LeaseOptions) {
    super();
  }

  /** The holder as last seen (this node when it holds it). */
  holder(): LeaseHolder | null {
    return this.held ?? this.seen;
  }

  isHolder(): boolean {
    return this.held !== null;
  }

  /** Starts; resolves once the first attempt is over (held or not). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
  }

  /** Stop renewing; hand the lease over at once when we hold it (a clean stop needs no expiry). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    if (!this.held) return;
    this.held = null;
    await this.o.redis
      .eval(RELEASE, 1, this.o.key, this.token)
      .catch((err: Error) => this.o.logger.warn({ err: err.message }, 'could not release the PBX lease'));
  }

  private async tick(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      if (this.held) await this.renew();
      else await this.tryAcquire();
    } catch (err) {
      // Redis unreachable: keep whatever we hold (see the class comment), try again next tick.
      this.o.logger.debug({ err: (err as Error).message }, 'PBX lease: Redis not answering');
    } finally {
      this.busy = false;
      if (this.running) {
        this.timer = setTimeout(() => void this.tick(), this.held ? Math.floor(this.o.ttlMs / 3) : this.o.pollMs);
        this.timer.unref();
      }
    }
  }

  private async tryAcquire(): Promise<void> {
    const { redis, key, node, url, ttlMs } = this.o;
    const raw = (await redis.eval(ACQUIRE, 2, key, `${key}:epoch`, node, url(), this.token, String(ttlMs))) as string;
    const v = JSON.parse(raw) as LeaseHolder & { token: string };
    const holder = { node: v.node, url: v.url, epoch: v.epoch };
    if (!this.running) return;
    if (v.token === this.token) {
      this.held = holder;
      this.see(holder);
      this.o.logger.info({ epoch: holder.epoch }, 'this node now holds the PBX links');
      this.emit('acquired', holder);
    } else this.see(holder);
  }

  private async renew(): Promise<void> {
    const held = this.held!;
    const value = JSON.stringify({ node: held.node, url: held.url, token: this.token, epoch: held.epoch });
    const ok = await this.o.redis.eval(RENEW, 1, this.o.key, this.token, value, String(this.o.ttlMs));
    if (ok === 1 || !this.running) return;
    this.held = null;
    const raw = await this.o.redis.get(this.o.key).catch(() => null);
    const other = raw ? (JSON.parse(raw) as LeaseHolder) : null;
    const now = other ? { node: other.node, url: other.url, epoch: other.epoch } : null;
    this.o.logger.error(
      { holder: now?.node, epoch: now?.epoch },
      'the PBX lease passed to another node; stopping the links',
    );
    this.see(now);
    this.emit('lost', now);
  }

  private see(h: LeaseHolder | null): void {
    if (this.seen?.node === h?.node && this.seen?.epoch === h?.epoch) return;
    this.seen = h;
    this.emit('holder', h);
  }
}
