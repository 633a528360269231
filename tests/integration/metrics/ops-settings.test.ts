import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from '../../../src/config/index.ts';
import { wantsPretty } from '../../../src/shared/index.ts';

const base = { DATABASE_URL: 'postgres://127.0.0.1/x', DEMO: 'on' };

/** The operators' settings: who may scrape /metrics, and how the log is written. */
describe('METRICS_* and LOG_FORMAT', () => {
  it('reads the token, the allowed addresses and the log format', () => {
    const cfg = loadConfig({
      ...base,
      METRICS_TOKEN: 'a-long-enough-scrape-token',
      METRICS_ALLOW: '10.0.0.0/8, 192.0.2.7,2001:db8::/32',
      LOG_FORMAT: 'pretty',
    });
    expect(cfg.ops).toMatchObject({
      metrics: { token: 'a-long-enough-scrape-token', allow: ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'] },
      logFormat: 'pretty',
    });
    expect(loadConfig(base).ops).toMatchObject({ metrics: { token: null, allow: [] }, logFormat: 'auto' });
  });

  it('reads the cluster settings: this node, its address, the deployment on Redis, the lease', () => {
    expect(loadConfig(base).ops.cluster).toEqual({ node: null, url: null, redisPrefix: 'cti137', leaseMs: 1500 });
    const cfg = loadConfig({
      ...base,
      CLUSTER_NODE_ID: 'node-a',
      CLUSTER_URL: 'http://10.0.0.5:8137/',
      REDIS_PREFIX: 'mashhad137',
      CLUSTER_LEASE_MS: '2000',
    });
    expect(cfg.ops.cluster).toEqual({
      node: 'node-a',
      url: 'http://10.0.0.5:8137',
      redisPrefix: 'mashhad137',
      leaseMs: 2000,
    });
  });

  it('refuses a bad address, a short token and an unknown format, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ METRICS_ALLOW: '10.0.0.0/33' }).join()).toContain('METRICS_ALLOW');
    expect(problems({ METRICS_ALLOW: 'scraper.local' }).join()).toContain('METRICS_ALLOW');
    expect(problems({ METRICS_TOKEN: 'short' }).join()).toContain('METRICS_TOKEN');
    expect(problems({ LOG_FORMAT: 'xml' }).join()).toContain('LOG_FORMAT');
    expect(problems({ CLUSTER_NODE_ID: 'node a' }).join()).toContain('CLUSTER_NODE_ID');
    expect(problems({ REDIS_PREFIX: 'a:b' }).join()).toContain('REDIS_PREFIX');
    expect(problems({ CLUSTER_LEASE_MS: '50' }).join()).toContain('CLUSTER_LEASE_MS');
  });

  it('writes pretty lines only for a person at a terminal, unless told', () => {
    const env = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'development';
      expect(wantsPretty('auto', true)).toBe(true);
      expect(wantsPretty('auto', false)).toBe(false);
      process.env.NODE_ENV = 'production';
      expect(wantsPretty('auto', true)).toBe(false);
      expect(wantsPretty('pretty', false)).toBe(true);
      expect(wantsPretty('json', true)).toBe(false);
    } finally {
      if (env === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = env;
    }
  });
});
