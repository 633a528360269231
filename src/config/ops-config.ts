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
};

export interface OpsSettings {
  metrics: { token: string | null; allow: string[] };
  logFormat: 'auto' | 'pretty' | 'json';
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
  return { metrics: { token: e.METRICS_TOKEN ?? null, allow }, logFormat: e.LOG_FORMAT };
}
