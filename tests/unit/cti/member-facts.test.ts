import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import { memberFacts } from '../../../src/cti/member-facts.ts';

function messages(file: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  new AmiParser({ message: (m) => void out.push(m) }, { expectBanner: true }).push(
    readFileSync(new URL(`../../fixtures/asterisk/${file}`, import.meta.url)),
  );
  return out;
}

describe('member facts from a real Asterisk', () => {
  it('reads QueueMember of a QueueStatus list (no Ringinuse there) and QueueMemberStatus (with it)', () => {
    const listed = messages('ami-actions.server.raw').find(
      (m) => m.event === 'QueueMember' && m.get('CallsTaken') === '1',
    )!;
    expect(memberFacts(listed)).toEqual({
      penalty: 0,
      callsTaken: 1,
      lastCallAt: new Date(Number(listed.get('LastCall')) * 1000).toISOString(),
      loginAt: new Date(Number(listed.get('LoginTime')) * 1000).toISOString(),
      wrapupSeconds: 0,
    });
    const live = messages('ami-queue-call.server.raw').find((m) => m.event === 'QueueMemberStatus')!;
    // LastCall: 0 means never: left out rather than shown as 1970.
    expect(memberFacts(live)).toEqual({
      penalty: 0,
      callsTaken: 0,
      loginAt: '2026-11-22T06:45:22.000Z',
      ringinuse: false,
      wrapupSeconds: 0,
    });
  });
});
