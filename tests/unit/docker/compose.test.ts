import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { ASTERISK, DOCKER, compose, one, parseConf, read, section, yamlBlock, yamlMap } from './asterisk-conf.ts';

// docker/compose.yml: the services, their wiring to cti137 and Asterisk, and no committed secret.

describe('docker/compose.yml', () => {
  const services = ['asterisk', 'postgres', 'redis', 'cti137'];
  const env = (svc: string) => yamlMap(yamlBlock(compose, ['services', svc, 'environment']));

  it('runs Asterisk, PostgreSQL 16, Redis 7 and cti137, each with a healthcheck', () => {
    for (const s of services) {
      expect(yamlBlock(compose, ['services', s]).length, s).toBeGreaterThan(0);
      expect(yamlBlock(compose, ['services', s, 'healthcheck']).join('\n'), s).toMatch(/test:/);
    }
    expect(yamlMap(yamlBlock(compose, ['services', 'postgres'])).get('image')).toBe('postgres:16');
    expect(yamlMap(yamlBlock(compose, ['services', 'redis'])).get('image')).toBe('redis:7');
    expect(yamlBlock(compose, ['services', 'cti137', 'healthcheck']).join('\n')).toContain('/health');
  });

  it('points cti137 at the compose services', () => {
    const e = env('cti137');
    expect(e.get('ASTERISK_AMI_URL')).toBe('ami://cti:${AMI_SECRET}@asterisk:5038');
    expect(e.get('ASTERISK_ARI_URL')).toBe('http://cti:${ARI_PASSWORD}@asterisk:8088');
    expect(e.get('DATABASE_URL')).toMatch(/^postgres:\/\/cti137:\$\{POSTGRES_PASSWORD\}@postgres:5432\//);
    expect(e.get('REDIS_URL')).toMatch(/@redis:6379$/);
    expect(e.get('HOST')).toBe('0.0.0.0');
    // and that config accepts them (secrets substituted)
    const cfg = loadConfig({
      ASTERISK_AMI_URL: e.get('ASTERISK_AMI_URL')!.replace('${AMI_SECRET}', 'a1'),
      ASTERISK_ARI_URL: e.get('ASTERISK_ARI_URL')!.replace('${ARI_PASSWORD}', 'b2'),
    });
    expect(cfg.asterisk?.[0]?.ami).toMatchObject({ host: 'asterisk', port: 5038, username: 'cti', secret: 'a1' });
  });

  it('contains no literal secret: every password, secret and URL credential is a ${VAR} from .env', () => {
    for (const s of services) {
      for (const [k, v] of env(s)) {
        if (/SECRET|PASSWORD|AUTH/.test(k)) expect(v, `${s}.${k}`).toMatch(/^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/);
        const cred = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/.exec(v);
        if (cred) expect(cred[1], `${s}.${k}`).toMatch(/^\$\{[A-Z0-9_]+\}$/);
      }
    }
    expect(compose).not.toMatch(/change-me/);
  });

  it('documents every required variable in .env.example and feeds every config placeholder to Asterisk', () => {
    const example = new Set(
      read('.env.example', DOCKER)
        .split('\n')
        .map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1])
        .filter((x): x is string => !!x),
    );
    const composeCode = compose
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    for (const m of composeCode.matchAll(/\$\{([A-Z0-9_]+):\?/g)) expect(example, m[1]).toContain(m[1]);
    const asteriskEnv = env('asterisk');
    for (const f of readdirSync(ASTERISK).filter((x) => x.endsWith('.conf'))) {
      for (const m of read(f).matchAll(/\$\{(AMI_SECRET|ARI_PASSWORD|PHONE_\d+_PASSWORD|TRUNK_HOST|TRUNK_PORT|CTI_SUBNET)\}/g)) {
        expect(asteriskEnv.has(m[1]!), `${f}: ${m[1]} must be passed to the asterisk service`).toBe(true);
      }
    }
  });

  it('publishes SIP and exactly the RTP range of rtp.conf, and never AMI or ARI', () => {
    const rtp = section(parseConf(read('rtp.conf')), 'general');
    const ports = yamlBlock(compose, ['services', 'asterisk', 'ports']).join('\n');
    expect(ports).toContain(`${one(rtp, 'rtpstart')}-${one(rtp, 'rtpend')}:${one(rtp, 'rtpstart')}-${one(rtp, 'rtpend')}/udp`);
    expect(ports).toContain('5060:5060/udp');
    expect(ports).not.toMatch(/5038|8088/);
  });
});
