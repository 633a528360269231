import type { Ack } from './ack.ts';

/**
 * What a domain may know of the cluster (src/cluster implements it; a single node is its own owner).
 * Only the owner holds the PBX links, so only its CTI picture (calls, queues, operators' states) is
 * live: a standby node asks the owner for what it would otherwise answer from a stale picture.
 */
export interface ClusterView {
  /** This node's name (CLUSTER_NODE_ID). */
  readonly node: string;
  /** True without a cluster (no Redis): this node is all there is. */
  readonly single: boolean;
  /** Whether this node holds the PBX links now (always true without a cluster). */
  isOwner(): boolean;
  /**
   * A GET of the owner's /api/v1 as the user whose session cookie is given (the owner checks the
   * session and the role again, as for any request). Throws when no owner is reachable.
   */
  ownerGet<T>(path: string, cookie: string | undefined): Promise<{ status: number; body: T }>;
  /** Tells every node, this one included (fire and forget: a node that is down rebuilds at start). */
  signal(s: ClusterSignal): void;
  /** A short-lived mark every node can read (alone: none is kept, so none is found). */
  remember(key: string, ttlMs: number): void;
  remembered(key: string): Promise<boolean>;
  onSignal(fn: (s: ClusterSignal) => void): void;
}

/** What one node tells the others. */
export type ClusterSignal =
  /** An admin changed users or phones: every node reloads its operator directory. */
  | { kind: 'directory-changed' }
  /** An operator signed out or was disabled on some node: the owner takes them out of the queues. */
  | { kind: 'operator-leave-queues'; operatorId: string };

/** A socket's ack answered by the owner's REST route (a standby node's desk or wallboard). */
export async function ackFromOwner<T>(cluster: ClusterView, path: string, cookie: string | undefined): Promise<Ack<T>> {
  const r = await cluster.ownerGet<T | { error: { code: string; message: string } }>(path, cookie);
  if (r.status === 200) return { ok: true, data: r.body as T };
  return { ok: false, error: (r.body as { error: { code: string; message: string } }).error };
}
