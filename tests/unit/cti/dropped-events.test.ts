import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { droppedEventLog } from '../../../src/cti/dropped-event-log.ts';
import { dropReason } from '../../../src/cti/telephony-filter.ts';
import { memoryLogger } from '../asterisk/helpers/memory-logger.ts';

const msg = (...fields: Array<[string, string]>) => new AmiMessage(fields);

describe('events the CTI state does not take', () => {
  it('are told apart: ignored on purpose, unknown, or missing what identifies them', () => {
    expect(dropReason(msg(['Event', 'VarSet'], ['Variable', 'X']))).toBe('ignored');
    expect(dropReason(msg(['Event', 'QueueCallerJoin'], ['Uniqueid', '1.1'], ['Linkedid', '1.1']))).toBe('ignored');
    expect(dropReason(msg(['Event', 'FrobnicatorExploded']))).toBe('unknown');
    expect(dropReason(msg(['Event', 'AgentConnect'], ['Channel', 'PJSIP/tru']))).toBe('unidentifiable');
    expect(dropReason(msg(['Event', 'QueueMemberPause'], ['Queue', 'q137']))).toBe('unidentifiable');
  });

  it('log one line per unknown name per minute, then say how many were suppressed', () => {
    const { logger, lines } = memoryLogger();
    let now = 1_000_000;
    const drop = droppedEventLog(logger, 'pbx1', () => now);
    for (let i = 0; i < 5; i++) drop(msg(['Event', 'Frobnicated'], ['N', String(i)]));
    drop(msg(['Event', 'Spun']));
    drop(msg(['Event', 'VarSet']));
    expect(lines.map((l) => [l.msg, l.event, l.suppressed])).toEqual([
      ['AMI: unknown event skipped', 'Frobnicated', 0],
      ['AMI: unknown event skipped', 'Spun', 0],
    ]);
    now += 60_000;
    drop(msg(['Event', 'Frobnicated']));
    expect(lines.at(-1)).toMatchObject({
      msg: 'AMI: unknown event skipped',
      event: 'Frobnicated',
      suppressed: 4,
      server: 'pbx1',
    });
    expect(lines).toHaveLength(3);
  });
});
