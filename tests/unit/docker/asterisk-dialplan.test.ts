import { describe, expect, it } from 'vitest';
import { APP, dialplan, extensions, one, pjsip, section, type Step } from './asterisk-conf.ts';

// docker/asterisk/: the dialplan contract (extensions.conf) and the phones and trunk (pjsip.conf).

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
