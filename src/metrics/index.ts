// Prometheus metrics of one node (GET /metrics): reads the live state and counters of the domains below.
export { install, type MetricsCore, type MetricsHandle } from './install.ts';
export type { MetricsAccess } from './metrics-access.ts';
export type { PbxLink } from './metric-feeds.ts';
