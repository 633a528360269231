import { BlockList, isIP } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../shared/index.ts';

/** Who may read /metrics: loopback always; a Bearer token and/or addresses and CIDRs by setting. */
export interface MetricsAccess {
  token: string | null;
  allow: string[];
}

/** A list of IPv4/IPv6 addresses and CIDRs (IPv4-mapped IPv6 addresses are checked as IPv4). */
function blockList(entries: string[]): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  for (const e of entries) {
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The check of every /metrics request. The address is req.ip: behind TRUSTED_PROXIES it is the
 * client's own, so a load balancer on loopback does not open /metrics to the whole network.
 * Figures about a whole centre (call volumes, queue waits) are not public; they hold no personal data.
 */
export function metricsGuard(a: MetricsAccess): (req: FastifyRequest) => void {
  const allowed = blockList(a.allow);
  const token = a.token ? digest(a.token) : null;
  return (req) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      // Compared as digests: equal length, so timingSafeEqual tells nothing about the token's length.
      if (token && given && timingSafeEqual(digest(given), token)) return;
      throw new AppError('UNAUTHENTICATED', 401, 'Wrong metrics token: send Authorization: Bearer <METRICS_TOKEN>');
    }
    const ip = req.ip.startsWith('::ffff:') ? req.ip.slice(7) : req.ip;
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(ip) && allowed.check(ip, type)) return;
    throw forbidden(
      'Metrics are answered to this machine only: set METRICS_ALLOW to your scraper address or send METRICS_TOKEN',
    );
  };
}
