import { isIP } from 'node:net';
import { z } from 'zod';

// What operators of the system reach besides the app: /metrics (Prometheus) and the log format.
export const OPS_ENV = {
  /** A Bearer token that lets a scraper read /metrics from any address. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters (openssl rand -hex 24)').optional(),
  /** Addresses or CIDRs (besides loopback) whose scrapes of /metrics are answered without a token. */
  METRICS_ALLOW: z.string().default(''),
  /** auto: pretty in a terminal outside production, JSON otherwise. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** This node's name among the deployment's nodes (default host:pid). */
  CLUSTER_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - only (at most 64)')
    .optional(),
  /** This node's base URL as the other nodes reach it (default http://HOST:PORT). */
  CLUSTER_URL: z.string().url().optional(),
  /** The deployment's name on Redis: its keys, jobs and socket rooms. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only')
    .default('cti137'),
  /** How long a dead owner keeps the PBX lease before a standby takes over (ms). */
  CLUSTER_LEASE_MS: z.coerce.number().int().min(300).max(30_000).default(1500),
  /** How often the analytics month histograms of changed months are rebuilt (s); 0: never. */
  ANALYTICS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
};

export interface OpsSettings {
  metrics: { token: string | null; allow: string[] };
  logFormat: 'auto' | 'pretty' | 'json';
  cluster: { node: string | null; url: string | null; redisPrefix: string; leaseMs: number };
  analyticsRefreshSeconds: number;
}

type OpsEnv = z.infer<z.ZodObject<typeof OPS_ENV>>;

/** An IPv4/IPv6 address, optionally with a prefix length that fits it. */
function isAddressOrCidr(s: string): boolean {
  const [addr, bits, ...rest] = s.split('/');
  const family = isIP(addr ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export function opsSettings(e: OpsEnv, problems: string[]): OpsSettings {
  const allow = e.METRICS_ALLOW.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const a of allow.filter((x) => !isAddressOrCidr(x)))
    problems.push(`METRICS_ALLOW: "${a}" is not an address or CIDR (e.g. 10.0.0.5,10.1.0.0/16)`);
  const cluster = {
    node: e.CLUSTER_NODE_ID ?? null,
    url: e.CLUSTER_URL?.replace(/\/+$/, '') ?? null,
    redisPrefix: e.REDIS_PREFIX,
    leaseMs: e.CLUSTER_LEASE_MS,
  };
  return {
    metrics: { token: e.METRICS_TOKEN ?? null, allow },
    logFormat: e.LOG_FORMAT,
    cluster,
    analyticsRefreshSeconds: e.ANALYTICS_REFRESH_SECONDS,
  };
}
