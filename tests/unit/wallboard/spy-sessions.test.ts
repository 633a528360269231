import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import type { Db } from '../../../src/db/pool.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { SpySessions, type SpyRequest } from '../../../src/wallboard/spy-sessions.ts';

const msg = (fields: Record<string, string>) => new AmiMessage(Object.entries(fields));

function rig() {
  const rows: Array<{ user: unknown; action: unknown; target: unknown; details: Record<string, unknown> }> = [];
  const db = {
    query: async (_sql: string, p: unknown[]) => (
      rows.push({ user: p[0], action: p[1], target: p[2], details: JSON.parse(String(p[3])) }),
      { rows: [] }
    ),
  } as unknown as Db;
  let now = 1_000_000;
  const spies = new SpySessions({ db, logger: createLogger('silent'), now: () => now });
  const req = (actionId: string, mode: SpyRequest['mode'] = 'listen'): SpyRequest => ({
    userId: '7',
    username: 'sup',
    operatorId: '3',
    mode,
    actionId,
    phone: 'PJSIP/2001',
    spyeePrefix: 'PJSIP/1001-',
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { rows, spies, req, flush, tick: (ms: number) => (now += ms) };
}

describe('SpySessions: the end of a listen/whisper/barge is audited from the PBX events', () => {
  it('audits the end with how long the supervisor was on the call', async () => {
    const { rows, spies, req, flush, tick } = rig();
    spies.started(req('a1', 'whisper'));
    spies.observe(
      msg({ Event: 'OriginateResponse', ActionID: 'a1', Response: 'Success', Channel: 'PJSIP/2001-0000000a' }),
    );
    spies.observe(
      msg({ Event: 'ChanSpyStart', SpyerChannel: 'PJSIP/2001-0000000a', SpyeeChannel: 'PJSIP/1001-00000003' }),
    );
    tick(42_000);
    spies.observe(
      msg({ Event: 'ChanSpyStop', SpyerChannel: 'PJSIP/2001-0000000a', SpyeeChannel: 'PJSIP/1001-00000003' }),
    );
    await flush();
    expect(rows).toEqual([
      {
        user: '7',
        action: 'supervision-ended',
        target: 'operator:3',
        details: {
          mode: 'whisper',
          actionId: 'a1',
          phone: 'PJSIP/2001',
          spyer: 'PJSIP/2001-0000000a',
          spyee: 'PJSIP/1001-00000003',
          seconds: 42,
        },
      },
    ]);
    expect(spies.size).toBe(0);
  });

  it('ignores a ChanSpyStart on another operator whose name only begins the same way', async () => {
    const { rows, spies, req, flush } = rig();
    spies.started(req('a2'));
    spies.observe(
      msg({ Event: 'OriginateResponse', ActionID: 'a2', Response: 'Success', Channel: 'PJSIP/2001-0000000b' }),
    );
    spies.observe(
      msg({ Event: 'ChanSpyStart', SpyerChannel: 'PJSIP/2001-0000000b', SpyeeChannel: 'PJSIP/10010-00000004' }),
    );
    spies.observe(
      msg({ Event: 'ChanSpyStop', SpyerChannel: 'PJSIP/2001-0000000b', SpyeeChannel: 'PJSIP/10010-00000004' }),
    );
    await flush();
    expect(rows).toEqual([]);
    expect(spies.size).toBe(1);
  });

  it('audits a phone that was not answered, and a supervisor who hung up before any call was joined', async () => {
    const { rows, spies, req, flush } = rig();
    spies.started(req('a3'));
    spies.observe(
      msg({ Event: 'OriginateResponse', ActionID: 'a3', Response: 'Failure', Reason: '3', Channel: 'PJSIP/2001' }),
    );
    spies.started(req('a4', 'barge'));
    spies.observe(
      msg({ Event: 'OriginateResponse', ActionID: 'a4', Response: 'Success', Channel: 'PJSIP/2001-0000000c' }),
    );
    spies.observe(msg({ Event: 'Hangup', Channel: 'PJSIP/2001-0000000c', Cause: '16' }));
    await flush();
    expect(rows.map((r) => [r.action, r.details['mode'], r.details['reason'] ?? r.details['seconds']])).toEqual([
      ['supervision-not-answered', 'listen', '3'],
      ['supervision-ended', 'barge', 0],
    ]);
    expect(spies.size).toBe(0);
  });

  it('forgets an originate the PBX refused', () => {
    const { spies, req } = rig();
    spies.started(req('a5'));
    spies.forget('a5');
    expect(spies.size).toBe(0);
  });
});
