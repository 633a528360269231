import type { FastifyInstance } from 'fastify';
import type { Server as IoServer } from 'socket.io';
import type { ClusterView } from './cluster-view.ts';
import type { Logger } from './logger.ts';

/**
 * What the composition root lends every domain's `install(core)`: a logger, a place for its REST
 * routes, the socket.io server for its namespaces, and a hook to stop what it started. Each domain
 * declares its own `Core` as `Host & { ...what else it needs }` (db, jobs, other domains' handles),
 * so its index.ts says exactly what it depends on.
 */
export interface Host {
  logger: Logger;
  /** Adds routes to the `/api/v1` scope (paths relative to it; the session is already resolved). */
  api(register: (api: FastifyInstance) => void): void;
  /**
   * Adds routes outside `/api/v1`, in a scope of their own with no session and no CSRF checks of
   * the staff API: for public and machine-facing doors (Open311, the citizen page, /metrics, /docs).
   * Each such route does its own authentication (API key, OTP, token) and rate limiting.
   */
  outside(register: (app: FastifyInstance) => void): void;
  /** socket.io server: domains add their own namespaces. */
  io: IoServer;
  /** Runs at stop, in reverse order of registration. */
  onStop(fn: () => Promise<unknown> | unknown): void;
  /** Whether this node owns the PBX links; the owner's live picture; signals to every node. */
  cluster: ClusterView;
}
