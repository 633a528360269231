import type { CtiHandle } from '../cti/index.ts';
import type { Host } from '../shared/index.ts';
import type { MetricsAccess } from './metrics-access.ts';
import { countCalls, countReconnects, liveGauges, type LiveSources, type PbxLink } from './metric-feeds.ts';
import { createMetricSet } from './metric-set.ts';
import { registerMetricsRoute } from './metrics-routes.ts';

export type MetricsCore = Pick<Host, 'outside' | 'io'> &
  Omit<LiveSources, 'queueState' | 'io'> & {
    cti: Pick<CtiHandle, 'bus' | 'queueState'>;
    /** Each Asterisk server's links by server id. */
    links: { ami: ReadonlyMap<string, PbxLink>; ari: ReadonlyMap<string, PbxLink> };
    access: MetricsAccess;
  };

/** What others feed in where metrics cannot listen itself (the app wires them). */
export interface MetricsHandle {
  /** A screen-pop left for a desk this long after its ring (ms). */
  observePop(latencyMs: number): void;
  /** Survey answers stored. */
  surveyAnswers(count: number): void;
  /** This node took or lost the lease of an Asterisk server (the failover work feeds it). */
  leaseChanged(serverId: string): void;
  /** The Prometheus text of this node (what GET /metrics answers). */
  text(): Promise<string>;
}

/** GET /metrics for this node: counters from the CTI bus and the links, gauges read at scrape time. */
export function install(core: MetricsCore): MetricsHandle {
  const m = createMetricSet();
  countCalls(m, core.cti.bus);
  countReconnects(m, core.links);
  liveGauges(m, { ...core, queueState: core.cti.queueState });
  core.outside((app) => registerMetricsRoute(app, { registry: m.registry, access: core.access }));
  return {
    // A PBX clock a little ahead of ours would give a negative latency: counted as 0.
    observePop: (ms) => m.popLatency.observe(Math.max(0, ms) / 1000),
    surveyAnswers: (n) => m.surveyAnswers.inc(n),
    leaseChanged: (serverId) => m.leaseChanges.inc({ server: serverId }),
    text: () => m.registry.metrics(),
  };
}
