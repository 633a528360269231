import type { AmiClient } from '../asterisk/ami/index.ts';
import type { AriClient } from '../asterisk/ari/index.ts';
import { pingDatabase, type Db } from '../db/index.ts';

export interface HealthSources {
  db: Db;
  amis: Map<string, AmiClient>;
  aris: Map<string, AriClient>;
  jobsBackend: () => string;
  /** null without REDIS_URL (nothing of this node then needs Redis). */
  redisUp: () => boolean | null;
  /** The embedded PostgreSQL's supervisor state, null with DATABASE_URL. */
  embeddedDb: () => string | null;
  /** This node's role: a standby holds no PBX links by design, and serves everything else. */
  cluster: () => { role: 'owner' | 'standby' | 'single' } & Record<string, unknown>;
}

/** A ping that hangs (a half-open connection, a pool waiting for a slot) counts as down after this. */
const PING_TIMEOUT_MS = 1500;

const up = (ok: boolean) => (ok ? 'up' : 'down');

/**
 * GET /health: every dependency this node needs, each reported; 503 as soon as one is down,
 * so a load balancer stops sending desks to a node that cannot pop screens or store requests.
 * Needed: PostgreSQL, each configured Asterisk's AMI and ARI (ARI carries the IVR), Redis when
 * configured (sockets across nodes and the jobs), and the jobs' store (Redis or PostgreSQL).
 * A standby node (another node owns the PBX links) needs no link: it serves desks and passes live
 * requests on to the owner.
 */
export function healthCheck(s: () => HealthSources | null) {
  return async (): Promise<{ ok: boolean; details: Record<string, unknown> }> => {
    const src = s();
    if (!src) return { ok: false, details: { starting: true } };
    const dbOk = await Promise.race([
      pingDatabase(src.db),
      new Promise<boolean>((r) => setTimeout(() => r(false), PING_TIMEOUT_MS).unref()),
    ]);
    const cluster = src.cluster();
    const standby = cluster.role === 'standby';
    const pbx = Object.fromEntries(
      [...src.amis].map(([id, a]) => [
        id,
        standby ? 'standby' : { ami: up(a.connected), ari: up(src.aris.get(id)?.connected ?? false) },
      ]),
    );
    const linksUp =
      [...src.amis.values()].every((a) => a.connected) && [...src.aris.values()].every((a) => a.connected);
    const pbxOk = standby || linksUp;
    const redis = src.redisUp();
    const backend = src.jobsBackend();
    const jobsOk = backend === 'redis' ? redis !== false : dbOk;
    const embedded = src.embeddedDb();
    const details: Record<string, unknown> = {
      database: up(dbOk),
      ...(embedded ? { embeddedDatabase: embedded } : {}),
      redis: redis === null ? 'not configured' : up(redis),
      pbx,
      jobs: { backend, store: up(jobsOk) },
      cluster,
    };
    return { ok: dbOk && pbxOk && redis !== false && jobsOk, details };
  };
}
