// Several cti137 nodes as a deployment runs them: child processes of the real entry point behind
// HAProxy, sharing a PostgreSQL database and a Redis prefix of their own, all following one
// Asterisk (the emulator, in this process, as a real PBX would be outside cti137).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { seedDemoUsers } from '../../src/auth/index.ts';
import { createPool, migrate, type Db } from '../../src/db/index.ts';
import { startEmulator, type Emulator, type QueueConfig } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/shared/index.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';
import { HaProxy } from './haproxy.ts';
import { ClusterNode, freePorts, type NodeHealth } from './node-process.ts';

export { HAVE_HAPROXY } from './haproxy.ts';
export type { ClusterNode } from './node-process.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Rings last 60 emulated seconds (3 s real at the tests' clock): a ring whose pop waits for a
 * failover is still ringing when the new owner has taken over.
 */
export const CLUSTER_QUEUES: QueueConfig[] = [
  { name: 'q137', strategy: 'rrmemory', timeoutSec: 60, retrySec: 1 },
  { name: 'q137hazard', strategy: 'ringall', timeoutSec: 60, retrySec: 1 },
];

export interface ClusterOptions {
  nodes?: number;
  /** Operator phones on the emulator (default the demo's 1001–1004). */
  endpoints?: string[];
  /** Emulated ms per real ms, for the emulator and every node's IVR (default 0.05). */
  timeScale?: number;
  /** More environment for every node (WRAPUP_SECONDS, LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** An existing database (a benchmark's): used as it is and not dropped. Default: a new one. */
  databaseUrl?: string;
  queues?: QueueConfig[];
  /** People and data put in the database before the nodes start (they read operators at start). */
  seed?: (db: Db) => Promise<void>;
}

export interface Cluster {
  /** HAProxy's address: where desks and browsers go. */
  url: string;
  /** The emulator's control API. */
  emulatorUrl: string;
  emu: Emulator;
  db: Db;
  dbUrl: string;
  /** The deployment's REDIS_PREFIX. */
  prefix: string;
  nodes: ClusterNode[];
  timeScale: number;
  /** kill -9 of a node; HAProxy notices by its checks. */
  kill9(node: ClusterNode): Promise<void>;
  /** Starts a node again (after a kill), and waits until HAProxy sends it traffic. */
  restart(node: ClusterNode): Promise<void>;
  /** The node every live node names as the owner, once one holds the lease (throws after timeoutMs). */
  waitOwner(timeoutMs?: number): Promise<ClusterNode>;
  /** The tail of HAProxy's log: requests that failed, and why. */
  proxyLog(): string;
  /** The node that says it is the owner now (no agreement asked of the others), or null. */
  ownerNow(): Promise<ClusterNode | null>;
  /** Each live node's /health. */
  healths(): Promise<Array<NodeHealth & { id: string }>>;
  close(): Promise<void>;
}

/** Every key of the deployment's prefix (BullMQ, socket.io streams, the lease), never another's. */
async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Teardown steps run whatever failed before them; the first error is thrown at the end. */
async function runAll(steps: Array<() => Promise<unknown>>): Promise<void> {
  let first: unknown;
  for (const s of steps) await s().catch((err: unknown) => (first ??= err));
  if (first) throw first;
}

