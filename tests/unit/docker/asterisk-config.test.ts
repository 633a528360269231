import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { isWanted } from '../../../src/cti/index.ts';

// docker/asterisk/ is the real Asterisk configuration of the dialplan contract (DESIGN.md). No
// Asterisk runs in the tests, so this reads the files the way Asterisk does (sections, templates,
// `key = value`, `exten =>`/`same =>`) and checks what cti137 relies on.

const DOCKER = new URL('../../../docker/', import.meta.url);
const ASTERISK = new URL('asterisk/', DOCKER);
const read = (name: string, base: URL = ASTERISK) => readFileSync(new URL(name, base), 'utf8');

interface Section {
  name: string;
  template: boolean;
  parents: string[];
  entries: Array<[string, string]>;
}

/** Asterisk's config syntax: [name], [name](!), [name](parent,...), key = value, key => value, ; comments. */
function parseConf(text: string): Section[] {
  const out: Section[] = [];
  let cur: Section | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|[^\\]);.*$/, '$1').trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (head) {
      const opts = (head[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      cur = { name: head[1]!, template: opts.includes('!'), parents: opts.filter((o) => o !== '!'), entries: [] };
      out.push(cur);
      continue;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!kv || !cur) throw new Error(`cannot parse: ${raw}`);
    cur.entries.push([kv[1]!.trim(), kv[2]!.trim()]);
  }
  return out;
}

/** The options of a (non-template) section with its templates' options underneath, as Asterisk resolves them. */
function resolved(sections: Section[], s: Section): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (sec: Section) => {
    for (const p of sec.parents) {
      const parent = sections.find((x) => x.name === p && x.template);
      if (!parent) throw new Error(`[${sec.name}] inherits from unknown template ${p}`);
      add(parent);
    }
    for (const [k, v] of sec.entries) out.set(k, [...(out.get(k) ?? []), v]);
  };
  add(s);
  return out;
}

function section(sections: Section[], name: string, pred: (o: Map<string, string[]>) => boolean = () => true) {
  const s = sections.filter((x) => x.name === name && !x.template).find((x) => pred(resolved(sections, x)));
  if (!s) throw new Error(`no section [${name}]`);
  return resolved(sections, s);
}
const one = (o: Map<string, string[]>, key: string) => o.get(key)?.at(-1);

interface Step {
  exten: string;
  priority: string;
  label: string | null;
  app: string;
  args: string;
}

/** A context's `exten =>` / `same =>` lines as (extension, priority, label, application, arguments). */
function dialplan(sections: Section[], context: string): Step[] {
  const ctx = sections.find((s) => s.name === context);
  if (!ctx) throw new Error(`no context [${context}]`);
  const steps: Step[] = [];
  let exten = '';
  for (const [key, value] of ctx.entries) {
    if (key !== 'exten' && key !== 'same') continue;
    let rest = value;
    if (key === 'exten') {
      exten = rest.slice(0, rest.indexOf(','));
      rest = rest.slice(exten.length + 1);
    }
    const prio = rest.slice(0, rest.indexOf(','));
    const call = rest.slice(prio.length + 1);
    const m = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(call);
    if (!m) throw new Error(`cannot parse dialplan step: ${value}`);
    const lab = /^(\w+)(?:\((\w[\w-]*)\))?$/.exec(prio);
    steps.push({ exten, priority: lab?.[1] ?? prio, label: lab?.[2] ?? null, app: m[1]!, args: m[2] ?? '' });
  }
  return steps;
}

/** Top-level blocks of a YAML file by indentation: enough for compose.yml's services. */
function yamlBlock(text: string, path: string[]): string[] {
  let lines = text.split('\n');
  let indent = -1;
  for (const key of path) {
    const i = lines.findIndex((l) => new RegExp(`^\\s{${indent + 1},}${key}:`).test(l) && l.search(/\S/) > indent);
    if (i < 0) return [];
    indent = lines[i]!.search(/\S/);
    const body: string[] = [];
    for (const l of lines.slice(i + 1)) {
      if (l.trim() && l.search(/\S/) <= indent) break;
      body.push(l);
    }
    lines = body;
  }
  return lines;
}
const yamlMap = (lines: string[]): Map<string, string> =>
  new Map(
    lines
      .map((l) => /^\s+([A-Za-z_][\w-]*):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && !m[0].trim().startsWith('#'))
      .map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')]),
  );

