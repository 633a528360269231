import type { AmiClient } from '../asterisk/ami/index.ts';
import type { AriClient } from '../asterisk/ari/index.ts';
import { pingDatabase, type Db } from '../db/index.ts';

export interface HealthSources {
  db: Db;
  amis: Map<string, AmiClient>;
  aris: Map<string, AriClient>;
  jobsBackend: () => string;
}

/** GET /health: the database answers and at least one Asterisk's AMI link is up. */
export function healthCheck(s: () => HealthSources | null) {
  return async (): Promise<{ ok: boolean; details: Record<string, unknown> }> => {
    const src = s();
    if (!src) return { ok: false, details: { starting: true } };
    const dbOk = await pingDatabase(src.db);
    const pbx = Object.fromEntries(
      [...src.amis].map(([id, a]) => [id, { ami: a.connected, ari: src.aris.get(id)?.connected ?? false }]),
    );
    const pbxOk = [...src.amis.values()].some((a) => a.connected);
    return { ok: dbOk && pbxOk, details: { database: dbOk ? 'up' : 'down', pbx, jobs: src.jobsBackend() } };
  };
}
