import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { isWanted } from '../../../src/cti/index.ts';
import { ASTERISK, manager, one, parseConf, queues, read, section } from './asterisk-conf.ts';

// docker/asterisk/: the AMI, ARI and queue configuration cti137 relies on (the dialplan and the
// phones are in asterisk-dialplan.test.ts, compose.yml in compose.test.ts).

describe('docker/asterisk: every file parses', () => {
  it('has the files the image copies, all in Asterisk config syntax', () => {
    const confs = readdirSync(ASTERISK).filter((f) => f.endsWith('.conf'));
    for (const f of ['manager.conf', 'http.conf', 'ari.conf', 'pjsip.conf', 'queues.conf', 'extensions.conf', 'rtp.conf', 'modules.conf', 'logger.conf']) {
      expect(confs).toContain(f);
    }
    for (const f of confs) expect(() => parseConf(read(f)), f).not.toThrow();
  });
});

describe('manager.conf: the AMI user cti137 logs in with', () => {
  const general = section(manager, 'general');
  const cti = section(manager, 'cti');

  it('dates every event (timestampevents) and has the cti user with a secret from the environment', () => {
    expect(one(general, 'enabled')).toBe('yes');
    expect(one(general, 'timestampevents')).toBe('yes');
    expect(one(cti, 'secret')).toBe('${AMI_SECRET}');
    expect(one(cti, 'deny')).toBe('0.0.0.0/0.0.0.0');
    expect(one(cti, 'permit')).toMatch(/^\$\{[A-Z_]+\}$/);
  });

  it('delivers every event cti137 consumes, with the class Asterisk sends it in, and drops VarSet/RTCP', () => {
    // The class of each event as real Asterisk 22 sent it (Privilege: <class>,all) in the captures.
    const classOf = new Map<string, string>();
    for (const f of readdirSync(new URL('../../fixtures/asterisk/', import.meta.url)).filter((x) => x.endsWith('.server.raw'))) {
      const parser = new AmiParser({ message: (m: AmiMessage) => {
        const priv = m.get('Privilege');
        if (m.event && priv?.endsWith(',all')) classOf.set(m.event, priv.split(',')[0]!);
      } }, { expectBanner: true });
      parser.push(readFileSync(new URL(`../../fixtures/asterisk/${f}`, import.meta.url)));
    }
    // Not in the captures: classes from Asterisk's sources (stasis_bridges.c, app_queue.c).
    for (const [e, c] of [['BlindTransfer', 'call'], ['AttendedTransfer', 'call'], ['AgentDump', 'agent']] as const) classOf.set(e, c);
    const needed = [...classOf.keys()].filter((e) => isWanted(e));
    needed.push('BlindTransfer', 'AttendedTransfer', 'AgentDump', 'DTMFBegin', 'DTMFEnd', 'OriginateResponse');
    expect(needed).toEqual(expect.arrayContaining(['Newchannel', 'Hangup', 'AgentConnect', 'AgentComplete', 'QueueMemberStatus', 'FullyBooted']));

    const readClasses = new Set((one(cti, 'read') ?? '').split(',').map((s) => s.trim()));
    // Legacy eventfilter: "!regex" drops an event whose text matches (unanchored); black filters only → all else passes.
    const filters = cti.get('eventfilter') ?? [];
    expect(filters.every((f) => f.startsWith('!')), 'only black filters, so unlisted events still pass').toBe(true);
    const dropped = (event: string) => filters.some((f) => new RegExp(f.slice(1)).test(`Event: ${event}\r\nPrivilege: ${classOf.get(event)},all\r\n`));
    const delivered = (event: string) => (readClasses.has('all') || readClasses.has(classOf.get(event) ?? '?')) && !dropped(event);

    for (const e of needed) expect(delivered(e), `${e} (class ${classOf.get(e)}) must reach cti137`).toBe(true);
    for (const e of ['VarSet', 'RTCPSent']) {
      expect(delivered(e), `${e} must not reach cti137`).toBe(false);
      expect(dropped(e), `${e} is dropped by an eventfilter even when read is widened`).toBe(true);
    }
  });

  it('may run the actions cti137 sends (agent for Queue*, originate for ChanSpy) but not shut Asterisk down', () => {
    const write = (one(cti, 'write') ?? '').split(',').map((s) => s.trim());
    expect(write).toEqual(expect.arrayContaining(['agent', 'originate', 'call', 'reporting']));
    expect(write).not.toContain('system');
    expect(write).not.toContain('command');
  });
});

describe('ari.conf and http.conf: ARI for the Stasis app', () => {
  it('has the ARI user cti with a password from the environment, on HTTP port 8088', () => {
    const ari = parseConf(read('ari.conf'));
    expect(one(section(ari, 'general'), 'enabled')).toBe('yes');
    const cti = section(ari, 'cti');
    expect(one(cti, 'type')).toBe('user');
    expect(one(cti, 'read_only')).toBe('no');
    expect(one(cti, 'password')).toBe('${ARI_PASSWORD}');
    const http = section(parseConf(read('http.conf')), 'general');
    expect(one(http, 'enabled')).toBe('yes');
    expect(one(http, 'bindport')).toBe('8088');
  });
});

describe('queues.conf', () => {
  const general = section(queues, 'general');
  const q137 = section(queues, 'q137');
  const hazard = section(queues, 'q137hazard');

  it('has the queues the IVR and the operators table use, setting the contract variables', () => {
    // the queues cti137 names: src/app/start-app.ts (IVR) and the operators.queues default
    for (const q of [q137, hazard, section(queues, 'q137overflow')]) {
      expect(one(q, 'setinterfacevar')).toBe('yes');
      expect(one(q, 'setqueueentryvar')).toBe('yes');
      expect(one(q, 'setqueuevar')).toBe('yes');
      expect(one(q, 'ringinuse')).toBe('no');
      expect(one(q, 'wrapuptime')).toBe('0');
    }
    expect(one(q137, 'strategy')).toBe('rrmemory');
    expect(one(hazard, 'strategy')).toBe('ringall');
    expect(Number(one(hazard, 'weight'))).toBeGreaterThan(Number(one(q137, 'weight') ?? 0));
    expect(one(general, 'persistentmembers')).toBe('no');
  });

  it('has no static members: cti137 adds them with QueueAdd as operators log in', () => {
    for (const s of queues) expect(s.entries.filter(([k]) => k === 'member'), `[${s.name}]`).toEqual([]);
  });
});