export async function startCluster(o: ClusterOptions = {}): Promise<Cluster> {
  const timeScale = o.timeScale ?? 0.05;
  const logger = createLogger('silent');
  const undo: Array<() => Promise<unknown>> = [];
  const tmp = mkdtempSync(join(tmpdir(), 'cti-cluster-'));
  undo.push(async () => rmSync(tmp, { recursive: true, force: true }));
  const prefix = `cticl${randomBytes(4).toString('hex')}`;
  undo.push(() => dropRedisPrefix(prefix));
  try {
    // A database of its own (the tests' helper: made, migrated, dropped with its pool), or the one given.
    const made = o.databaseUrl ? null : await createTestDatabase();
    const dbUrl = o.databaseUrl ?? made!.url;
    let db: Db;
    if (made) {
      undo.push(() => made.drop());
      db = made.pool;
    } else {
      await migrate(dbUrl, logger);
      db = createPool(dbUrl, logger, 5);
      undo.push(() => db.end());
    }
    // With a real ASTERISK_AMI_URL the nodes seed nobody: the demo's people come from here.
    await seedDemoUsers(db, 'demo137');
    await o.seed?.(db);

    const emu = await startEmulator({
      amiPort: 0,
      ariPort: 0,
      amiUsername: 'cti',
      amiSecret: 'clusterami',
      ariUsername: 'cti',
      ariPassword: 'clusterari',
      endpoints: o.endpoints ?? ['1001', '1002', '1003', '1004'],
      traffic: false,
      timeScale,
      queues: o.queues ?? CLUSTER_QUEUES,
      logger,
    });
    undo.push(() => emu.close());

    const env: Record<string, string> = {
      DATABASE_URL: dbUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      CLUSTER_LEASE_MS: '1500',
      ASTERISK_AMI_URL: `ami://cti:clusterami@127.0.0.1:${emu.amiPort}`,
      ASTERISK_ARI_URL: `http://cti:clusterari@127.0.0.1:${emu.ariPort}`,
      EMULATOR_TIME_SCALE: String(timeScale),
      WRAPUP_SECONDS: '1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      LOG_FORMAT: 'json',
      // Every test client comes through HAProxy from loopback: one address for all of them.
      TRUSTED_PROXIES: '127.0.0.1',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      ...o.env,
    };
    const ports = await freePorts((o.nodes ?? 2) + 1);
    const proxyPort = ports.pop()!;
    const nodes = ports.map((port, i) => new ClusterNode(`n${i + 1}`, port, env));
    undo.push(() => Promise.all(nodes.map((n) => n.stop())));
    await Promise.all(nodes.map((n) => n.start()));

    const proxy = new HaProxy(tmp, proxyPort, nodes);
    undo.push(() => proxy.stop());
    await proxy.start();
    await proxy.untilServing(nodes.map((n) => n.url));

    const cluster: Cluster = {
      url: proxy.url,
      emulatorUrl: `http://127.0.0.1:${emu.ariPort}`,
      ...{ emu, db, dbUrl, prefix, nodes, timeScale },
      kill9: (n) => n.kill9(),
      async restart(n) {
        await n.start();
        await proxy.untilServing([n.url]);
      },
      waitOwner: (timeoutMs = 10_000) => waitOwner(nodes, timeoutMs),
      healths: () => healths(nodes),
      proxyLog: () => proxy.output,
      async ownerNow() {
        const owner = (await healths(nodes)).find((h) => h.cluster?.role === 'owner');
        return nodes.find((n) => n.id === owner?.id) ?? null;
      },
      close: () => runAll(undo.splice(0).reverse()),
    };
    await cluster.waitOwner(15_000);
    return cluster;
  } catch (err) {
    await runAll(undo.splice(0).reverse()).catch(() => undefined);
    throw err;
  }
}

async function healths(nodes: ClusterNode[]): Promise<Array<NodeHealth & { id: string }>> {
  const live = nodes.filter((n) => n.alive);
  return Promise.all(
    live.map(async (n) => ({ id: n.id, ...(await n.health().catch((e: Error) => ({ status: 0, error: e.message }))) })),
  );
}

/** The owner every live node agrees on: it says `owner` itself, the others name it. */
async function waitOwner(nodes: ClusterNode[], timeoutMs: number): Promise<ClusterNode> {
  let last: unknown = null;
  try {
    return await waitFor(
      async () => {
        const hs = await healths(nodes);
        last = hs;
        const owners = hs.filter((h) => h.cluster?.role === 'owner');
        if (owners.length !== 1) return undefined;
        const id = owners[0]!.id;
        if (!hs.every((h) => h.cluster?.owner === id)) return undefined;
        return nodes.find((n) => n.id === id);
      },
      timeoutMs,
      'one owner named by every live node',
      50,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; /health said ${JSON.stringify(last)}`, { cause: err });
  }
}