const manager = parseConf(read('manager.conf'));
const queues = parseConf(read('queues.conf'));
const extensions = parseConf(read('extensions.conf'));
const pjsip = parseConf(read('pjsip.conf'));
const compose = read('compose.yml', DOCKER);
const APP = loadConfig({}).ariApp;

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

describe('extensions.conf: the dialplan contract', () => {
  const steps = dialplan(extensions, 'from-trunk').filter((s) => s.exten === '137');
  const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
  const welcome = at((s) => s.app === 'Stasis' && s.args === `${APP},welcome`);
  const queue = at((s) => s.app === 'Queue');
  const survey = at((s) => s.app === 'Stasis' && s.args === `${APP},survey,\${MEMBERINTERFACE},\${MEMBERNAME}`);

  it('137 runs Stasis(welcome), then Queue(..., c), then Stasis(survey, interface, name)', () => {
    expect(steps[0]?.priority).toBe('1');
    expect(welcome).toBeGreaterThanOrEqual(0);
    expect(queue).toBeGreaterThan(welcome);
    expect(survey).toBeGreaterThan(queue);
    const [queueName, options] = steps[queue]!.args.split(',');
    expect(options).toContain('c');
    // the queue the IVR chose, q137 when it chose none
    expect(queueName).toContain('${CTI_QUEUE}');
    expect(steps.slice(0, queue).some((s) => s.args.includes('CTI_QUEUE=q137'))).toBe(true);
  });

  it('reaches the queue even when the IVR is down (no hang-up or jump between welcome and Queue)', () => {
    for (const s of steps.slice(welcome + 1, queue)) expect(s.app, JSON.stringify(s)).not.toMatch(/^(Hangup|Goto|GotoIf|Return)$/);
    expect(steps.slice(welcome + 1, queue).some((s) => s.args.includes('STASISSTATUS'))).toBe(true);
  });

  it('runs the survey only when an operator answered (QUEUESTATUS=CONTINUE)', () => {
    const guard = steps.slice(queue + 1, survey).find((s) => s.app === 'GotoIf');
    expect(guard?.args).toMatch(/QUEUESTATUS.*CONTINUE/);
    const target = guard!.args.split('?')[1]!;
    const targetIdx = at((s) => s.label === target);
    expect(targetIdx).toBeGreaterThan(survey);
    expect(steps[targetIdx]!.app).toBe('Hangup');
  });

  it('gives transfers from operators and supervisors somewhere to go, and only supervisors can spy', () => {
    const agents = dialplan(extensions, 'agents');
    expect(agents.find((s) => s.exten === '137')?.args).toBe('from-trunk,137,1');
    expect(agents.some((s) => s.app === 'ChanSpy')).toBe(false);
    expect(dialplan(extensions, 'supervisors').some((s) => s.app === 'ChanSpy')).toBe(true);
    expect(extensions.find((s) => s.name === 'supervisors')?.entries).toContainEqual(['include', 'agents']);
  });
});

describe('pjsip.conf: the phones and the trunk', () => {
  const endpoint = (name: string) => section(pjsip, name, (o) => one(o, 'type') === 'endpoint');

  it('has operator phones 1001-1010 (context agents) and supervisor phones 2001-2003, passwords from the environment', () => {
    const phones = [...Array.from({ length: 10 }, (_, i) => `${1001 + i}`), '2001', '2002', '2003'];
    for (const p of phones) {
      const ep = endpoint(p);
      expect(one(ep, 'context')).toBe(p.startsWith('1') ? 'agents' : 'supervisors');
      const auth = section(pjsip, one(ep, 'auth')!, (o) => one(o, 'type') === 'auth');
      expect(one(auth, 'username')).toBe(p);
      expect(one(auth, 'password')).toBe(`\${PHONE_${p}_PASSWORD}`);
      expect(one(section(pjsip, one(ep, 'aors')!, (o) => one(o, 'type') === 'aor'), 'max_contacts')).toBe('1');
    }
  });

  it('sends the trunk into from-trunk, identified by address, and commits no password', () => {
    expect(one(endpoint('trunk'), 'context')).toBe('from-trunk');
    expect(one(section(pjsip, 'trunk-identify'), 'endpoint')).toBe('trunk');
    for (const s of pjsip) for (const [k, v] of s.entries) if (k === 'password') expect(v, `[${s.name}]`).toMatch(/^\$\{[A-Z0-9_]+\}$/);
  });
});

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
